"""Direct decisions by ballot: quorum and majority on cases with known answers, one vote
per household, verified voters only, within the ballot's dates."""

from datetime import timedelta

import pytest

from nghedan.consultations.actions.ballots import ballot_create, ballot_result, ballot_vote
from nghedan.consultations.models import Ballot, BallotVote, Consultation, ConsultationEvent
from nghedan.lib import clock
from nghedan.lib.errors import ActionError, NotPermitted
from nghedan.lib.text import clean

QUESTION = "Mỗi hộ đóng góp 150.000 đồng để sửa nhà văn hóa tổ dân phố số 5?"


@pytest.fixture
def consultation(world):
    now = clock.now()
    return Consultation.objects.create(
        agency=world.agency_a,
        kind="budget",
        title="Đóng góp sửa nhà văn hóa tổ dân phố số 5",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=10),
        status="open",
        created_by=world.leader_a,
    )


def make_ballot(consultation, *, unit="household", eligible=10, quorum=50, majority=50, **dates):
    now = clock.now()
    return Ballot.objects.create(
        consultation=consultation,
        question=QUESTION,
        unit=unit,
        eligible=eligible,
        quorum_percent=quorum,
        majority_percent=majority,
        opens_at=dates.get("opens_at", now - timedelta(hours=1)),
        closes_at=dates.get("closes_at", now + timedelta(days=1)),
    )


def cast(ballot, world, choices: str):
    """One hand-built vote per letter: y(es), n(o), a(bstain)."""
    names = {"y": "yes", "n": "no", "a": "abstain"}
    for index, letter in enumerate(choices):
        BallotVote.objects.create(
            ballot=ballot,
            voter=voter(world, f"cutri{index}"),
            household=f"Hộ {index}",
            choice=names[letter],
        )


def voter(world, username: str, *, verified: bool = True):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        username=username,
        password="x",
        phone_verified_at=clock.now() if verified else None,
    )


@pytest.mark.parametrize(
    ("eligible", "quorum", "majority", "votes", "decision", "quorum_reached", "turnout"),
    [
        # 5 of 10 cast is exactly the 50% quorum; 3 yes of 5 is more than half.
        (10, 50, 50, "yyynn", "approved", True, 50.0),
        # 4 of 10 cast: no quorum, however they voted.
        (10, 50, 50, "yyyy", "no_quorum", False, 40.0),
        # A tie is not "more than half".
        (8, 50, 50, "yynn", "rejected", True, 50.0),
        # Abstentions count as cast: 2 yes of 4 is not more than half.
        (4, 50, 50, "yyaa", "rejected", True, 100.0),
        # Two thirds asked: 2 of 3 is not more than 66%? It is (66.7 > 66); 3 of 5 is not.
        (5, 60, 66, "yyn", "approved", True, 60.0),
        (5, 60, 66, "yyynn", "rejected", True, 100.0),
        # 59 of 100 eligible misses a 60% quorum by one.
        (100, 60, 50, "y" * 59, "no_quorum", False, 59.0),
    ],
)
def test_quorum_and_majority_give_the_known_decision(
    world, consultation, eligible, quorum, majority, votes, decision, quorum_reached, turnout
):
    ballot = make_ballot(consultation, eligible=eligible, quorum=quorum, majority=majority)
    cast(ballot, world, votes)

    result = ballot_result(ballot)

    assert (result["decision"], result["quorum_reached"], result["turnout_percent"]) == (
        decision,
        quorum_reached,
        turnout,
    )
    assert (result["cast"], result["yes"], result["no"], result["abstain"]) == (
        len(votes),
        votes.count("y"),
        votes.count("n"),
        votes.count("a"),
    )


def test_no_votes_is_no_quorum_and_a_zero_quorum_decides_on_the_votes(world, consultation):
    assert ballot_result(make_ballot(consultation))["decision"] == "no_quorum"
    assert ballot_result(make_ballot(consultation, quorum=0))["decision"] == "rejected"


def test_a_verified_citizen_votes_for_a_household_once(world, consultation):
    ballot = make_ballot(consultation)
    person = voter(world, "chuho")

    vote = ballot_vote(
        acting_user=person, ballot=ballot, choice="yes", household="  Hộ ông Nguyễn Văn An,  số 12 "
    )

    assert (vote.household, vote.choice, vote.voter) == (
        "Hộ ông Nguyễn Văn An, số 12",
        "yes",
        person,
    )
    event = ConsultationEvent.objects.get()
    assert (event.action, event.data, event.actor) == ("ballot_vote", {"ballot": ballot.pk}, person)


def test_a_second_vote_for_the_same_household_is_refused_with_a_clear_message(world, consultation):
    ballot = make_ballot(consultation)
    ballot_vote(
        acting_user=voter(world, "chong"), ballot=ballot, choice="yes", household="Hộ số 12"
    )

    with pytest.raises(ActionError) as refused:
        ballot_vote(
            acting_user=voter(world, "vo"), ballot=ballot, choice="no", household="hộ SỐ 12"
        )

    assert refused.value.code == "household_voted"
    assert "mỗi hộ chỉ có một phiếu" in str(refused.value.message)
    assert list(BallotVote.objects.values_list("choice", flat=True)) == ["yes"]
    assert ConsultationEvent.objects.count() == 1


def test_a_person_votes_once_and_a_household_ballot_needs_the_household(world, consultation):
    ballot = make_ballot(consultation)
    person = voter(world, "chuho")
    with pytest.raises(ActionError) as refused:
        ballot_vote(acting_user=person, ballot=ballot, choice="yes")
    assert refused.value.code == "household_required"
    ballot_vote(acting_user=person, ballot=ballot, choice="yes", household="Hộ số 1")

    with pytest.raises(ActionError) as refused:
        ballot_vote(acting_user=person, ballot=ballot, choice="no", household="Hộ số 2")

    assert refused.value.code == "already_voted"
    assert BallotVote.objects.count() == 1


def test_a_per_voter_ballot_ignores_the_household(world, consultation):
    ballot = make_ballot(consultation, unit="voter")
    ballot_vote(acting_user=voter(world, "a"), ballot=ballot, choice="yes", household="Hộ 1")
    ballot_vote(acting_user=voter(world, "b"), ballot=ballot, choice="no", household="Hộ 1")

    assert list(BallotVote.objects.values_list("household", flat=True)) == ["", ""]
    assert ballot_result(ballot)["cast"] == 2


def test_an_unverified_person_may_not_vote(world, consultation):
    ballot = make_ballot(consultation)

    for person in (world.citizen, voter(world, "chuaxacthuc", verified=False)):
        with pytest.raises(NotPermitted) as refused:
            ballot_vote(acting_user=person, ballot=ballot, choice="yes", household="Hộ 1")
        assert refused.value.code == "not_verified"

    assert (BallotVote.objects.count(), ConsultationEvent.objects.count()) == (0, 0)


def test_votes_are_taken_only_between_the_ballots_dates(world, consultation):
    now = clock.now()
    early = make_ballot(consultation, opens_at=now + timedelta(hours=1))
    late = make_ballot(
        consultation, closes_at=now - timedelta(seconds=1), opens_at=now - timedelta(days=1)
    )
    person = voter(world, "chuho")

    for ballot, code in ((early, "not_open"), (late, "closed")):
        with pytest.raises(ActionError) as refused:
            ballot_vote(acting_user=person, ballot=ballot, choice="yes", household="Hộ 1")
        assert refused.value.code == code

    assert BallotVote.objects.count() == 0


def test_a_bad_choice_is_refused(world, consultation):
    with pytest.raises(ActionError) as refused:
        ballot_vote(
            acting_user=voter(world, "chuho"),
            ballot=make_ballot(consultation),
            choice="maybe",
            household="Hộ 1",
        )
    assert refused.value.code == "bad_choice"


def create(world, consultation, user, **overrides):
    now = clock.now()
    fields = {
        "question": QUESTION,
        "unit": "household",
        "eligible": 120,
        "quorum_percent": 50,
        "majority_percent": 50,
        "opens_at": now,
        "closes_at": now + timedelta(days=7),
    }
    fields.update(overrides)
    return ballot_create(acting_user=user, consultation=consultation, **fields)


def test_the_leader_puts_a_question_to_the_households(world, consultation):
    ballot = create(world, consultation, world.leader_a, quorum_percent=60, majority_percent=66)

    assert (ballot.question, ballot.unit, ballot.eligible, ballot.quorum_percent) == (
        clean(QUESTION),
        "household",
        120,
        60,
    )
    assert ballot.majority_percent == 66
    event = ConsultationEvent.objects.get()
    assert (event.action, event.data) == (
        "ballot_created",
        {"ballot": ballot.pk, "unit": "household", "eligible": 120},
    )


@pytest.mark.parametrize("persona", ["officer_a", "officer_b", "citizen", "supervisor", "admin"])
def test_only_the_agencys_leader_creates_a_ballot(world, consultation, persona):
    with pytest.raises(NotPermitted):
        create(world, consultation, getattr(world, persona))
    assert (Ballot.objects.count(), ConsultationEvent.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"question": "Ngắn"}, "bad_question"),
        ({"unit": "family"}, "bad_unit"),
        ({"eligible": 0}, "bad_eligible"),
        ({"quorum_percent": 101}, "bad_quorum"),
        ({"majority_percent": 100}, "bad_majority"),
        ({"closes_at": timedelta(days=-1)}, "bad_dates"),  # from the test's now
    ],
)
def test_bad_ballot_settings_are_refused(world, consultation, overrides, code):
    overrides = {
        field: clock.now() + value if isinstance(value, timedelta) else value
        for field, value in overrides.items()
    }
    with pytest.raises(ActionError) as refused:
        create(world, consultation, world.leader_a, **overrides)
    assert refused.value.code == code
    assert Ballot.objects.count() == 0
