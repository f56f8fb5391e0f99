"""Opinion groups on vote matrices with a known, planted group structure."""

import json

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from sklearn.metrics import adjusted_rand_score

from nghedan.consultations.management.commands.consultations import Command
from nghedan.consultations.opinion import (
    OpinionError,
    VoteMatrix,
    opinion_groups,
    read_votes,
)


def planted(sizes, *, block=10, consensus=0, flip=0.12, missing=0.3, seed=1):
    """Groups of `sizes` participants. Group g agrees with its own block of `block`
    statements and disagrees with every other group's block; all agree with `consensus`
    more statements. Each vote is flipped with probability `flip`; each statement goes
    unseen with probability `missing`. Returns rows, planted labels, stance (group ×
    statement) and statement ids."""
    rng = np.random.default_rng(seed)
    k = len(sizes)
    m = k * block + consensus
    stance = np.full((k, m), -1)
    for g in range(k):
        stance[g, g * block : (g + 1) * block] = 1
    stance[:, k * block :] = 1
    statements = [f"s{s}" for s in range(m)]
    rows, labels = [], []
    for g, n in enumerate(sizes):
        for i in range(n):
            labels.append(g)
            for s in range(m):
                if rng.random() < missing:
                    continue
                vote = stance[g, s] * (-1 if rng.random() < flip else 1)
                rows.append((f"g{g}-p{i}", statements[s], int(vote)))
    return rows, labels, stance, statements


def found_labels(result, matrix):
    return [result.groups[p] for p in matrix.participants]


def mapping(result, matrix, labels):
    """Planted group → found group, by majority."""
    found = found_labels(result, matrix)
    return {
        g: int(np.bincount([f for f, p in zip(found, labels, strict=True) if p == g]).argmax())
        for g in set(labels)
    }


@pytest.mark.parametrize("flip", [0.10, 0.15])
def test_two_planted_groups_are_recovered(flip):
    rows, labels, stance, statements = planted([40, 40], flip=flip, missing=0.3, seed=7)
    matrix = VoteMatrix.from_rows(rows)
    result = opinion_groups(matrix=matrix)

    assert result.k == 2
    assert result.silhouette > 0.5
    assert adjusted_rand_score(labels, found_labels(result, matrix)) >= 0.9
    assert result.ungrouped == []
    # Each group is represented by statements on which its planted stance is its own
    # (the other group votes the other way), in the planted direction.
    planted_of = {found: g for g, found in mapping(result, matrix, labels).items()}
    for group, reps in result.representative.items():
        g = planted_of[group]
        assert reps, f"group {group} has no representative statement"
        assert any(r.direction == "agree" for r in reps)
        for rep in reps:
            s = statements.index(rep.statement)
            expected = "agree" if stance[g, s] == 1 else "disagree"
            assert rep.direction == expected
            assert stance[1 - g, s] != stance[g, s]
            assert rep.z > 1.2816 and rep.ratio > 1 and rep.probability > 0.5
        # Its agreements come from its own block.
        own = set(statements[g * 10 : (g + 1) * 10])
        assert {r.statement for r in reps if r.direction == "agree"} <= own


def test_group_ids_follow_size():
    rows, labels, _, _ = planted([50, 30], seed=3)
    matrix = VoteMatrix.from_rows(rows)
    result = opinion_groups(matrix=matrix)
    assert result.k == 2
    assert mapping(result, matrix, labels) == {0: 0, 1: 1}
    sizes = np.bincount(found_labels(result, matrix))
    assert list(sizes) == [50, 30]


def test_three_planted_groups():
    rows, labels, stance, statements = planted([40, 30, 20], seed=11)
    matrix = VoteMatrix.from_rows(rows)
    result = opinion_groups(matrix=matrix)

    assert result.k == 3
    assert result.silhouette == max(result.silhouettes.values())
    assert adjusted_rand_score(labels, found_labels(result, matrix)) >= 0.9
    assert mapping(result, matrix, labels) == {0: 0, 1: 1, 2: 2}
    for group, reps in result.representative.items():
        assert reps
        for rep in reps:
            s = statements.index(rep.statement)
            assert rep.direction == ("agree" if stance[group, s] == 1 else "disagree")


def test_max_k_bounds_the_groups():
    rows, _, _, _ = planted([40, 30, 20], seed=11)
    result = opinion_groups(matrix=VoteMatrix.from_rows(rows), max_k=2)
    assert result.k == 2
    assert set(result.silhouettes) == {2}


def test_consensus_is_the_block_everyone_agrees_with():
    rows, labels, _, statements = planted([40, 40], consensus=5, seed=5)
    matrix = VoteMatrix.from_rows(rows)
    result = opinion_groups(matrix=matrix)

    assert result.k == 2
    assert adjusted_rand_score(labels, found_labels(result, matrix)) >= 0.9
    shared = set(statements[20:])
    assert {c.statement for c in result.consensus} == shared
    for item in result.consensus:
        assert item.direction == "agree"
        assert set(item.probability_by_group) == {0, 1}
        assert all(p > 0.5 for p in item.probability_by_group.values())
    # The best-scoring come first.
    scores = [c.score for c in result.consensus]
    assert scores == sorted(scores, reverse=True)
    # Consensus statements are not what sets one group apart.
    for reps in result.representative.values():
        assert not {r.statement for r in reps} & shared


def test_consensus_on_disagreement():
    rows, _, _, statements = planted([40, 40], consensus=0, seed=5)
    # A statement both groups reject.
    rng = np.random.default_rng(0)
    people = sorted({p for p, _, _ in rows})
    rows += [(p, "rejected", -1 if rng.random() > 0.1 else 1) for p in people]
    result = opinion_groups(matrix=VoteMatrix.from_rows(rows))
    assert [(c.statement, c.direction) for c in result.consensus] == [("rejected", "disagree")]


def test_uniform_random_votes_make_one_group():
    """Random votes have no structure. k-means on their 2-D projection still reaches
    silhouettes of about 0.3–0.4 (a uniform cloud cut in pieces), so the silhouette
    alone cannot say "no groups": the parallel analysis does, and one group is reported,
    without a silhouette or representative statements."""
    for seed in range(3):
        rng = np.random.default_rng(seed)
        rows = [
            (f"p{i}", f"s{s}", int(rng.choice([-1, 0, 1])))
            for i in range(80)
            for s in range(20)
            if rng.random() > 0.3
        ]
        result = opinion_groups(matrix=VoteMatrix.from_rows(rows), seed=seed)
        assert result.k == 1
        assert result.silhouette is None
        assert set(result.groups.values()) == {0}
        assert result.representative == {0: []}


def test_participants_with_too_few_votes_are_ungrouped():
    rows, _, _, _ = planted([30, 30], seed=2)
    rows += [("late-1", "s0", 1), ("late-1", "s1", 1), ("late-2", "s5", -1)]
    matrix = VoteMatrix.from_rows(rows)
    result = opinion_groups(matrix=matrix, min_votes=3)
    assert result.ungrouped == ["late-1", "late-2"]
    assert "late-1" not in result.groups and "late-1" not in result.points
    assert len(result.groups) == 60
    assert result.k == 2
    # With a lower bar they are grouped.
    assert opinion_groups(matrix=matrix, min_votes=1).ungrouped == []


def test_too_few_participants_make_one_group():
    rows = [("a", "s1", 1), ("a", "s2", -1), ("a", "s3", 1), ("b", "s1", -1)]
    rows += [("b", "s2", 1), ("b", "s3", -1)]
    result = opinion_groups(matrix=VoteMatrix.from_rows(rows))
    assert result.k == 1
    assert result.groups == {"a": 0, "b": 0}


def test_nobody_with_enough_votes():
    result = opinion_groups(matrix=VoteMatrix.from_rows([("a", "s1", 1)]))
    assert result.k == 0 and result.groups == {} and result.ungrouped == ["a"]


def test_same_seed_same_result():
    rows, _, _, _ = planted([30, 25, 20], seed=4)
    matrix = VoteMatrix.from_rows(rows)
    assert opinion_groups(matrix=matrix).as_dict() == opinion_groups(matrix=matrix).as_dict()


def test_later_vote_wins():
    matrix = VoteMatrix.from_rows(
        [("a", "s1", 1), ("a", "s2", 0), ("b", "s1", -1), ("a", "s1", -1)]
    )
    assert matrix.participants == ("a", "b")
    assert matrix.statements == ("s1", "s2")
    assert matrix.values[0].tolist() == [-1.0, 0.0]
    assert matrix.values[1, 0] == -1.0 and np.isnan(matrix.values[1, 1])
    assert matrix.vote_counts.tolist() == [2, 1]


@pytest.mark.parametrize("vote", [2, -2, "1", None, True])
def test_invalid_vote_value(vote):
    with pytest.raises(OpinionError) as error:
        VoteMatrix.from_rows([("a", "s1", vote)])
    assert "Phiếu không hợp lệ" in error.value.message
    assert "Invalid vote" in error.value.message_en


def test_read_votes(tmp_path):
    path = tmp_path / "votes.csv"
    path.write_text(
        "\ufeffparticipant,statement,vote\nan,Mở rộng đường,1\nan,Mở rộng đường,-1\n\n"
        "bình,Mở rộng đường,0\n",
        encoding="utf-8",
    )
    matrix = read_votes(path)
    assert matrix.participants == ("an", "bình")
    assert matrix.values[:, 0].tolist() == [-1.0, 0.0]


def test_read_votes_columns_in_any_order(tmp_path):
    path = tmp_path / "votes.csv"
    path.write_text("vote,participant,statement,note\n1,an,s1,x\n", encoding="utf-8")
    assert read_votes(path).values.tolist() == [[1.0]]


@pytest.mark.parametrize(
    ("text", "vi", "en"),
    [
        ("", "trống", "empty"),
        ("\n\n", "trống", "empty"),
        ("an,s1,1\n", "Dòng 1: thiếu dòng tiêu đề", "header participant,statement,vote"),
        ("participant,statement,vote\n", "không có phiếu", "no votes"),
        ("participant,statement,vote\nan,s1,1\nan,s2,yes\n", "Dòng 3", "Line 3: invalid vote"),
        ("participant,statement,vote\nan,s1,5\n", "Dòng 2", "Line 2: invalid vote '5'"),
        ("participant,statement,vote\nan,s1\n", "Dòng 2", "Line 2: 3 columns expected"),
        ("participant,statement,vote\n,s1,1\n", "Dòng 2", "participant or statement missing"),
    ],
)
def test_read_votes_errors(tmp_path, text, vi, en):
    path = tmp_path / "votes.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OpinionError) as error:
        read_votes(path)
    assert vi in error.value.message
    assert en in error.value.message_en


def test_read_votes_not_utf8_or_missing(tmp_path):
    path = tmp_path / "votes.csv"
    path.write_bytes("participant,statement,vote\nđ,s1,1\n".encode("utf-16"))
    with pytest.raises(OpinionError, match="UTF-8"):
        read_votes(path)
    with pytest.raises(OpinionError, match="cannot read"):
        read_votes(tmp_path / "absent.csv")


def _write(tmp_path, rows):
    path = tmp_path / "votes.csv"
    lines = ["participant,statement,vote", *(f"{p},{s},{v}" for p, s, v in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cli_json(tmp_path, capsys):
    rows, labels, _, statements = planted([40, 40], consensus=5, seed=5)
    rows += [("late", "s0", 1)]
    path = _write(tmp_path, rows)
    call_command(Command(), "groups", "--votes", str(path), "--json")
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {
        "groups",
        "k",
        "silhouette",
        "ungrouped",
        "representative",
        "consensus",
        "points",
    }
    assert data["k"] == 2
    assert data["ungrouped"] == ["late"]
    assert len(data["groups"]) == 80 and set(data["groups"].values()) == {0, 1}
    people = sorted({p for p, _, _ in rows if p != "late"})
    found = [data["groups"][p] for p in people]
    planted_labels = [int(p[1]) for p in people]
    assert adjusted_rand_score(planted_labels, found) >= 0.9
    assert set(data["representative"]) == {"0", "1"}
    rep = data["representative"]["0"][0]
    assert set(rep) == {"statement", "direction", "probability", "ratio", "z"}
    assert {c["statement"] for c in data["consensus"]} == set(statements[20:])
    assert set(data["consensus"][0]) == {"statement", "direction", "probability_by_group"}
    assert set(data["consensus"][0]["probability_by_group"]) == {"0", "1"}
    assert all(len(xy) == 2 for xy in data["points"].values())
    assert isinstance(data["silhouette"], float)
    assert data["silhouette"] == round(data["silhouette"], 4)


def test_cli_options_and_summary(tmp_path, capsys):
    rows, _, _, _ = planted([40, 30, 20], seed=11)
    path = _write(tmp_path, rows)
    call_command(Command(), "groups", "--votes", str(path), "--json", "--max-k", "2")
    assert json.loads(capsys.readouterr().out)["k"] == 2
    call_command(Command(), "groups", "--votes", str(path), "--min-votes", "100")
    out = capsys.readouterr().out
    assert "chưa xếp nhóm (ít phiếu) / ungrouped: 90" in out
    call_command(Command(), "groups", "--votes", str(path), "--seed", "3")
    out = capsys.readouterr().out
    assert "Số nhóm ý kiến / groups: 3" in out
    assert "Nhóm 2: 20 người" in out
    assert "đồng ý" in out


def test_cli_errors(tmp_path):
    path = tmp_path / "votes.csv"
    path.write_text("participant,statement,vote\nan,s1,maybe\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Dòng 2.* / Line 2"):
        call_command(Command(), "groups", "--votes", str(path), "--json")
    with pytest.raises(CommandError, match="cannot read"):
        call_command(Command(), "groups", "--votes", str(tmp_path / "none.csv"))
