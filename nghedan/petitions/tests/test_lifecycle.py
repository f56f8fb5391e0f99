"""The petition lifecycle of DESIGN.md §2, step by step, through the actions."""

from datetime import timedelta

import pytest

from nghedan.audit.models import AuditEntry
from nghedan.lib import clock
from nghedan.lib.crypto import readable_secret_key, secret_matches
from nghedan.lib.errors import ActionError, NotPermitted, TransitionNotAllowed
from nghedan.petitions import selectors
from nghedan.petitions.actions import (
    PetitionerInfo,
    answer_approve,
    answer_return,
    answer_submit,
    petition_accept,
    petition_appeal,
    petition_decline,
    petition_rate,
    petition_reopen,
    petition_start,
    petition_transfer,
    petition_withdraw,
)
from nghedan.petitions.models import (
    Answer,
    AnswerStatus,
    Kind,
    Petition,
    PetitionEvent,
    Rating,
    Status,
)
from nghedan.petitions.tests.helpers import force_status, row_counts, snapshot
from nghedan.test import submit

ANSWER = "Phường đã bố trí xe thu gom rác tại ngõ 120 Đội Cấn từ ngày 5/5."
REASON = "Không thuộc thẩm quyền giải quyết của phường"
COMPLAINANT = PetitionerInfo(name="Nguyễn Văn An", phone="0912345678")


def _events(petition) -> list[tuple[str, str, str]]:
    return list(petition.events.values_list("action", "from_status", "to_status"))


def _filed(world, **overrides):
    result = submit(world, user=world.citizen, **overrides)
    return result.petition, result.secret


def _answered(world, **overrides):
    """Given: a petition accepted by agency A and answered by its leader."""
    petition, secret = _filed(world, **overrides)
    petition_accept(acting_user=world.officer_a, petition=petition)
    answer_submit(acting_user=world.leader_a, petition=petition, body=ANSWER)
    petition.refresh_from_db()
    assert petition.status == Status.ANSWERED
    return petition, secret


# --- accept, decline -------------------------------------------------------------------


def test_an_officer_accepts_a_received_petition_and_the_resolution_clock_starts(world):
    petition, _ = _filed(world, kind=Kind.COMPLAINT, petitioner=COMPLAINANT)

    petition = petition_accept(acting_user=world.officer_a, petition=petition)

    petition.refresh_from_db()
    today = clock.today()
    assert petition.status == Status.ACCEPTED
    assert clock.local_date(petition.accepted_at) == today
    # Complaint: 30 calendar days from acceptance, rolled past a weekend.
    assert 30 <= (petition.resolution_due - today).days <= 32
    assert _events(petition)[-1] == ("accepted", Status.RECEIVED, Status.ACCEPTED)
    assert petition.events.last().actor == world.officer_a
    assert AuditEntry.objects.filter(action="petition.accepted", actor=world.officer_a).count() == 1


def test_a_leader_may_accept_too(world):
    petition, _ = _filed(world)

    petition_accept(acting_user=world.leader_a, petition=petition)

    petition.refresh_from_db()
    assert petition.status == Status.ACCEPTED


def test_an_officer_declines_a_petition_with_a_reason_and_it_is_closed(world):
    petition, _ = _filed(world)

    petition_decline(acting_user=world.officer_a, petition=petition, reason=REASON)

    petition.refresh_from_db()
    assert petition.status == Status.DECLINED
    assert petition.closed_at is not None
    event = petition.events.last()
    assert (event.action, event.reason, event.visible_to_petitioner) == ("declined", REASON, True)


@pytest.mark.parametrize("reason", ["", "   ", "Sai"])
def test_declining_without_a_real_reason_is_refused_and_changes_nothing(world, reason):
    petition, _ = _filed(world)
    before = snapshot(petition)

    with pytest.raises(ActionError) as caught:
        petition_decline(acting_user=world.officer_a, petition=petition, reason=reason)

    assert (caught.value.code, caught.value.field) == ("reason_required", "reason")
    assert snapshot(petition) == before


# --- transfer ---------------------------------------------------------------------------


def test_a_transfer_moves_the_petition_to_the_new_agency_with_its_reason(world):
    petition, _ = _filed(world)
    due = (petition.acceptance_due, petition.resolution_due)

    petition_transfer(
        acting_user=world.officer_a, petition=petition, to_agency=world.agency_b, reason=REASON
    )

    petition.refresh_from_db()
    assert (petition.status, petition.agency) == (Status.TRANSFERRED, world.agency_b)
    assert (petition.acceptance_due, petition.resolution_due) == due  # the clock is not reset
    event = petition.events.last()
    assert (event.action, event.from_status, event.to_status) == (
        "transferred",
        Status.RECEIVED,
        Status.TRANSFERRED,
    )
    assert (event.from_agency, event.to_agency, event.reason) == (
        world.agency_a,
        world.agency_b,
        REASON,
    )


def test_after_a_transfer_the_new_agency_acts_and_the_old_one_can_neither_act_nor_see(world):
    petition, _ = _filed(world)
    petition_transfer(
        acting_user=world.officer_a, petition=petition, to_agency=world.agency_b, reason=REASON
    )

    petition_accept(acting_user=world.officer_b, petition=petition)
    petition.refresh_from_db()
    assert petition.status == Status.ACCEPTED
    before = snapshot(petition)

    with pytest.raises(NotPermitted):
        petition_start(acting_user=world.officer_a, petition=petition)
    with pytest.raises(NotPermitted):
        answer_submit(acting_user=world.leader_a, petition=petition, body=ANSWER)
    assert snapshot(petition) == before
    assert not selectors.petitions_visible_to(user=world.officer_a).filter(pk=petition.pk).exists()
    assert selectors.petitions_visible_to(user=world.officer_b).filter(pk=petition.pk).exists()


def test_a_petition_being_handled_can_still_be_transferred(world):
    petition, _ = _filed(world)
    petition_accept(acting_user=world.officer_a, petition=petition)
    petition_start(acting_user=world.officer_a, petition=petition)

    petition_transfer(
        acting_user=world.officer_a,
        petition=petition,
        to_agency=world.police_a,
        reason="Thuộc lĩnh vực an ninh trật tự",
    )

    petition.refresh_from_db()
    assert (petition.status, petition.agency) == (Status.TRANSFERRED, world.police_a)


def test_a_draft_left_pending_by_the_old_agency_does_not_block_the_new_one(world):
    petition, _ = _filed(world)
    petition_accept(acting_user=world.officer_a, petition=petition)
    draft = answer_submit(acting_user=world.officer_a, petition=petition, body=ANSWER)
    petition_transfer(
        acting_user=world.officer_a, petition=petition, to_agency=world.agency_b, reason=REASON
    )
    petition_accept(acting_user=world.officer_b, petition=petition)

    answer_submit(acting_user=world.officer_b, petition=petition, body=ANSWER + " (phường B)")

    draft.refresh_from_db()
    assert draft.status != AnswerStatus.PENDING_APPROVAL


@pytest.mark.parametrize("target", ["same", "inactive"])
def test_a_transfer_to_the_same_or_an_inactive_agency_is_refused(world, target):
    petition, _ = _filed(world)
    to_agency = world.agency_a
    if target == "inactive":
        to_agency = world.agency_b
        to_agency.is_active = False
        to_agency.save()
    before = snapshot(petition)

    with pytest.raises(ActionError) as caught:
        petition_transfer(
            acting_user=world.officer_a, petition=petition, to_agency=to_agency, reason=REASON
        )

    assert (caught.value.code, caught.value.field) == ("bad_transfer_target", "to_agency")
    assert snapshot(petition) == before


def test_a_transfer_without_a_reason_is_refused(world):
    petition, _ = _filed(world)
    before = snapshot(petition)

    with pytest.raises(ActionError) as caught:
        petition_transfer(
            acting_user=world.officer_a, petition=petition, to_agency=world.agency_b, reason=""
        )

    assert caught.value.code == "reason_required"
    assert snapshot(petition) == before


# --- start and answer -------------------------------------------------------------------


def test_an_officer_starts_work_on_an_accepted_petition(world):
    petition, _ = _filed(world)
    petition_accept(acting_user=world.officer_a, petition=petition)

    petition_start(acting_user=world.officer_a, petition=petition)

    petition.refresh_from_db()
    assert petition.status == Status.IN_PROGRESS
    assert _events(petition)[-1] == ("started", Status.ACCEPTED, Status.IN_PROGRESS)


def test_an_officers_answer_waits_for_the_leader_and_the_petitioner_does_not_see_it(world):
    petition, _ = _filed(world)
    petition_accept(acting_user=world.officer_a, petition=petition)

    answer = answer_submit(acting_user=world.officer_a, petition=petition, body=ANSWER)

    petition.refresh_from_db()
    assert (answer.status, answer.author, answer.body) == (
        AnswerStatus.PENDING_APPROVAL,
        world.officer_a,
        ANSWER,
    )
    assert answer.published_at is None
    assert (petition.status, petition.answered_at) == (Status.IN_PROGRESS, None)
    event = petition.events.last()
    assert (event.action, event.to_status, event.visible_to_petitioner) == (
        "answer_submitted",
        Status.IN_PROGRESS,
        False,
    )
    assert event.data == {"answer": answer.pk}
    seen_by_petitioner = selectors.petition_history(petition=petition, for_petitioner=True)
    assert "answer_submitted" not in {e.action for e in seen_by_petitioner}
    assert list(selectors.published_answers(petition=petition)) == []
    assert list(selectors.answers_pending_approval(user=world.leader_a)) == [answer]


def test_a_second_draft_while_one_is_pending_is_refused(world):
    petition, _ = _filed(world)
    petition_accept(acting_user=world.officer_a, petition=petition)
    answer_submit(acting_user=world.officer_a, petition=petition, body=ANSWER)
    before = snapshot(petition)

    with pytest.raises(TransitionNotAllowed) as caught:
        answer_submit(acting_user=world.officer_a, petition=petition, body=ANSWER + " Bổ sung.")

    assert caught.value.code == "answer_pending"
    assert snapshot(petition) == before


def test_the_leader_approves_the_draft_and_the_answer_is_published(world):
    petition, _ = _filed(world)
    petition_accept(acting_user=world.officer_a, petition=petition)
    draft = answer_submit(acting_user=world.officer_a, petition=petition, body=ANSWER)

    answer = answer_approve(acting_user=world.leader_a, answer=draft, note="Đồng ý")

    petition.refresh_from_db()
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.PUBLISHED
    assert (answer.decided_by, answer.decision_note) == (world.leader_a, "Đồng ý")
    assert answer.published_at is not None and answer.decided_at is not None
    assert petition.status == Status.ANSWERED
    assert petition.answered_at == answer.published_at
    event = petition.events.last()
    assert (event.action, event.from_status, event.to_status, event.visible_to_petitioner) == (
        "answer_published",
        Status.IN_PROGRESS,
        Status.ANSWERED,
        True,
    )
    assert list(selectors.published_answers(petition=petition)) == [answer]


def test_the_leader_returns_the_draft_with_a_note_and_the_officer_writes_another(world):
    petition, _ = _filed(world)
    petition_accept(acting_user=world.officer_a, petition=petition)
    draft = answer_submit(acting_user=world.officer_a, petition=petition, body=ANSWER)

    answer_return(acting_user=world.leader_a, answer=draft, note="Bổ sung thời hạn thu gom")

    draft.refresh_from_db()
    petition.refresh_from_db()
    assert (draft.status, draft.decided_by, draft.decision_note) == (
        AnswerStatus.RETURNED,
        world.leader_a,
        "Bổ sung thời hạn thu gom",
    )
    assert petition.status == Status.IN_PROGRESS
    event = petition.events.last()
    assert (event.action, event.visible_to_petitioner) == ("answer_returned", False)
    second = answer_submit(
        acting_user=world.officer_a, petition=petition, body=ANSWER + " Thu gom hằng ngày."
    )
    assert second.status == AnswerStatus.PENDING_APPROVAL


def test_returning_a_draft_without_a_note_is_refused(world):
    petition, _ = _filed(world)
    petition_accept(acting_user=world.officer_a, petition=petition)
    draft = answer_submit(acting_user=world.officer_a, petition=petition, body=ANSWER)
    before = snapshot(petition)

    with pytest.raises(ActionError) as caught:
        answer_return(acting_user=world.leader_a, answer=draft, note=" ")

    assert (caught.value.code, caught.value.field) == ("reason_required", "note")
    assert snapshot(petition) == before


@pytest.mark.parametrize("decide", [answer_approve, answer_return])
def test_an_officer_cannot_approve_or_return_a_draft(world, decide):
    petition, _ = _filed(world)
    petition_accept(acting_user=world.officer_a, petition=petition)
    draft = answer_submit(acting_user=world.officer_a, petition=petition, body=ANSWER)
    before = snapshot(petition)

    with pytest.raises(NotPermitted):
        decide(acting_user=world.officer_a, answer=draft, note="Tự duyệt cho nhanh")

    draft.refresh_from_db()
    assert draft.status == AnswerStatus.PENDING_APPROVAL
    assert snapshot(petition) == before


def test_a_draft_already_decided_cannot_be_decided_again(world):
    petition, _ = _filed(world)
    petition_accept(acting_user=world.officer_a, petition=petition)
    draft = answer_submit(acting_user=world.officer_a, petition=petition, body=ANSWER)
    answer_return(acting_user=world.leader_a, answer=draft, note="Viết lại cho rõ")
    before = snapshot(petition)

    with pytest.raises(TransitionNotAllowed) as caught:
        answer_approve(acting_user=world.leader_a, answer=draft)

    assert caught.value.code == "answer_not_pending"
    assert snapshot(petition) == before


def test_a_leaders_own_answer_is_published_at_once(world):
    petition, _ = _filed(world)
    petition_accept(acting_user=world.officer_a, petition=petition)

    answer = answer_submit(acting_user=world.leader_a, petition=petition, body=ANSWER)

    petition.refresh_from_db()
    assert answer.status == AnswerStatus.PUBLISHED
    assert answer.decided_by is None  # published, not approved by another
    assert petition.status == Status.ANSWERED
    assert [a for a, *_ in _events(petition)] == ["submitted", "accepted", "answer_published"]


def test_in_an_agency_without_approval_an_officers_answer_is_published_at_once(world):
    world.agency_a.requires_answer_approval = False
    world.agency_a.save()
    petition, _ = _filed(world)
    petition_accept(acting_user=world.officer_a, petition=petition)

    answer = answer_submit(acting_user=world.officer_a, petition=petition, body=ANSWER)

    petition.refresh_from_db()
    assert answer.status == AnswerStatus.PUBLISHED
    assert petition.status == Status.ANSWERED


def test_an_answer_that_says_nothing_is_refused(world):
    petition, _ = _filed(world)
    petition_accept(acting_user=world.officer_a, petition=petition)
    before = snapshot(petition)

    with pytest.raises(ActionError) as caught:
        answer_submit(acting_user=world.leader_a, petition=petition, body="Đã xử lý")

    assert (caught.value.code, caught.value.field) == ("answer_too_short", "body")
    assert snapshot(petition) == before


# --- rating, reopening ------------------------------------------------------------------


@pytest.mark.parametrize("stars", [3, 4, 5])
def test_a_rating_of_three_or_more_closes_the_petition(world, stars):
    petition, _ = _answered(world)

    rating = petition_rate(
        acting_user=world.citizen,
        petition=petition,
        stars=stars,
        reasons=["timely", "solved", "solved"],
        comment="  Cảm ơn  ",
    )

    petition.refresh_from_db()
    assert petition.status == Status.CLOSED and petition.closed_at is not None
    assert (rating.stars, rating.reasons, rating.comment) == (stars, ["solved", "timely"], "Cảm ơn")
    assert rating.answer == petition.answers.get()
    event = petition.events.last()
    assert (event.action, event.from_status, event.to_status) == (
        "rated_closed",
        Status.ANSWERED,
        Status.CLOSED,
    )
    assert event.data == {"rating": rating.pk, "stars": stars, "reasons": ["solved", "timely"]}


@pytest.mark.parametrize("stars", [1, 2])
def test_a_rating_below_three_reopens_the_petition_for_the_agency(world, stars):
    petition, _ = _answered(world)

    petition_rate(acting_user=world.citizen, petition=petition, stars=stars, reasons=["not_solved"])

    petition.refresh_from_db()
    assert (petition.status, petition.closed_at) == (Status.REOPENED, None)
    assert _events(petition)[-1] == ("rated_reopened", Status.ANSWERED, Status.REOPENED)
    petition_start(acting_user=world.officer_a, petition=petition)
    petition.refresh_from_db()
    assert petition.status == Status.IN_PROGRESS


def test_a_low_rating_of_a_complaint_closes_its_first_stage_and_leaves_the_appeal_open(world):
    petition, _ = _answered(world, kind=Kind.COMPLAINT, petitioner=COMPLAINANT)

    petition_rate(acting_user=world.citizen, petition=petition, stars=1, reasons=["not_solved"])

    petition.refresh_from_db()
    assert petition.status == Status.CLOSED
    assert _events(petition)[-1] == ("rated_closed", Status.ANSWERED, Status.CLOSED)
    appeal = petition_appeal(
        acting_user=world.citizen, petition=petition, reason="Không đồng ý với quyết định."
    )
    assert appeal.kind == Kind.COMPLAINT and appeal.status == Status.RECEIVED


def test_an_anonymous_petitioner_rates_with_the_secret(world):
    result = submit(world, is_anonymous=True)
    petition = result.petition
    petition_accept(acting_user=world.officer_a, petition=petition)
    answer_submit(acting_user=world.leader_a, petition=petition, body=ANSWER)

    petition_rate(acting_user=None, petition=petition, secret=result.secret, stars=5)

    petition.refresh_from_db()
    assert petition.status == Status.CLOSED
    assert petition.events.last().actor is None


@pytest.mark.parametrize(
    "who", ["other_citizen", "officer_a", "leader_a", "admin", "nobody", "wrong_secret"]
)
def test_only_the_petitioner_may_rate(world, who):
    petition, secret = _answered(world)
    user = None if who in ("nobody", "wrong_secret") else getattr(world, who)
    before = snapshot(petition)

    with pytest.raises(NotPermitted):
        petition_rate(
            acting_user=user,
            petition=petition,
            secret=secret[::-1] if who == "wrong_secret" else None,
            stars=5,
        )

    assert snapshot(petition) == before


@pytest.mark.parametrize(
    ("stars", "reasons", "code", "field"),
    [
        (0, (), "bad_stars", "stars"),
        (6, (), "bad_stars", "stars"),
        ("5", (), "bad_stars", "stars"),
        (4.5, (), "bad_stars", "stars"),
        (4, ["great"], "bad_reason", "reasons"),
    ],
)
def test_a_rating_out_of_range_is_refused(world, stars, reasons, code, field):
    petition, _ = _answered(world)
    before = snapshot(petition)

    with pytest.raises(ActionError) as caught:
        petition_rate(acting_user=world.citizen, petition=petition, stars=stars, reasons=reasons)

    assert (caught.value.code, caught.value.field) == (code, field)
    assert snapshot(petition) == before


@pytest.mark.parametrize("how", ["account", "secret"])
def test_the_petitioner_reopens_an_answered_petition_within_thirty_days(world, how):
    petition, secret = _answered(world)

    petition_reopen(
        acting_user=world.citizen if how == "account" else None,
        petition=petition,
        secret=secret if how == "secret" else None,
        reason="Rác vẫn chưa được thu gom",
    )

    petition.refresh_from_db()
    assert (petition.status, petition.closed_at) == (Status.REOPENED, None)
    event = petition.events.last()
    assert (event.action, event.reason) == ("reopened", "Rác vẫn chưa được thu gom")


def test_a_closed_petition_can_be_reopened_within_the_window(world):
    petition, _ = _answered(world)
    petition_rate(acting_user=world.citizen, petition=petition, stars=4)

    petition_reopen(acting_user=world.citizen, petition=petition, reason="Rác lại ùn ứ")

    petition.refresh_from_db()
    assert (petition.status, petition.closed_at) == (Status.REOPENED, None)


def test_reopening_more_than_thirty_days_after_the_answer_is_refused(world):
    petition, _ = _answered(world)
    force_status(
        petition, Status.ANSWERED, answered_at=clock.now() - timedelta(days=30, minutes=1)
    )
    before = snapshot(petition)

    with pytest.raises(TransitionNotAllowed) as caught:
        petition_reopen(acting_user=world.citizen, petition=petition, reason="Vẫn chưa xử lý")

    assert caught.value.code == "reopen_window_passed"
    assert snapshot(petition) == before


def test_reopening_on_the_last_day_of_the_window_is_allowed(world):
    petition, _ = _answered(world)
    force_status(
        petition, Status.ANSWERED, answered_at=clock.now() - timedelta(days=29, hours=23)
    )

    petition_reopen(acting_user=world.citizen, petition=petition, reason="Vẫn chưa xử lý")

    petition.refresh_from_db()
    assert petition.status == Status.REOPENED


# --- withdraw ---------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["account", "secret"])
def test_the_petitioner_withdraws_a_petition(world, how):
    petition, secret = _filed(world)

    petition_withdraw(
        acting_user=world.citizen if how == "account" else None,
        petition=petition,
        secret=secret if how == "secret" else None,
        reason="Đã được giải quyết ở tổ dân phố",
    )

    petition.refresh_from_db()
    assert (petition.status, petition.closed_at is not None) == (Status.WITHDRAWN, True)
    assert Petition.objects.filter(pk=petition.pk).exists()  # nothing is ever deleted
    assert _events(petition)[-1] == ("withdrawn", Status.RECEIVED, Status.WITHDRAWN)


def test_another_citizen_cannot_withdraw_someone_elses_petition(world):
    petition, _ = _filed(world)
    before = snapshot(petition)

    with pytest.raises(NotPermitted):
        petition_withdraw(acting_user=world.other_citizen, petition=petition)

    assert snapshot(petition) == before


# --- appeal -----------------------------------------------------------------------------


def _answered_complaint(world):
    return _answered(world, kind=Kind.COMPLAINT, petitioner=COMPLAINANT)


def test_an_appeal_makes_a_linked_complaint_at_the_parent_agency(world):
    first, secret = _answered_complaint(world)

    appeal = petition_appeal(
        acting_user=world.citizen,
        petition=first,
        reason="Không đồng ý với quyết định giải quyết lần đầu",
    )

    first.refresh_from_db()
    appeal.refresh_from_db()
    assert first.status == Status.APPEALED
    assert _events(first)[-1] == ("appealed", Status.ANSWERED, Status.APPEALED)
    assert appeal.appeal_of == first
    assert (appeal.kind, appeal.status) == (Kind.COMPLAINT, Status.RECEIVED)
    assert appeal.agency == world.hanoi_ubnd
    assert appeal.agency.name == "Ủy ban nhân dân Thành phố Hà Nội"
    assert appeal.code != first.code
    assert appeal.citizen == world.citizen
    assert (appeal.petitioner_name, appeal.petitioner_phone) == ("Nguyễn Văn An", "0912345678")
    assert appeal.body.startswith("Không đồng ý với quyết định giải quyết lần đầu")
    assert secret_matches(readable_secret_key(secret), appeal.secret_digest)
    found = selectors.petition_get_for_petitioner(user=None, code=appeal.code, secret=secret)
    assert found == appeal
    event = appeal.events.get()
    assert (event.action, event.to_status, event.to_agency) == (
        "submitted",
        Status.RECEIVED,
        world.hanoi_ubnd,
    )
    assert event.data == {"appeal_of": first.code}


def test_an_appeal_with_the_secret_alone_is_accepted(world):
    first, secret = _answered_complaint(world)

    appeal = petition_appeal(
        acting_user=None, petition=first, secret=secret, reason="Không đồng ý với quyết định"
    )

    assert appeal.appeal_of == first


@pytest.mark.parametrize("kind", [Kind.FEEDBACK, Kind.PROPOSAL, Kind.DENUNCIATION])
def test_only_a_complaint_can_be_appealed(world, kind):
    petition, _ = _answered(world, kind=kind, petitioner=COMPLAINANT)
    before = snapshot(petition)

    with pytest.raises(TransitionNotAllowed) as caught:
        petition_appeal(acting_user=world.citizen, petition=petition, reason="Không đồng ý")

    assert caught.value.code == "appeal_complaints_only"
    assert snapshot(petition) == before


def test_a_complaint_at_an_agency_without_a_parent_cannot_be_appealed(world):
    first, _ = _answered_complaint(world)
    world.agency_a.parent = None
    world.agency_a.save()
    before = snapshot(first)

    with pytest.raises(TransitionNotAllowed) as caught:
        petition_appeal(acting_user=world.citizen, petition=first, reason="Không đồng ý")

    assert caught.value.code == "no_parent_agency"
    assert snapshot(first) == before


def test_an_appeal_is_due_within_the_second_level_limit(world):
    from nghedan.deadlines.services import ClockRule, add_limit

    first, _ = _answered_complaint(world)

    appeal = petition_appeal(acting_user=world.citizen, petition=first, reason="Không đồng ý")

    assert appeal.resolution_due == add_limit(appeal.acceptance_due, ClockRule(45, False, ""))


def test_an_appeal_long_after_the_first_decision_is_refused(world):
    first, _ = _answered_complaint(world)
    force_status(first, Status.ANSWERED, answered_at=clock.now() - timedelta(days=90))
    before = row_counts()

    with pytest.raises(TransitionNotAllowed):
        petition_appeal(acting_user=world.citizen, petition=first, reason="Không đồng ý")

    assert row_counts() == before


# --- a whole life -----------------------------------------------------------------------


def test_a_petition_from_intake_to_closing_leaves_one_event_and_one_audit_row_per_step(world):
    petition, secret = _filed(world)
    petition_accept(acting_user=world.officer_a, petition=petition)
    petition_start(acting_user=world.officer_a, petition=petition)
    draft = answer_submit(acting_user=world.officer_a, petition=petition, body=ANSWER)
    answer_approve(acting_user=world.leader_a, answer=draft)
    petition_rate(acting_user=None, petition=petition, secret=secret, stars=5)

    petition.refresh_from_db()
    assert petition.status == Status.CLOSED
    assert _events(petition) == [
        ("submitted", "", Status.RECEIVED),
        ("accepted", Status.RECEIVED, Status.ACCEPTED),
        ("started", Status.ACCEPTED, Status.IN_PROGRESS),
        ("answer_submitted", Status.IN_PROGRESS, Status.IN_PROGRESS),
        ("answer_published", Status.IN_PROGRESS, Status.ANSWERED),
        ("rated_closed", Status.ANSWERED, Status.CLOSED),
    ]
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        "petition.submitted",
        "petition.accepted",
        "petition.started",
        "petition.answer_submitted",
        "petition.answer_published",
        "petition.rated_closed",
    ]
    assert (Answer.objects.count(), Rating.objects.count(), PetitionEvent.objects.count()) == (
        1,
        1,
        6,
    )
