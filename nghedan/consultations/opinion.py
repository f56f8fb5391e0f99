"""Opinion groups from a vote matrix, as in Pol.is.

Participants vote on short statements: 1 agree, -1 disagree, 0 pass. From the matrix of
those votes this module finds the groups of participants who vote alike, the statements
that set each group apart (Pol.is "repness") and the statements every group agrees on
(group-informed consensus). See docs/consultations-opinion-groups.md for the method, the
thresholds and how it was validated. Pure numpy / scikit-learn: no Django models.
"""

from __future__ import annotations

import csv
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

AGREE, PASS, DISAGREE = 1, 0, -1
VOTES = (AGREE, PASS, DISAGREE)

#: One-sided 90% normal quantile: Pol.is's `z-sig-90?`.
Z_90 = 1.2816
#: Below this best silhouette the participants are reported as one group.
MIN_SILHOUETTE = 0.1
#: Fewer clustered participants than this: one group (k-means needs at least 2 per group).
MIN_PARTICIPANTS = 4
#: Shuffles for the parallel analysis that decides whether there is any structure at all.
SHUFFLES = 20
#: How many representative / consensus statements to keep (Pol.is shows 5).
TOP = 5

HEADER = ("participant", "statement", "vote")


class OpinionError(ValueError):
    """Votes that cannot be read or used. `message` is Vietnamese, `message_en` English;
    str() gives both."""

    def __init__(self, message: str, message_en: str):
        super().__init__(f"{message} / {message_en}")
        self.message = message
        self.message_en = message_en


@dataclass(frozen=True)
class VoteMatrix:
    """Participants × statements. `values` holds 1 agree, -1 disagree, 0 pass and NaN for a
    statement the participant did not vote on. Ids keep the order they first appeared in."""

    participants: tuple
    statements: tuple
    values: np.ndarray

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[Hashable, Hashable, int]]) -> VoteMatrix:
        """Build the matrix from `(participant, statement, vote)` rows. A later vote by the
        same participant on the same statement replaces the earlier one."""
        votes: dict[tuple, int] = {}
        participants: dict = {}
        statements: dict = {}
        for participant, statement, vote in rows:
            if isinstance(vote, bool) or vote not in VOTES:
                raise OpinionError(
                    f"Phiếu không hợp lệ: {vote!r} (chỉ nhận 1 đồng ý, -1 không đồng ý, 0 bỏ qua)",
                    f"Invalid vote: {vote!r} (only 1 agree, -1 disagree, 0 pass)",
                )
            participants.setdefault(participant, len(participants))
            statements.setdefault(statement, len(statements))
            votes[participant, statement] = int(vote)
        values = np.full((len(participants), len(statements)), np.nan)
        for (participant, statement), vote in votes.items():
            values[participants[participant], statements[statement]] = vote
        return cls(participants=tuple(participants), statements=tuple(statements), values=values)

    @property
    def vote_counts(self) -> np.ndarray:
        """Votes (passes included) cast by each participant."""
        return (~np.isnan(self.values)).sum(axis=1)


@dataclass(frozen=True)
class Representative:
    """A statement that sets a group apart: the group agrees (or disagrees) with it more
    than the other participants, significantly. `probability` is the group's smoothed
    share voting that way, `ratio` that share over the others' (Pol.is ra / rd), `z` the
    two-proportion test of the difference."""

    statement: Hashable
    direction: str
    probability: float
    ratio: float
    z: float

    def as_dict(self) -> dict:
        return {
            "statement": _key(self.statement),
            "direction": self.direction,
            "probability": round(self.probability, 4),
            "ratio": round(self.ratio, 4),
            "z": round(self.z, 4),
        }


@dataclass(frozen=True)
class Consensus:
    """A statement every group agrees (or disagrees) with: each group's smoothed share
    voting that way is above one half. `score` is the product of those shares (Pol.is's
    group-informed consensus)."""

    statement: Hashable
    direction: str
    probability_by_group: dict[int, float]
    score: float

    def as_dict(self) -> dict:
        return {
            "statement": _key(self.statement),
            "direction": self.direction,
            "probability_by_group": {
                str(group): round(p, 4) for group, p in self.probability_by_group.items()
            },
        }


@dataclass(frozen=True)
class OpinionResult:
    """`groups` maps each clustered participant to a group id (0 the largest group);
    participants with too few votes are in `ungrouped`. `silhouette` is the chosen k's
    mean silhouette (None for a single group); `silhouettes` every k tried. `points` are
    the clustered participants' places on the two principal components, for a plot."""

    groups: dict
    ungrouped: list
    k: int
    silhouette: float | None
    points: dict
    representative: dict[int, list[Representative]]
    consensus: list[Consensus]
    silhouettes: dict[int, float] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "groups": {_key(p): g for p, g in self.groups.items()},
            "k": self.k,
            "silhouette": None if self.silhouette is None else round(self.silhouette, 4),
            "ungrouped": [_key(p) for p in self.ungrouped],
            "representative": {
                str(g): [r.as_dict() for r in reps] for g, reps in self.representative.items()
            },
            "consensus": [c.as_dict() for c in self.consensus],
            "points": {_key(p): [round(x, 4), round(y, 4)] for p, (x, y) in self.points.items()},
        }


def _key(value: Hashable) -> str:
    return value if isinstance(value, str) else str(value)


def opinion_groups(
    *, matrix: VoteMatrix, max_k: int = 5, min_votes: int = 3, seed: int = 0, top: int = TOP
) -> OpinionResult:
    """Group the participants of `matrix` by how they vote (see the module docs)."""
    if max_k < 1:
        raise OpinionError("max_k phải ít nhất là 1", "max_k must be at least 1")
    counts = matrix.vote_counts
    keep = counts >= max(min_votes, 1)
    clustered = [p for p, kept in zip(matrix.participants, keep, strict=True) if kept]
    ungrouped = [p for p, kept in zip(matrix.participants, keep, strict=True) if not kept]
    values = matrix.values[keep]
    if not clustered:
        return OpinionResult(
            groups={},
            ungrouped=ungrouped,
            k=0,
            silhouette=None,
            points={},
            representative={},
            consensus=[],
        )

    points = _project(values=values, counts=counts[keep], seed=seed)
    labels, silhouette, silhouettes = _cluster(
        points=points, imputed=_impute(values), max_k=max_k, seed=seed
    )
    k = int(labels.max()) + 1
    return OpinionResult(
        groups={p: int(g) for p, g in zip(clustered, labels, strict=True)},
        ungrouped=ungrouped,
        k=k,
        silhouette=silhouette,
        points={p: (float(x), float(y)) for p, (x, y) in zip(clustered, points, strict=True)},
        representative=_representative(
            values=values, labels=labels, k=k, statements=matrix.statements, top=top
        ),
        consensus=_consensus(
            values=values, labels=labels, k=k, statements=matrix.statements, top=top
        ),
        silhouettes=silhouettes,
    )


def _impute(values: np.ndarray) -> np.ndarray:
    """Missing votes take the statement's mean over those who voted on it (0 if nobody)."""
    seen = ~np.isnan(values)
    sums = np.where(seen, values, 0.0).sum(axis=0)
    n = seen.sum(axis=0)
    means = np.divide(sums, n, out=np.zeros_like(sums), where=n > 0)
    return np.where(seen, values, means)


def _project(*, values: np.ndarray, counts: np.ndarray, seed: int) -> np.ndarray:
    """Two principal components of the imputed matrix. As in Pol.is, each participant's
    projection is scaled by sqrt(statements / votes), so that those who voted on few
    statements are not all drawn to the centre by the imputed means."""
    # scikit-learn is loaded when groups are computed, not when the site starts.
    from sklearn.decomposition import PCA

    imputed = _impute(values)
    n, m = imputed.shape
    components = min(2, n, m)
    points = np.zeros((n, 2))
    if n >= 2 and imputed.var(axis=0).sum() > 1e-12:
        projected = PCA(n_components=components, random_state=seed).fit_transform(imputed)
        points[:, :components] = projected
    return points * np.sqrt(m / counts)[:, None]


def _structured(imputed: np.ndarray, seed: int) -> bool:
    """Horn's parallel analysis: is the first principal component's variance above the
    95th percentile of the same votes shuffled within each statement (which keeps every
    statement's spread of votes but breaks any link between them)?"""

    def top_variance(x: np.ndarray) -> float:
        centred = x - x.mean(axis=0)
        singular = np.linalg.svd(centred, compute_uv=False)
        return float(singular[0] ** 2) / max(len(x) - 1, 1)

    rng = np.random.default_rng(seed)
    observed = top_variance(imputed)
    null = [top_variance(rng.permuted(imputed, axis=0)) for _ in range(SHUFFLES)]
    return observed > float(np.quantile(null, 0.95))


def _cluster(
    *, points: np.ndarray, imputed: np.ndarray, max_k: int, seed: int
) -> tuple[np.ndarray, float | None, dict[int, float]]:
    """k-means on the 2-D points for k = 2..max_k, the best mean silhouette wins. One group
    when there are too few participants, no structure beyond chance (parallel analysis)
    or the best silhouette is below MIN_SILHOUETTE. Group ids follow size, largest first."""
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    n = len(points)
    single = np.zeros(n, dtype=int)
    # No more groups than distinct points: identical voters cannot be told apart.
    distinct = len(np.unique(np.round(points, 9), axis=0))
    ks = range(2, min(max_k, n // 2, distinct) + 1)
    if n < MIN_PARTICIPANTS or not ks or imputed.shape[1] < 2 or not _structured(imputed, seed):
        return single, None, {}
    silhouettes: dict[int, float] = {}
    labelings: dict[int, np.ndarray] = {}
    for k in ks:
        labels = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(points)
        if len(np.unique(labels)) < 2:
            continue
        silhouettes[k] = float(silhouette_score(points, labels))
        labelings[k] = labels
    if not silhouettes:
        return single, None, {}
    best = max(silhouettes, key=lambda k: (silhouettes[k], -k))
    if silhouettes[best] < MIN_SILHOUETTE:
        return single, None, silhouettes
    return _by_size(labelings[best]), silhouettes[best], silhouettes


def _by_size(labels: np.ndarray) -> np.ndarray:
    """Renumber the groups 0..k-1, largest first (ties: the group seen first)."""
    found = np.unique(labels)
    order = sorted(found, key=lambda g: (-(labels == g).sum(), int(np.argmax(labels == g))))
    mapping = {int(old): new for new, old in enumerate(order)}
    return np.array([mapping[int(g)] for g in labels])


def _group_counts(
    values: np.ndarray, labels: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per group × statement: agrees, disagrees, votes seen (passes count as seen)."""
    agree = np.stack([(values[labels == g] == AGREE).sum(axis=0) for g in range(k)])
    disagree = np.stack([(values[labels == g] == DISAGREE).sum(axis=0) for g in range(k)])
    seen = np.stack([(~np.isnan(values[labels == g])).sum(axis=0) for g in range(k)])
    return agree.astype(float), disagree.astype(float), seen.astype(float)


def _prop_test(succ: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Pol.is's one-proportion test that the share is above one half (both counts + 1)."""
    succ, n = succ + 1, n + 1
    return 2 * np.sqrt(n) * (succ / n - 0.5)


def _two_prop_test(
    succ_in: np.ndarray, succ_out: np.ndarray, n_in: np.ndarray, n_out: np.ndarray
) -> np.ndarray:
    """Pol.is's two-proportion z-test of in-group share > out-of-group share, with one
    added to every count; 0 where the pooled share is 0 or 1."""
    succ_in, succ_out, n_in, n_out = succ_in + 1, succ_out + 1, n_in + 1, n_out + 1
    p_in, p_out = succ_in / n_in, succ_out / n_out
    pooled = (succ_in + succ_out) / (n_in + n_out)
    spread = pooled * (1 - pooled) * (1 / n_in + 1 / n_out)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (p_in - p_out) / np.sqrt(spread)
    return np.where(spread > 0, z, 0.0)


def _representative(
    *, values: np.ndarray, labels: np.ndarray, k: int, statements: tuple, top: int
) -> dict[int, list[Representative]]:
    """Pol.is repness. For group g and statement s, with Laplace smoothing:
    pa = (agrees in g + 1) / (votes in g + 2), the same out of g; ra = pa_in / pa_out;
    rat the two-proportion z of the difference, pat the test that pa_in > 1/2 (and rd,
    rdt, pdt for disagreement). A statement represents g in the direction with the larger
    z when both z's of that direction pass 90% one-sided (1.2816) and the ratio is > 1;
    the best `top` by ra·rat·pa·pat are kept, agreements first. One group: nothing to
    compare with, so no representative statements."""
    if k < 2:
        return {g: [] for g in range(k)}
    agree, disagree, seen = _group_counts(values, labels, k)
    result: dict[int, list[Representative]] = {}
    for g in range(k):
        others = np.arange(k) != g
        na, nd, ns = agree[g], disagree[g], seen[g]
        na_out, nd_out, ns_out = (
            agree[others].sum(0),
            disagree[others].sum(0),
            seen[others].sum(0),
        )
        pa, pd = (na + 1) / (ns + 2), (nd + 1) / (ns + 2)
        ra = pa / ((na_out + 1) / (ns_out + 2))
        rd = pd / ((nd_out + 1) / (ns_out + 2))
        rat, rdt = _two_prop_test(na, na_out, ns, ns_out), _two_prop_test(nd, nd_out, ns, ns_out)
        pat, pdt = _prop_test(na, ns), _prop_test(nd, ns)
        chosen = []
        for s, statement in enumerate(statements):
            if ns[s] == 0:
                continue
            if rat[s] >= rdt[s]:
                direction, p, ratio, z, zp = "agree", pa[s], ra[s], rat[s], pat[s]
            else:
                direction, p, ratio, z, zp = "disagree", pd[s], rd[s], rdt[s], pdt[s]
            if z > Z_90 and zp > Z_90 and ratio > 1:
                metric = ratio * z * p * zp
                chosen.append((metric, s, Representative(statement, direction, p, ratio, z)))
        chosen.sort(key=lambda item: (-item[0], item[1]))
        best = [rep for _, _, rep in chosen[:top]]
        result[g] = [r for r in best if r.direction == "agree"] + [
            r for r in best if r.direction == "disagree"
        ]
    return result


def _consensus(
    *, values: np.ndarray, labels: np.ndarray, k: int, statements: tuple, top: int
) -> list[Consensus]:
    """Group-informed consensus (Pol.is): for each statement, the product over groups of
    the smoothed P(agree | group) = (agrees + 1) / (votes + 2). Statements where every
    group's P(agree) is above 1/2, best product first, `top` of them; then the same for
    disagreement. Groups, not heads, count: a large group cannot outvote a small one."""
    agree, disagree, seen = _group_counts(values, labels, k)
    found: list[Consensus] = []
    for direction, counts in (("agree", agree), ("disagree", disagree)):
        p = (counts + 1) / (seen + 2)
        score = p.prod(axis=0)
        ok = np.flatnonzero((p > 0.5).all(axis=0))
        for s in sorted(ok, key=lambda s: (-score[s], s))[:top]:
            found.append(
                Consensus(
                    statement=statements[s],
                    direction=direction,
                    probability_by_group={g: float(p[g, s]) for g in range(k)},
                    score=float(score[s]),
                )
            )
    return found


def read_votes(path: Path) -> VoteMatrix:
    """Read a UTF-8 CSV with the header `participant,statement,vote` (columns in any order,
    others ignored) and one vote per row: 1 agree, -1 disagree, 0 pass."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise OpinionError(
            f"{path}: tệp không phải UTF-8", f"{path}: the file is not UTF-8"
        ) from error
    except OSError as error:
        raise OpinionError(
            f"{path}: không đọc được tệp ({error.strerror})",
            f"{path}: cannot read the file ({error.strerror})",
        ) from error
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    while header is not None and not any(cell.strip() for cell in header):
        header = next(reader, None)
    if header is None:
        raise OpinionError("Tệp phiếu trống", "The votes file is empty")
    names = [cell.strip().lower() for cell in header]
    if not set(HEADER) <= set(names):
        raise OpinionError(
            f"Dòng {reader.line_num}: thiếu dòng tiêu đề participant,statement,vote",
            f"Line {reader.line_num}: the header participant,statement,vote is required",
        )
    where = [names.index(name) for name in HEADER]
    rows = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(names):
            raise OpinionError(
                f"Dòng {line}: cần {len(names)} cột, có {len(row)}",
                f"Line {line}: {len(names)} columns expected, {len(row)} found",
            )
        participant, statement, vote = (row[i].strip() for i in where)
        if not participant or not statement:
            raise OpinionError(
                f"Dòng {line}: thiếu người tham gia hoặc ý kiến",
                f"Line {line}: participant or statement missing",
            )
        try:
            number = int(vote)
        except ValueError:
            number = None
        if number not in VOTES:
            raise OpinionError(
                f"Dòng {line}: phiếu không hợp lệ {vote!r} (1 đồng ý, -1 không đồng ý, 0 bỏ qua)",
                f"Line {line}: invalid vote {vote!r} (1 agree, -1 disagree, 0 pass)",
            )
        rows.append((participant, statement, number))
    if not rows:
        raise OpinionError("Tệp không có phiếu nào", "The file holds no votes")
    return VoteMatrix.from_rows(rows)
