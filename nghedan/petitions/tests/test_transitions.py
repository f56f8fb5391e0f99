"""Every action against every status (lifecycle.TRANSITIONS), and every outsider against
every action: what is not allowed raises and leaves no trace."""

import pytest

from nghedan.lib import clock
from nghedan.lib.errors import NotPermitted, TransitionNotAllowed
from nghedan.petitions.actions import (
    PetitionerInfo,
    answer_approve,
    answer_return,
    answer_submit,
    petition_accept,
    petition_appeal,
    petition_auto_close,
    petition_decline,
    petition_extend,
    petition_rate,
    petition_reopen,
    petition_start,
    petition_transfer,
    petition_withdraw,
)
from nghedan.petitions.lifecycle import TRANSITIONS, allowed_actions
from nghedan.petitions.models import Answer, AnswerStatus, Kind, Petition, Status
from nghedan.petitions.tests.helpers import force_status, snapshot
from nghedan.test import submit

REASON = "Lý do đủ dài để ghi nhận"
BODY = "Nội dung trả lời đủ dài để ban hành."
PETITIONER_ACTIONS = ("rate", "reopen", "withdraw", "appeal")
APPROVER_ACTIONS = ("answer_publish", "answer_return")
SYSTEM_ACTIONS = ("auto_close",)


def _complaint(world) -> Petition:
    # A complaint, so that `appeal` is possible in principle; agency A handles it.
    return submit(
        world,
        user=world.citizen,
        kind=Kind.COMPLAINT,
        petitioner=PetitionerInfo(name="Nguyễn Văn An", phone="0912345678"),
    ).petition


def _answer(petition: Petition, author, status: str) -> Answer:
    now = clock.now()
    return Answer.objects.create(
        petition=petition,
        body=BODY,
        author=author,
        status=status,
        created_at=now,
        published_at=now if status == AnswerStatus.PUBLISHED else None,
    )


def _perform(world, action: str, petition: Petition, actor):
    """Call the action for `action` with valid arguments, as `actor`."""
    if action in APPROVER_ACTIONS:
        draft = _answer(petition, world.officer_a, AnswerStatus.PENDING_APPROVAL)
        if action == "answer_publish":
            return answer_approve(acting_user=actor, answer=draft)
        return answer_return(acting_user=actor, answer=draft, note=REASON)
    if action == "rate":
        _answer(petition, world.leader_a, AnswerStatus.PUBLISHED)
    calls = {
        "accept": lambda: petition_accept(acting_user=actor, petition=petition),
        "decline": lambda: petition_decline(acting_user=actor, petition=petition, reason=REASON),
        "transfer": lambda: petition_transfer(
            acting_user=actor, petition=petition, to_agency=world.agency_b, reason=REASON
        ),
        "start": lambda: petition_start(acting_user=actor, petition=petition),
        "extend": lambda: petition_extend(acting_user=actor, petition=petition, reason=REASON),
        "answer_submit": lambda: answer_submit(acting_user=actor, petition=petition, body=BODY),
        "rate": lambda: petition_rate(acting_user=actor, petition=petition, stars=4),
        "reopen": lambda: petition_reopen(acting_user=actor, petition=petition, reason=REASON),
        "withdraw": lambda: petition_withdraw(acting_user=actor, petition=petition),
        "appeal": lambda: petition_appeal(acting_user=actor, petition=petition, reason=REASON),
        "auto_close": lambda: petition_auto_close(acting_user=actor, petition=petition),
    }
    return calls[action]()


def _rightful_actor(world, action: str):
    if action in SYSTEM_ACTIONS:
        return None
    if action in PETITIONER_ACTIONS:
        return world.citizen
    if action in APPROVER_ACTIONS or action == "extend":
        return world.leader_a
    return world.officer_a


def _pending_answers(petition: Petition) -> int:
    return petition.answers.filter(status=AnswerStatus.PENDING_APPROVAL).count()


FORBIDDEN = [
    (action, status)
    for action, move in TRANSITIONS.items()
    for status in Status.values
    if status not in move.sources
]
ALLOWED = [
    (action, status) for action, move in TRANSITIONS.items() for status in move.sources
]


def test_the_matrix_covers_every_action_and_status():
    assert len(FORBIDDEN) + len(ALLOWED) == len(TRANSITIONS) * len(Status.values)
    for status in Status.values:
        assert allowed_actions(status) == {a for a, s in ALLOWED if s == status}
    assert allowed_actions(Status.WITHDRAWN) == set()
    assert allowed_actions(Status.DECLINED) == set()
    assert allowed_actions(Status.APPEALED) == set()


@pytest.mark.parametrize(("action", "status"), FORBIDDEN)
def test_an_action_not_allowed_from_a_status_is_refused_and_changes_nothing(world, action, status):
    petition = force_status(_complaint(world), status)
    before = snapshot(petition)
    pending_before = _pending_answers(petition)

    with pytest.raises(TransitionNotAllowed) as caught:
        _perform(world, action, petition, _rightful_actor(world, action))

    assert caught.value.status == 409
    assert caught.value.code == "transition_not_allowed"
    after = snapshot(petition)
    if action in APPROVER_ACTIONS or action == "rate":
        # The test itself added the draft or published answer the action needs.
        after["rows"]["Answer"] -= 1
    assert after == before
    assert _pending_answers(petition) == pending_before + (action in APPROVER_ACTIONS)


@pytest.mark.parametrize(("action", "status"), ALLOWED)
def test_an_action_allowed_from_a_status_leads_where_the_table_says(world, action, status):
    petition = force_status(_complaint(world), status)
    target = TRANSITIONS[action].target
    expected = {"rate": Status.CLOSED}.get(action, target or status)

    _perform(world, action, petition, _rightful_actor(world, action))

    petition.refresh_from_db()
    assert petition.status == expected
    assert petition.events.last().from_status == status


OUTSIDERS = (
    "officer_b",
    "supervisor",
    "supervisor_elsewhere",
    "admin",
    "other_citizen",
    "anonymous",
)
REFUSALS = [
    (action, who)
    for action in TRANSITIONS
    for who in (
        # Acting as nobody is the system itself, the one who closes unrated answers.
        *(who for who in OUTSIDERS if not (action in SYSTEM_ACTIONS and who == "anonymous")),
        *(("officer_a", "citizen") if action in SYSTEM_ACTIONS else ()),
        "officer_a" if action in PETITIONER_ACTIONS else "citizen",
    )
]


@pytest.mark.parametrize(("action", "who"), REFUSALS)
def test_someone_who_is_neither_handler_nor_petitioner_is_refused_and_nothing_changes(
    world, action, who
):
    status = TRANSITIONS[action].sources[0]
    if action in ("rate", "reopen", "appeal"):
        status = Status.ANSWERED
    petition = force_status(_complaint(world), status)
    before = snapshot(petition)
    actor = None if who == "anonymous" else getattr(world, who)

    with pytest.raises(NotPermitted) as caught:
        _perform(world, action, petition, actor)

    assert (caught.value.status, caught.value.code) == (403, "not_permitted")
    after = snapshot(petition)
    if action in APPROVER_ACTIONS or action == "rate":
        after["rows"]["Answer"] -= 1
    assert after == before


def test_an_officer_whose_account_is_disabled_is_refused(world):
    petition = _complaint(world)
    world.officer_a.is_active = False
    world.officer_a.save()
    before = snapshot(petition)

    with pytest.raises(NotPermitted):
        petition_accept(acting_user=world.officer_a, petition=petition)

    assert snapshot(petition) == before
