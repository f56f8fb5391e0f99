"""Writes of participation in a consultation: comments on a section or on the whole draft,
replies, support / oppose, abuse reports and moderation, and the short statements people
vote on (agree / disagree / pass) from which the opinion groups are computed.

Each action runs in one transaction and records one ConsultationEvent (mirrored in the
audit log); a refusal raises ActionError and changes nothing.
"""

import re
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils.translation import gettext_lazy as _

from nghedan.accounts.verification import is_verified
from nghedan.consultations.events import consultation_event_record
from nghedan.consultations.models import (
    AbuseReport,
    Comment,
    CommentReaction,
    Consultation,
    ConsultationStatus,
    OpinionSnapshot,
    Section,
    Statement,
    StatementStatus,
    StatementVote,
)
from nghedan.consultations.opinion import VoteMatrix, opinion_groups
from nghedan.consultations.policy import comment_is_public, is_consultation_staff
from nghedan.jobs.registry import enqueue
from nghedan.lib import clock
from nghedan.lib.errors import ActionError, NotPermitted, not_permitted
from nghedan.lib.redact import redact
from nghedan.lib.text import clean, fold

if TYPE_CHECKING:
    from nghedan.accounts.models import User

_M = TypeVar("_M", bound=Model)

COMMENT_MIN, COMMENT_MAX = 5, 5000
STATEMENT_MIN, STATEMENT_MAX = 5, 300
REASON_MAX = 300
RECOMPUTE_TASK = "consultations.recompute_groups"

# --- Abusive-language screen -----------------------------------------------------------
# A lexicon, not a model: a moderator must see why a comment waits. Matched whole-word.
# With diacritics: phrases matched on the lower-cased text as written. Bare "chó" is left
# out on purpose: drafts about keeping dogs ("quản lý chó nuôi") would flag every comment;
# the insults built on it are listed instead.
ABUSIVE_WITH_DIACRITICS = (
    "đồ ngu",
    "ngu như bò",
    "ngu như chó",
    "ngu xuẩn",
    "óc chó",
    "đồ chó",
    "thằng chó",
    "con chó này",
    "chó má",
    "chó chết",
    "mất dạy",
    "khốn nạn",
    "đồ khốn",
    "súc vật",
    "đồ điên",
    "câm mồm",
    "im mồm",
    "mẹ mày",
    "bố mày",
    "đm",
    "đmm",
    "địt",
    "đụ",
    "đéo",
    "lồn",
    "cặc",
    "buồi",
    "đĩ",
    "đồ đĩ",
    "thằng ngu",
    "con ngu",
    "vãi lồn",
    "tiên sư",
    "đồ rác rưởi",
)
# Without diacritics (on the folded text): only spellings no ordinary word shares.
ABUSIVE_FOLDED = (
    "do ngu",
    "thang ngu",
    "oc cho",
    "do cho",
    "thang cho",
    "mat day",
    "khon nan",
    "suc vat",
    "ngu xuan",
    "dm",
    "dmm",
    "dcm",
    "dkm",
    "vcl",
    "vkl",
    "vcc",
    "clgt",
    "dit",
    "dit me",
    "du ma",
    "me may",
    "cau may",
    "tien su",
)


def _whole_words(phrases: Iterable[str]) -> re.Pattern:
    alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


_ABUSIVE = _whole_words(ABUSIVE_WITH_DIACRITICS)
_ABUSIVE_FOLDED = _whole_words(ABUSIVE_FOLDED)


def abusive_words(text: str) -> list[str]:
    """The abusive words and phrases in `text`, as listed in the lexicons (empty: none)."""
    found = {m.group(0) for m in _ABUSIVE.finditer(clean(text).lower())}
    found |= {m.group(0) for m in _ABUSIVE_FOLDED.finditer(fold(text))}
    return sorted(found)


# --- Helpers ---------------------------------------------------------------------------


def _require_signed_in(user: "User | AnonymousUser | None") -> "User":
    if user is None or not user.is_authenticated:
        raise ActionError("login_required", _("Vui lòng đăng nhập để tham gia góp ý."))
    return user


def _require_open(consultation: Consultation) -> None:
    now = clock.now()
    if (
        consultation.status != ConsultationStatus.OPEN
        or consultation.opens_at > now
        or consultation.closes_at <= now
    ):
        raise ActionError("not_open", _("Dự thảo này hiện không trong thời gian lấy ý kiến."))


def _require_staff(user: "User | AnonymousUser | None", consultation: Consultation) -> None:
    if not is_consultation_staff(user, consultation):
        raise not_permitted()


def _reason(reason: str, *, required: bool = True) -> str:
    reason = clean(reason or "")
    if required and not reason:
        raise ActionError("reason_required", _("Vui lòng nêu lý do."), field="reason")
    if len(reason) > REASON_MAX:
        raise ActionError("reason_too_long", _("Lý do dài tối đa 300 ký tự."), field="reason")
    return reason


def _locked(model: type[_M], pk: int) -> _M:
    return model._default_manager.select_for_update().get(pk=pk)


# --- Comments --------------------------------------------------------------------------


def comment_add(
    *,
    acting_user: "User | AnonymousUser | None",
    consultation: Consultation,
    text: str,
    section: Section | None = None,
    parent: Comment | None = None,
) -> Comment:
    """A comment on `section` (None: the draft as a whole) or a reply to `parent`."""
    acting_user = _require_signed_in(acting_user)
    _require_open(consultation)
    text = clean(text)
    if len(text) < COMMENT_MIN:
        raise ActionError("too_short", _("Ý kiến quá ngắn (ít nhất 5 ký tự)."), field="text")
    if len(text) > COMMENT_MAX:
        raise ActionError("too_long", _("Ý kiến quá dài (tối đa 5.000 ký tự)."), field="text")
    if section is not None and section.consultation_id != consultation.pk:
        raise ActionError("bad_section", _("Mục này không thuộc dự thảo."), field="section")
    if parent is not None:
        if parent.consultation_id != consultation.pk or not comment_is_public(parent):
            raise ActionError(
                "bad_parent", _("Không tìm thấy ý kiến để trả lời."), field="parent"
            )
        # Replies hang off the comment that opened the thread, on its section.
        if parent.parent:
            parent = parent.parent
        section = parent.section
    words = abusive_words(text)
    with transaction.atomic():
        comment = Comment.objects.create(
            consultation=consultation,
            section=section,
            parent=parent,
            author=acting_user,
            text=text,
            public_text=redact(text),
            flagged=bool(words),
        )
        consultation_event_record(
            consultation=consultation,
            actor=acting_user,
            action="comment_reply" if parent else "comment_added",
            data={
                "comment": comment.pk,
                "section": section.pk if section else None,
                "parent": parent.pk if parent else None,
                "flagged": bool(words),
            },
        )
    return comment


def comment_react(
    *, acting_user: "User | AnonymousUser | None", comment: Comment, value: int
) -> Comment:
    """Support (+1) or oppose (-1) a comment; one reaction per person, which they may
    change. The same value again takes the reaction back."""
    acting_user = _require_signed_in(acting_user)
    if value not in (1, -1):
        raise ActionError("bad_value", _("Chỉ có thể ủng hộ hoặc phản đối."), field="value")
    if not comment_is_public(comment):
        raise ActionError("not_public", _("Ý kiến này không còn hiển thị."))
    if comment.author_id == acting_user.pk:
        raise NotPermitted(
            "own_comment", _("Bạn không thể tự ủng hộ hay phản đối ý kiến của mình.")
        )
    _require_open(comment.consultation)
    with transaction.atomic():
        # The comment's row lock orders concurrent reactions to it.
        _locked(Comment, comment.pk)
        previous = CommentReaction.objects.filter(comment=comment, user=acting_user).first()
        deltas = {1: 0, -1: 0}
        if previous is None:
            CommentReaction.objects.create(comment=comment, user=acting_user, value=value)
            deltas[value] += 1
            action = "comment_reacted"
        elif previous.value == value:
            previous.delete()
            deltas[value] -= 1
            action = "comment_reaction_removed"
        else:
            previous.value = value
            previous.save(update_fields=["value"])
            deltas[value] += 1
            deltas[-value] -= 1
            action = "comment_reacted"
        Comment.objects.filter(pk=comment.pk).update(
            support=F("support") + deltas[1], oppose=F("oppose") + deltas[-1]
        )
        consultation_event_record(
            consultation=comment.consultation,
            actor=acting_user,
            action=action,
            data={"comment": comment.pk, "value": value},
        )
    comment.refresh_from_db(fields=["support", "oppose"])
    return comment


def comment_report(
    *, acting_user: "User | AnonymousUser | None", comment: Comment, reason: str
) -> AbuseReport:
    """Report a comment as abusive; moderators see it. One report per person."""
    acting_user = _require_signed_in(acting_user)
    reason = _reason(reason)
    if not comment_is_public(comment):
        raise ActionError("not_public", _("Ý kiến này không còn hiển thị."))
    if comment.author_id == acting_user.pk:
        raise NotPermitted("own_comment", _("Bạn không thể báo cáo vi phạm ý kiến của mình."))
    try:
        with transaction.atomic():
            report = AbuseReport.objects.create(
                comment=comment, reporter=acting_user, reason=reason
            )
            consultation_event_record(
                consultation=comment.consultation,
                actor=acting_user,
                action="comment_reported",
                data={"comment": comment.pk, "report": report.pk},
            )
    except IntegrityError:
        raise ActionError("already_reported", _("Bạn đã báo cáo vi phạm ý kiến này.")) from None
    return report


def comment_hide(*, acting_user: "User | None", comment: Comment, reason: str) -> Comment:
    """Hide a comment from the public, with the reason; it is kept and the hiding audited.
    Open reports on it are resolved."""
    _require_staff(acting_user, comment.consultation)
    reason = _reason(reason)
    with transaction.atomic():
        comment = _locked(Comment, comment.pk)
        if comment.hidden_by_id or comment.hidden_reason:
            raise ActionError("already_hidden", _("Ý kiến này đã bị ẩn."))
        comment.hidden_reason = reason
        comment.hidden_by = acting_user
        comment.save(update_fields=["hidden_reason", "hidden_by"])
        resolved = AbuseReport.objects.filter(comment=comment, resolved_at__isnull=True).update(
            resolved_at=clock.now()
        )
        consultation_event_record(
            consultation=comment.consultation,
            actor=acting_user,
            action="comment_hidden",
            data={"comment": comment.pk, "reason": reason, "reports_resolved": resolved},
        )
    return comment


def comment_clear(*, acting_user: "User | None", comment: Comment) -> Comment:
    """A moderator finds nothing wrong: the screen's flag is lifted and open reports are
    resolved, so the comment shows."""
    _require_staff(acting_user, comment.consultation)
    with transaction.atomic():
        comment = _locked(Comment, comment.pk)
        open_reports = AbuseReport.objects.filter(comment=comment, resolved_at__isnull=True)
        if comment.hidden_by_id or comment.hidden_reason:
            raise ActionError("already_hidden", _("Ý kiến này đã bị ẩn."))
        if not comment.flagged and not open_reports.exists():
            raise ActionError("nothing_to_clear", _("Ý kiến này không chờ kiểm duyệt."))
        was_flagged = comment.flagged
        comment.flagged = False
        comment.save(update_fields=["flagged"])
        resolved = open_reports.update(resolved_at=clock.now())
        consultation_event_record(
            consultation=comment.consultation,
            actor=acting_user,
            action="comment_cleared",
            data={"comment": comment.pk, "was_flagged": was_flagged, "reports_resolved": resolved},
        )
    return comment


# --- Statements ------------------------------------------------------------------------


def statement_add(
    *, acting_user: "User | AnonymousUser | None", consultation: Consultation, text: str
) -> Statement:
    """A short statement to vote on. The agency's own are approved at once; participants'
    wait for a moderator."""
    acting_user = _require_signed_in(acting_user)
    _require_open(consultation)
    text = clean(text).replace("\n", " ")
    if len(text) < STATEMENT_MIN:
        raise ActionError("too_short", _("Nhận định quá ngắn (ít nhất 5 ký tự)."), field="text")
    if len(text) > STATEMENT_MAX:
        raise ActionError("too_long", _("Nhận định dài tối đa 300 ký tự."), field="text")
    by_agency = is_consultation_staff(acting_user, consultation)
    with transaction.atomic():
        statement = Statement.objects.create(
            consultation=consultation,
            text=redact(text),
            author=acting_user,
            by_agency=by_agency,
            status=StatementStatus.APPROVED if by_agency else StatementStatus.PENDING,
        )
        consultation_event_record(
            consultation=consultation,
            actor=acting_user,
            action="statement_added",
            data={"statement": statement.pk, "by_agency": by_agency},
        )
    return statement


def statement_moderate(
    *, acting_user: "User | None", statement: Statement, approve: bool, reason: str = ""
) -> Statement:
    """Approve or reject a participant's pending statement (a rejection needs a reason)."""
    _require_staff(acting_user, statement.consultation)
    reason = _reason(reason, required=not approve)
    with transaction.atomic():
        statement = _locked(Statement, statement.pk)
        if statement.status != StatementStatus.PENDING:
            raise ActionError("not_pending", _("Nhận định này đã được kiểm duyệt."))
        statement.status = StatementStatus.APPROVED if approve else StatementStatus.REJECTED
        statement.moderation_reason = reason
        statement.save(update_fields=["status", "moderation_reason"])
        consultation_event_record(
            consultation=statement.consultation,
            actor=acting_user,
            action="statement_approved" if approve else "statement_rejected",
            data={"statement": statement.pk, "reason": reason},
        )
    return statement


def statement_vote(
    *, acting_user: "User | AnonymousUser | None", statement: Statement, value: int
) -> StatementVote:
    """Agree (1), disagree (-1) or pass (0) on an approved statement. One vote per person:
    a new one replaces it. Needs a verified account. The opinion groups are recomputed in
    the background, once per consultation and minute however many votes arrive."""
    acting_user = _require_signed_in(acting_user)
    if isinstance(value, bool) or value not in (1, -1, 0):
        raise ActionError("bad_value", _("Phiếu không hợp lệ."), field="value")
    if not is_verified(acting_user):
        # A permission, not an input error: the answer is the same whatever is posted.
        raise NotPermitted(
            "not_verified",
            _(
                "Để biểu quyết, tài khoản cần được xác minh bằng thư điện tử hoặc số điện "
                "thoại. Vui lòng vào trang “Xác minh tài khoản” (/accounts/verify/)."
            ),
        )
    consultation = statement.consultation
    _require_open(consultation)
    if statement.status != StatementStatus.APPROVED:
        raise ActionError("not_approved", _("Nhận định này chưa được duyệt."))
    with transaction.atomic():
        vote, _created = StatementVote.objects.select_for_update().update_or_create(
            statement=statement, participant=acting_user, defaults={"value": value}
        )
        consultation_event_record(
            consultation=consultation,
            actor=acting_user,
            action="statement_voted",
            data={"statement": statement.pk},
        )
        _recompute_soon(consultation)
    return vote


def _recompute_soon(consultation: Consultation) -> None:
    # Registered in the task module; imported here so enqueue knows the name.
    from nghedan.consultations import tasks_participation  # noqa: F401

    now = clock.now()
    minute = now.replace(second=0, microsecond=0)
    enqueue(
        RECOMPUTE_TASK,
        payload={"consultation_id": consultation.pk},
        key=f"{RECOMPUTE_TASK}:{consultation.pk}:{minute:%Y%m%d%H%M}",
        # At the end of the minute: the votes of the whole burst are in.
        run_after=minute + timedelta(minutes=1),
    )


# --- Opinion groups --------------------------------------------------------------------


def opinion_recompute(*, consultation: Consultation) -> OpinionSnapshot:
    """Recompute the opinion groups from the votes on approved statements and store them.
    Derived data (a cache of the votes, which are themselves recorded): no event.
    Idempotent: running it twice stores the same snapshot."""
    votes = list(
        StatementVote.objects.filter(
            statement__consultation=consultation, statement__status=StatementStatus.APPROVED
        )
        .order_by("participant_id", "statement_id")
        .values_list("participant_id", "statement_id", "value")
    )
    texts = {
        str(pk): text
        for pk, text in Statement.objects.filter(
            consultation=consultation, status=StatementStatus.APPROVED
        ).values_list("pk", "text")
    }
    matrix = VoteMatrix.from_rows(votes)
    result = opinion_groups(matrix=matrix).as_dict()
    for reps in result["representative"].values():
        for rep in reps:
            rep["text"] = texts.get(rep["statement"], "")
    for item in result["consensus"]:
        item["text"] = texts.get(item["statement"], "")
    result["statements"] = texts
    result["participants"] = len(matrix.participants)
    with transaction.atomic():
        snapshot, _created = OpinionSnapshot.objects.update_or_create(
            consultation=consultation,
            defaults={"computed_at": clock.now(), "votes": len(votes), "result": result},
        )
    return snapshot
