"""The handling agency's steps: accept, decline, transfer, extend, start, answer; and the
system's one step, closing an answer nobody rated in time."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from nghedan.agencies.models import Agency
from nghedan.deadlines.services import DeadlineError
from nghedan.lib import clock
from nghedan.lib.errors import ActionError, TransitionNotAllowed, not_permitted
from nghedan.lib.text import clean
from nghedan.petitions import policy
from nghedan.petitions.actions.common import (
    BODY_MIN,
    _clocks,
    _locked,
    _require_handler,
    _require_reason,
    _transition,
)
from nghedan.petitions.events import petition_event_record
from nghedan.petitions.lifecycle import TOPIC_FROZEN, EventAction, check_transition
from nghedan.petitions.models import (
    Answer,
    AnswerStatus,
    Kind,
    Petition,
    Topic,
    TopicSource,
)

if TYPE_CHECKING:
    from nghedan.accounts.models import User


def petition_accept(*, acting_user: "User | None", petition: Petition) -> Petition:
    with transaction.atomic():
        petition = _locked(petition)
        _require_handler(acting_user, petition)
        now = clock.now()
        dates = _clocks(
            kind=petition.kind,
            agency=petition.agency,
            area=petition.area,
            received_on=clock.local_date(petition.received_at),
            accepted_on=clock.local_date(now),
            stage="second" if petition.appeal_of_id else "first",
        )
        resolution_due = dates.resolution_due
        if petition.events.filter(action=EventAction.TRANSFERRED).exists() and petition.resolution_due:
            # A transfer never gives the citizen a later date than the one already promised.
            resolution_due = min(resolution_due, petition.resolution_due)
        return _transition(
            petition=petition,
            acting_user=acting_user,
            command="accept",
            accepted_at=now,
            resolution_due=resolution_due,
            resolution_rule_id=dates.resolution_rule.rule_id,
        )


def petition_decline(*, acting_user: "User | None", petition: Petition, reason: str) -> Petition:
    with transaction.atomic():
        petition = _locked(petition)
        _require_handler(acting_user, petition)
        reason = _require_reason(reason)
        return _transition(
            petition=petition,
            acting_user=acting_user,
            command="decline",
            reason=reason,
            closed_at=clock.now(),
        )


def petition_transfer(
    *, acting_user: "User | None", petition: Petition, to_agency: Agency, reason: str
) -> Petition:
    """Send the petition to the responsible agency. The citizen's clock is not reset:
    the due dates set at intake (or acceptance) stand."""
    with transaction.atomic():
        petition = _locked(petition)
        _require_handler(acting_user, petition)
        reason = _require_reason(reason)
        if to_agency.pk == petition.agency_id or not to_agency.is_active:
            raise ActionError(
                "bad_transfer_target",
                _("Vui lòng chọn một cơ quan khác, đang hoạt động, để chuyển đơn."),
                field="to_agency",
            )
        check_transition("transfer", petition.status)
        # A draft the old agency left waiting is not the new agency's answer.
        petition.answers.filter(status=AnswerStatus.PENDING_APPROVAL).update(
            status=AnswerStatus.RETURNED, decided_at=clock.now(), decision_note=reason
        )
        return _transition(
            petition=petition,
            acting_user=acting_user,
            command="transfer",
            reason=reason,
            agency=to_agency,
        )


def petition_extend(*, acting_user: "User | None", petition: Petition, reason: str) -> Petition:
    """Gia hạn: the head of the agency lengthens the resolution limit of a complex case as
    far as the law allows — a complaint once, to its complex limit (Law on Complaints
    Art. 28, 37); a denunciation by up to two extensions (Law on Denunciations Art. 30).
    Feedback and proposals follow the agency's own limit and are not extended."""
    with transaction.atomic():
        petition = _locked(petition)
        if not policy.is_approver(acting_user, petition):
            raise not_permitted()
        reason = _require_reason(reason)
        check_transition("extend", petition.status)
        if petition.kind == Kind.COMPLAINT and not petition.is_complex:
            is_complex, extensions = True, 0
        elif petition.kind == Kind.DENUNCIATION:
            is_complex, extensions = True, petition.extensions + 1
        else:
            raise TransitionNotAllowed(
                "extension_not_allowed",
                _("Đơn này không được gia hạn thêm theo quy định."),
            )
        try:
            dates = _clocks(
                kind=petition.kind,
                agency=petition.agency,
                area=petition.area,
                received_on=clock.local_date(petition.received_at),
                accepted_on=clock.local_date(petition.accepted_at)
                if petition.accepted_at
                else None,
                stage="second" if petition.appeal_of_id else "first",
                complex=is_complex,
                extensions=extensions,
            )
        except DeadlineError as error:
            raise TransitionNotAllowed(
                "extension_not_allowed", _("Đơn này không được gia hạn thêm theo quy định.")
            ) from error
        return _transition(
            petition=petition,
            acting_user=acting_user,
            command="extend",
            reason=reason,
            data={
                "from": petition.resolution_due.isoformat() if petition.resolution_due else None,
                "to": dates.resolution_due.isoformat(),
            },
            is_complex=is_complex,
            extensions=extensions,
            resolution_due=dates.resolution_due,
        )


def petition_start(*, acting_user: "User | None", petition: Petition) -> Petition:
    with transaction.atomic():
        petition = _locked(petition)
        _require_handler(acting_user, petition)
        return _transition(petition=petition, acting_user=acting_user, command="start")


def _publish(
    *, petition: Petition, answer: Answer, acting_user: "User | None", approved: bool
) -> None:
    now = clock.now()
    answer.status = AnswerStatus.PUBLISHED
    answer.published_at = now
    if approved:
        answer.decided_by = acting_user
        answer.decided_at = now
    answer.save()
    _transition(
        petition=petition,
        acting_user=acting_user,
        command="answer_publish",
        answered_at=now,
        data={"answer": answer.pk},
    )


def answer_submit(*, acting_user: "User | None", petition: Petition, body: str) -> Answer:
    """An officer's answer waits for a leader where the agency requires approval; a
    leader's own answer, or one in an agency without that rule, is published at once."""
    with transaction.atomic():
        petition = _locked(petition)
        acting_user = _require_handler(acting_user, petition)
        body = clean(body)
        if len(body) < BODY_MIN:
            raise ActionError("answer_too_short", _("Nội dung trả lời quá ngắn."), field="body")
        if petition.answers.filter(status=AnswerStatus.PENDING_APPROVAL).exists():
            raise TransitionNotAllowed(
                "answer_pending", _("Đã có một dự thảo trả lời đang chờ lãnh đạo duyệt.")
            )
        check_transition("answer_submit", petition.status)
        needs_approval = petition.agency.requires_answer_approval and not policy.is_approver(
            acting_user, petition
        )
        answer = Answer.objects.create(
            petition=petition,
            body=body,
            author=acting_user,
            created_at=clock.now(),
            status=AnswerStatus.PENDING_APPROVAL if needs_approval else AnswerStatus.PUBLISHED,
        )
        if needs_approval:
            _transition(
                petition=petition,
                acting_user=acting_user,
                command="answer_submit",
                data={"answer": answer.pk},
                visible_to_petitioner=False,
            )
        else:
            _publish(petition=petition, answer=answer, acting_user=acting_user, approved=False)
        return answer


def _pending_answer(answer: Answer, acting_user: "User | None") -> tuple[Petition, Answer]:
    petition = _locked(answer.petition)
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    if not policy.is_approver(acting_user, petition):
        raise not_permitted()
    if answer.status != AnswerStatus.PENDING_APPROVAL:
        raise TransitionNotAllowed(
            "answer_not_pending", _("Dự thảo trả lời này không còn chờ duyệt.")
        )
    return petition, answer


def answer_approve(*, acting_user: "User | None", answer: Answer, note: str = "") -> Answer:
    with transaction.atomic():
        petition, answer = _pending_answer(answer, acting_user)
        answer.decision_note = clean(note)
        _publish(petition=petition, answer=answer, acting_user=acting_user, approved=True)
        return answer


def answer_return(*, acting_user: "User | None", answer: Answer, note: str) -> Answer:
    """The leader sends the draft back to the officer with what to change."""
    with transaction.atomic():
        petition, answer = _pending_answer(answer, acting_user)
        note = _require_reason(note, field="note")
        answer.status = AnswerStatus.RETURNED
        answer.decided_by = acting_user
        answer.decided_at = clock.now()
        answer.decision_note = note
        answer.save()
        _transition(
            petition=petition,
            acting_user=acting_user,
            command="answer_return",
            reason=note,
            data={"answer": answer.pk},
            visible_to_petitioner=False,
        )
        return answer


def petition_relabel(*, acting_user: "User | None", petition: Petition, topic: Topic) -> Petition:
    """The handling officer gives the petition its right topic (from the triage queue or
    over the petitioner's or the model's choice). The models learn from it."""
    with transaction.atomic():
        petition = _locked(petition)
        _require_handler(acting_user, petition)
        if petition.status in TOPIC_FROZEN:
            raise ActionError(
                "petition_closed", _("Đơn đã kết thúc, không thể đổi lĩnh vực."), field="topic"
            )
        from_topic, from_source = petition.topic, petition.topic_source
        petition.topic = topic
        petition.topic_source = TopicSource.OFFICER
        petition.save(update_fields=["topic", "topic_source", "updated_at"])
        petition_event_record(
            petition=petition,
            actor=acting_user,
            action=EventAction.RELABELLED,
            data={"from": from_topic.code, "to": topic.code, "was": from_source},
            visible_to_petitioner=False,
        )
        return petition


def petition_auto_close(*, acting_user: "User | None" = None, petition: Petition) -> Petition:
    """Close an answered petition whose rating window ran out without a rating. Only the
    system takes this step (`acting_user` None); refused, like any step, when the petition
    is no longer answered: the petitioner may have rated, reopened or withdrawn it since
    the sweep read it."""
    if acting_user is not None:
        raise not_permitted()
    with transaction.atomic():
        petition = _locked(petition)
        return _transition(
            petition=petition,
            acting_user=None,
            command="auto_close",
            data={"rating_window_days": settings.NGHEDAN_RATING_WINDOW_DAYS},
            closed_at=clock.now(),
        )
