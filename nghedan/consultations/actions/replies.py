"""The agency's reply to a consultation (tiếp thu, giải trình): a disposition with a reason
for every top-level comment, and the public summary report (bảng tổng hợp, tiếp thu,
giải trình) once the leader publishes it.

Writes are actions: keyword-only, one transaction, one consultation event each. The
summary (`report_rows`, `report_summary`) only reads, and shows only what the public may
see: visible comments (not hidden, not held as flagged) and their public text."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nghedan.consultations.events import consultation_event_record
from nghedan.consultations.models import (
    Comment,
    Consultation,
    ConsultationStatus,
    Disposition,
    StatementStatus,
    StatementVote,
)
from nghedan.consultations.policy import is_consultation_leader, is_consultation_staff
from nghedan.jobs.registry import enqueue
from nghedan.lib import clock
from nghedan.lib.errors import ActionError, TransitionNotAllowed, not_permitted
from nghedan.lib.text import clean, interpolate_lazy

if TYPE_CHECKING:
    from nghedan.accounts.models import User

REASON_MIN, REASON_MAX = 5, 5000
WHOLE_DRAFT = _("Toàn văn")
NOT_DISPOSED = _("Chưa tiếp thu, giải trình")
NOTIFY_TASK = "consultations.notify_followers"


def visible_top_level(consultation: Consultation) -> QuerySet[Comment]:
    """The top-level comments the public sees, oldest first."""
    return consultation.comments.filter(parent=None, hidden_reason="", flagged=False)


def comment_dispose(
    *, acting_user: "User | None", comment: Comment, disposition: str, reason: str
) -> Comment:
    """Record how the agency took a comment in. A disposition may be revised until the
    consultation is done; each change is one event (with the previous disposition)."""
    if not is_consultation_staff(acting_user, comment.consultation):
        raise not_permitted()
    if comment.parent_id is not None:
        raise ActionError(
            "not_top_level", _("Chỉ tiếp thu, giải trình ý kiến gốc, không phải phản hồi.")
        )
    if disposition not in Disposition.values:
        raise ActionError(
            "bad_disposition", _("Vui lòng chọn hình thức tiếp thu."), field="disposition"
        )
    text = clean(reason)
    if len(text) < REASON_MIN:
        raise ActionError(
            "too_short",
            interpolate_lazy(_("Lý do quá ngắn (tối thiểu %(n)s ký tự)."), {"n": REASON_MIN}),
            field="reason",
        )
    if len(text) > REASON_MAX:
        raise ActionError(
            "too_long",
            interpolate_lazy(_("Lý do quá dài (tối đa %(n)s ký tự)."), {"n": REASON_MAX}),
            field="reason",
        )
    with transaction.atomic():
        locked = (
            Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
        )
        if locked.consultation.status not in (ConsultationStatus.OPEN, ConsultationStatus.CLOSED):
            raise TransitionNotAllowed(
                "bad_status",
                _("Chỉ tiếp thu, giải trình khi đang hoặc đã kết thúc lấy ý kiến."),
            )
        previous = locked.disposition
        locked.disposition = disposition
        locked.disposition_reason = text
        locked.disposed_by = acting_user
        locked.disposed_at = clock.now()
        locked.save(
            update_fields=["disposition", "disposition_reason", "disposed_by", "disposed_at"]
        )
        consultation_event_record(
            consultation=locked.consultation,
            actor=acting_user,
            action="comment_disposed",
            data={"comment": locked.pk, "disposition": disposition, "previous": previous},
        )
    return locked


def report_publish(*, acting_user: "User | None", consultation: Consultation) -> Consultation:
    """The leader publishes the summary report: every visible top-level comment must have
    its disposition first. Followers are told in the background (after commit)."""
    if not is_consultation_leader(acting_user, consultation):
        raise not_permitted()
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if locked.status not in (ConsultationStatus.CLOSED, ConsultationStatus.DONE):
            raise TransitionNotAllowed(
                "bad_status", _("Chỉ công bố báo cáo sau khi kết thúc lấy ý kiến.")
            )
        if locked.report_published_at is not None:
            raise TransitionNotAllowed("already_published", _("Báo cáo đã được công bố."))
        pending = visible_top_level(locked).filter(disposition="").count()
        if pending:
            raise ActionError(
                "undisposed",
                interpolate_lazy(
                    _("Còn %(n)s ý kiến chưa được tiếp thu, giải trình."), {"n": pending}
                ),
            )
        locked.report_published_at = clock.now()
        locked.save(update_fields=["report_published_at"])
        consultation_event_record(consultation=locked, actor=acting_user, action="report_published")
        enqueue(
            NOTIFY_TASK,
            payload={"consultation_id": locked.pk, "what": "report_published"},
            key=f"consultation-report:{locked.pk}",
        )
    return locked


def disposition_label(value: str) -> str:
    return str(Disposition(value).label) if value in Disposition.values else str(NOT_DISPOSED)


def report_rows(consultation: Consultation) -> list[dict]:
    """One row per visible top-level comment, in the draft's order (comments on the whole
    draft first), then oldest first."""
    comments = visible_top_level(consultation).select_related("section")
    ordered = sorted(
        comments,
        key=lambda c: (c.section.order if c.section else -1, c.created_at, c.pk),
    )
    rows = []
    for number, comment in enumerate(ordered, start=1):
        section = comment.section
        rows.append(
            {
                "number": number,
                "comment_id": comment.pk,
                "section": (section.heading or str(section)) if section else str(WHOLE_DRAFT),
                "text": comment.public_text,
                "support": comment.support,
                "oppose": comment.oppose,
                "disposition": comment.disposition,
                "disposition_label": disposition_label(comment.disposition),
                "reason": comment.disposition_reason,
            }
        )
    return rows


def report_summary(consultation: Consultation) -> dict:
    """Counts for the report: visible top-level comments by disposition ("" = not yet),
    comments and replies, participants (distinct people who commented or voted on a
    statement), approved statements and the votes on them."""
    top = visible_top_level(consultation)
    by = dict.fromkeys(["", *Disposition.values], 0)
    for value in top.values_list("disposition", flat=True):
        by[value] += 1
    visible = consultation.comments.filter(hidden_reason="", flagged=False)
    statements = consultation.statements.filter(status=StatementStatus.APPROVED)
    votes = StatementVote.objects.filter(statement__in=statements)
    people = set(visible.values_list("author_id", flat=True)) | set(
        votes.values_list("participant_id", flat=True)
    )
    return {
        "comments": sum(by.values()),
        "replies": visible.exclude(parent=None).count(),
        "by_disposition": by,
        "disposition_rows": [
            {"value": value, "label": disposition_label(value), "count": by[value]}
            for value in [*Disposition.values, ""]
        ],
        "participants": len(people),
        "statements": statements.count(),
        "votes": votes.count(),
    }
