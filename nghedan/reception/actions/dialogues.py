"""Dialogues (đối thoại): a leader schedules a public session with an agenda; people send
questions in advance and vote them up; the host records how each was answered and, once
the session is held, a public record.

Every write is one action here: keyword-only, in one transaction, one event each
(`reception_event_record`, mirrored in the audit log)."""

from datetime import datetime
from typing import TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from nghedan.accounts.discipline import require_fit_for_citizen_duty
from nghedan.accounts.models import Role, User
from nghedan.areas.models import Area
from nghedan.lib import clock
from nghedan.lib.errors import ActionError, not_permitted
from nghedan.lib.redact import redact
from nghedan.lib.text import clean, interpolate_lazy
from nghedan.reception.events import reception_event_record
from nghedan.reception.models import (
    Dialogue,
    DialogueAudience,
    DialogueQuestion,
    DialogueStatus,
    QuestionVote,
)

QUESTION_MIN, QUESTION_MAX = 10, 2000
RECORD_MIN = 20
ANSWER_MIN = 5
HIDE_REASON_MIN, HIDE_REASON_MAX = 5, 300
TITLE_MIN = 5
AGENDA_MIN = 10


def can_manage_dialogue(user: User | AnonymousUser | None, dialogue: Dialogue) -> bool:
    """The host, a leader of the dialogue's agency, or an administrator."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_admin_role:
        return True
    if user.pk == dialogue.host_id:
        return True
    return user.role == Role.LEADER and user.agency_id == dialogue.agency_id


def can_schedule_dialogues(user: User | AnonymousUser | None) -> TypeGuard[User]:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_admin_role or (user.role == Role.LEADER and user.agency_id is not None)


def _required_text(value: str, *, field: str, minimum: int, maximum: int | None = None) -> str:
    text = clean(value)
    if len(text) < minimum:
        raise ActionError(
            "too_short",
            interpolate_lazy(_("Nội dung quá ngắn (tối thiểu %(n)s ký tự)."), {"n": minimum}),
            field=field,
        )
    if maximum is not None and len(text) > maximum:
        raise ActionError(
            "too_long",
            interpolate_lazy(_("Nội dung quá dài (tối đa %(n)s ký tự)."), {"n": maximum}),
            field=field,
        )
    return text


def _locked(dialogue: Dialogue) -> Dialogue:
    return Dialogue.objects.select_for_update().get(pk=dialogue.pk)


def dialogue_schedule(
    *,
    acting_user: User | None,
    host: User | None,
    title: str,
    audience: str,
    area: Area | None,
    starts_at: datetime,
    place: str,
    agenda: str,
    questions_close_at: datetime,
) -> Dialogue:
    """Schedule a dialogue hosted by `host`, a leader: by the leader themselves, another
    leader of the same agency, or an administrator. The host must be fit for a
    citizen-facing duty on the day (no discipline in force)."""
    if not can_schedule_dialogues(acting_user):
        raise not_permitted()
    if host is None or host.role != Role.LEADER or host.agency is None or not host.is_active:
        raise ActionError(
            "bad_host", _("Người chủ trì phải là lãnh đạo của cơ quan."), field="host"
        )
    if not acting_user.is_admin_role and host.agency_id != acting_user.agency_id:
        raise not_permitted()
    agency = host.agency
    if area is None or (area.pk != agency.area_id and area.parent_id != agency.area_id):
        raise ActionError(
            "bad_area",
            _("Địa bàn đối thoại phải thuộc địa bàn của cơ quan."),
            field="area",
        )
    if audience not in DialogueAudience.values:
        raise ActionError("bad_audience", _("Vui lòng chọn đối tượng."), field="audience")
    title = _required_text(title, field="title", minimum=TITLE_MIN, maximum=300)
    place = _required_text(place, field="place", minimum=3, maximum=300)
    agenda = _required_text(agenda, field="agenda", minimum=AGENDA_MIN, maximum=10000)
    now = clock.now()
    if starts_at is None or starts_at <= now:
        raise ActionError(
            "starts_in_past", _("Thời gian đối thoại phải ở tương lai."), field="starts_at"
        )
    if questions_close_at is None or questions_close_at >= starts_at:
        raise ActionError(
            "questions_close_late",
            _("Hạn gửi câu hỏi phải trước thời gian đối thoại."),
            field="questions_close_at",
        )
    if questions_close_at <= now:
        raise ActionError(
            "questions_close_past",
            _("Hạn gửi câu hỏi phải ở tương lai."),
            field="questions_close_at",
        )
    require_fit_for_citizen_duty(user=host, on=clock.local_date(starts_at), duty="dialogue")
    with transaction.atomic():
        dialogue = Dialogue.objects.create(
            agency=agency,
            host=host,
            area=area,
            title=title,
            audience=audience,
            starts_at=starts_at,
            place=place,
            agenda=agenda,
            questions_close_at=questions_close_at,
        )
        reception_event_record(
            actor=acting_user,
            action="dialogue_scheduled",
            dialogue=dialogue,
            data={"host": host.pk, "area": area.code, "starts_at": starts_at.isoformat()},
        )
    return dialogue


def question_ask(
    *, acting_user: User | AnonymousUser | None, dialogue: Dialogue, text: str
) -> DialogueQuestion:
    """A signed-in person sends a question before the deadline. The public sees it with
    personal data removed."""
    if acting_user is None or not acting_user.is_authenticated or not acting_user.is_active:
        raise not_permitted()
    body = _required_text(text, field="text", minimum=QUESTION_MIN, maximum=QUESTION_MAX)
    with transaction.atomic():
        dialogue = _locked(dialogue)
        if dialogue.status != DialogueStatus.PLANNED or clock.now() >= (
            dialogue.questions_close_at
        ):
            raise ActionError(
                "questions_closed",
                _("Buổi đối thoại đã hết hạn nhận câu hỏi."),
                field="text",
            )
        question = DialogueQuestion.objects.create(
            dialogue=dialogue, author=acting_user, text=body, public_text=redact(body)
        )
        reception_event_record(
            actor=acting_user,
            action="question_asked",
            dialogue=dialogue,
            data={"question": question.pk},
        )
    return question


def question_vote(
    *, acting_user: User | AnonymousUser | None, question: DialogueQuestion
) -> DialogueQuestion:
    """One vote per person and question: a second vote changes nothing and records
    nothing. Not on hidden questions, nor once the dialogue is held or cancelled."""
    if acting_user is None or not acting_user.is_authenticated or not acting_user.is_active:
        raise not_permitted()
    with transaction.atomic():
        question = DialogueQuestion.objects.select_related("dialogue").get(pk=question.pk)
        if question.hidden_reason:
            raise ActionError("question_hidden", _("Câu hỏi này đã bị ẩn."))
        if question.dialogue.status != DialogueStatus.PLANNED:
            raise ActionError(
                "dialogue_over", _("Buổi đối thoại đã kết thúc, không thể ủng hộ câu hỏi.")
            )
        try:
            with transaction.atomic():
                QuestionVote.objects.create(question=question, voter=acting_user)
        except IntegrityError:
            return question
        DialogueQuestion.objects.filter(pk=question.pk).update(votes=F("votes") + 1)
        question.refresh_from_db(fields=["votes"])
        reception_event_record(
            actor=acting_user,
            action="question_voted",
            dialogue=question.dialogue,
            data={"question": question.pk},
        )
    return question


def question_hide(
    *, acting_user: User | None, question: DialogueQuestion, reason: str
) -> DialogueQuestion:
    """The host or a leader of the agency hides a question from the public page (abuse,
    off-topic, a duplicate); it is kept with the reason."""
    if not can_manage_dialogue(acting_user, question.dialogue):
        raise not_permitted()
    reason = _required_text(
        reason, field="reason", minimum=HIDE_REASON_MIN, maximum=HIDE_REASON_MAX
    )
    with transaction.atomic():
        question = DialogueQuestion.objects.select_for_update().get(pk=question.pk)
        if question.hidden_reason:
            raise ActionError("already_hidden", _("Câu hỏi này đã bị ẩn."))
        question.hidden_reason = reason
        question.save(update_fields=["hidden_reason"])
        reception_event_record(
            actor=acting_user,
            action="question_hidden",
            dialogue=question.dialogue,
            data={"question": question.pk, "reason": reason},
        )
    return question


def question_answer(
    *, acting_user: User | None, question: DialogueQuestion, answer: str
) -> DialogueQuestion:
    """The host or a leader of the agency records how a question was answered (during or
    after the session); recording again replaces the answer."""
    if not can_manage_dialogue(acting_user, question.dialogue):
        raise not_permitted()
    answer = _required_text(answer, field="answer", minimum=ANSWER_MIN, maximum=10000)
    with transaction.atomic():
        question = DialogueQuestion.objects.select_for_update().get(pk=question.pk)
        if question.hidden_reason:
            raise ActionError("question_hidden", _("Câu hỏi này đã bị ẩn."))
        if question.dialogue.status == DialogueStatus.CANCELLED:
            raise ActionError("dialogue_cancelled", _("Buổi đối thoại đã bị huỷ."))
        question.answered = True
        question.answer = answer
        question.save(update_fields=["answered", "answer"])
        reception_event_record(
            actor=acting_user,
            action="question_answered",
            dialogue=question.dialogue,
            data={"question": question.pk},
        )
    return question


def dialogue_record(*, acting_user: User | None, dialogue: Dialogue, record: str) -> Dialogue:
    """Mark a dialogue that has begun as held, with its public record."""
    if not can_manage_dialogue(acting_user, dialogue):
        raise not_permitted()
    record = _required_text(record, field="record", minimum=RECORD_MIN, maximum=50000)
    with transaction.atomic():
        dialogue = _locked(dialogue)
        if dialogue.status != DialogueStatus.PLANNED:
            raise ActionError("not_planned", _("Buổi đối thoại này đã có biên bản hoặc đã bị huỷ."))
        if dialogue.starts_at > clock.now():
            raise ActionError(
                "not_started",
                _("Chỉ ghi biên bản sau khi buổi đối thoại đã diễn ra."),
                field="record",
            )
        dialogue.status = DialogueStatus.HELD
        dialogue.record = record
        dialogue.save(update_fields=["status", "record"])
        reception_event_record(
            actor=acting_user,
            action="dialogue_held",
            dialogue=dialogue,
            data={"answered": dialogue.questions.filter(answered=True).count()},
        )
    return dialogue
