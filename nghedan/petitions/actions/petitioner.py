"""The petitioner's steps: rate, reopen, withdraw, appeal."""

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from nghedan.lib import clock
from nghedan.lib.errors import ActionError, TransitionNotAllowed, not_permitted
from nghedan.lib.text import clean, interpolate_lazy
from nghedan.petitions import policy
from nghedan.petitions.actions.common import (
    APPEAL_WINDOW,
    APPEAL_WINDOW_REMOTE,
    REOPEN_WINDOW,
    _clocks,
    _insert_with_new_code,
    _locked,
    _require_reason,
    _transition,
)
from nghedan.petitions.events import petition_event_record
from nghedan.petitions.lifecycle import LOW_RATING_BELOW, EventAction, check_transition
from nghedan.petitions.models import (
    AnswerStatus,
    Kind,
    Petition,
    Rating,
    RatingReason,
    Status,
)

if TYPE_CHECKING:
    from nghedan.accounts.models import User


def _require_petitioner(
    acting_user: "User | AnonymousUser | None", petition: Petition, secret: str | None
) -> None:
    if not policy.is_petitioner(acting_user, petition, secret):
        raise not_permitted()


def petition_rate(
    *,
    acting_user: "User | AnonymousUser | None",
    petition: Petition,
    secret: str | None = None,
    stars: int,
    reasons: Sequence[str] = (),
    comment: str = "",
) -> Rating:
    """The petitioner rates the published answer: 3 or more closes the petition, less
    reopens it for the agency to handle again — except a complaint: its answer is a
    decision, and disagreeing with it is a second-level complaint (the appeal, which
    stays open to the petitioner), not a second look at the same level. Any rating of a
    complaint's answer closes its first stage."""
    with transaction.atomic():
        petition = _locked(petition)
        _require_petitioner(acting_user, petition, secret)
        check_transition("rate", petition.status)
        if not isinstance(stars, int) or not 1 <= stars <= 5:
            raise ActionError(
                "bad_stars", _("Vui lòng chọn mức đánh giá từ 1 đến 5."), field="stars"
            )
        unknown = set(reasons) - set(RatingReason.values)
        if unknown:
            raise ActionError("bad_reason", _("Lý do đánh giá không hợp lệ."), field="reasons")
        answer = petition.answers.filter(status=AnswerStatus.PUBLISHED).latest("published_at")
        rating = Rating.objects.create(
            petition=petition,
            answer=answer,
            stars=stars,
            reasons=sorted(set(reasons)),
            comment=clean(comment),
            created_at=clock.now(),
        )
        from_status = petition.status
        if stars >= LOW_RATING_BELOW or petition.kind == Kind.COMPLAINT:
            petition.status, petition.closed_at, action = (
                Status.CLOSED,
                clock.now(),
                EventAction.RATED_CLOSED,
            )
        else:
            petition.status, action = Status.REOPENED, EventAction.RATED_REOPENED
        petition.save()
        petition_event_record(
            petition=petition,
            actor=acting_user,
            action=action,
            from_status=from_status,
            to_status=petition.status,
            reason=rating.comment,
            data={"rating": rating.pk, "stars": stars, "reasons": rating.reasons},
        )
        return rating


def petition_reopen(
    *,
    acting_user: "User | AnonymousUser | None",
    petition: Petition,
    secret: str | None = None,
    reason: str,
) -> Petition:
    """The petitioner says the problem is not solved, within the reopening window."""
    with transaction.atomic():
        petition = _locked(petition)
        _require_petitioner(acting_user, petition, secret)
        reason = _require_reason(reason)
        if petition.answered_at and clock.now() - petition.answered_at > REOPEN_WINDOW:
            raise TransitionNotAllowed(
                "reopen_window_passed",
                _("Đã quá thời hạn 30 ngày để yêu cầu xem xét lại; bạn có thể gửi đơn mới."),
            )
        return _transition(
            petition=petition,
            acting_user=acting_user,
            command="reopen",
            reason=reason,
            closed_at=None,
        )


def petition_withdraw(
    *,
    acting_user: "User | AnonymousUser | None",
    petition: Petition,
    secret: str | None = None,
    reason: str = "",
) -> Petition:
    with transaction.atomic():
        petition = _locked(petition)
        _require_petitioner(acting_user, petition, secret)
        return _transition(
            petition=petition,
            acting_user=acting_user,
            command="withdraw",
            reason=clean(reason),
            closed_at=clock.now(),
        )


def petition_appeal(
    *,
    acting_user: "User | AnonymousUser | None",
    petition: Petition,
    secret: str | None = None,
    reason: str,
) -> Petition:
    """Khiếu nại lần hai: a linked complaint at the parent agency, followed with the same
    secret; the first-level petition ends as `appealed`."""
    with transaction.atomic():
        petition = _locked(petition)
        _require_petitioner(acting_user, petition, secret)
        reason = _require_reason(reason)
        if petition.kind != Kind.COMPLAINT:
            raise TransitionNotAllowed(
                "appeal_complaints_only", _("Chỉ đơn khiếu nại mới được khiếu nại lần hai.")
            )
        decided_at = petition.answered_at or petition.closed_at
        remote = petition.area.is_remote or petition.area.province.is_remote
        window = APPEAL_WINDOW_REMOTE if remote else APPEAL_WINDOW
        if decided_at and clock.now() - decided_at > window:
            raise TransitionNotAllowed(
                "appeal_window_passed",
                interpolate_lazy(
                    _(
                        "Đã quá thời hạn %(days)s ngày kể từ khi có quyết định giải quyết lần đầu "
                        "để khiếu nại lần hai (Luật Khiếu nại 2011, Điều 33)."
                    ),
                    {"days": window.days},
                ),
            )
        parent = petition.agency.parent
        if parent is None:
            raise TransitionNotAllowed(
                "no_parent_agency", _("Cơ quan này không có cấp trên để khiếu nại lần hai.")
            )
        _transition(petition=petition, acting_user=acting_user, command="appeal", reason=reason)
        now = clock.now()
        dates = _clocks(
            kind=Kind.COMPLAINT,
            agency=parent,
            area=petition.area,
            received_on=clock.local_date(now),
            stage="second",
        )
        appeal = Petition(
            secret_digest=petition.secret_digest,
            kind=Kind.COMPLAINT,
            topic=petition.topic,
            title=petition.title,
            body=f"{reason}\n\n---\n{petition.body}",
            public_body="",
            area=petition.area,
            address=petition.address,
            agency=parent,
            channel=petition.channel,
            signatories=petition.signatories,
            citizen=petition.citizen,
            petitioner_name=petition.petitioner_name,
            petitioner_phone=petition.petitioner_phone,
            petitioner_email=petition.petitioner_email,
            petitioner_address=petition.petitioner_address,
            received_at=now,
            acceptance_due=dates.acceptance_due,
            resolution_due=dates.resolution_due,
            acceptance_rule_id=dates.acceptance_rule.rule_id,
            resolution_rule_id=dates.resolution_rule.rule_id,
            appeal_of=petition,
        )
        _insert_with_new_code(
            appeal,
            then=lambda: petition_event_record(
                petition=appeal,
                actor=acting_user,
                action=EventAction.SUBMITTED,
                to_status=Status.RECEIVED,
                to_agency=parent,
                reason=reason,
                data={"appeal_of": petition.code},
            ),
        )
        return appeal
