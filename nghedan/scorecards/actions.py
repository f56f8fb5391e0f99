"""Writes of the scorecards app: the good-practice register, and refreshing the cells.

Each action runs in one transaction, checks who acts and writes an audit row."""

from datetime import date
from typing import TYPE_CHECKING, TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from nghedan.accounts.discipline import require_fit_for_citizen_duty
from nghedan.accounts.models import User
from nghedan.agencies.models import Agency
from nghedan.audit.log import audit_record
from nghedan.lib import clock
from nghedan.lib.errors import ActionError, not_permitted
from nghedan.lib.text import clean
from nghedan.scorecards.models import Practice, PracticeAdoption

if TYPE_CHECKING:
    from nghedan.petitions.models import Topic

TITLE_MIN, TITLE_MAX = 5, 200
SUMMARY_MIN = 20


def may_register_practice(user: User | AnonymousUser | None, agency: Agency) -> TypeGuard[User]:
    """Leaders record their own agency's practices; administrators any agency's."""
    if user is None or not user.is_authenticated:
        return False
    return user.is_admin_role or (user.is_leader and user.agency_id == agency.pk)


def _check_start(started_on: date) -> None:
    if started_on > clock.today():
        raise ActionError(
            "start_in_future",
            _("Ngày bắt đầu áp dụng không được ở tương lai."),
            field="started_on",
        )


def practice_register(
    *,
    acting_user: User | None,
    agency: Agency,
    title: str,
    summary: str,
    started_on: date,
    lead: User | None,
    topic: "Topic | None" = None,
) -> Practice:
    """Record a good practice of `agency`, run by `lead` (an official of the agency, fit
    for citizen-facing duty)."""
    if not may_register_practice(acting_user, agency):
        raise not_permitted()
    title, summary = clean(title), clean(summary)
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise ActionError("bad_title", _("Tên mô hình cần từ 5 đến 200 ký tự."), field="title")
    if len(summary) < SUMMARY_MIN:
        raise ActionError(
            "bad_summary",
            _("Hãy mô tả cách làm (ít nhất 20 ký tự)."),
            field="summary",
        )
    _check_start(started_on)
    if lead is None or lead.agency_id != agency.pk or lead.role not in ("officer", "leader"):
        raise ActionError(
            "bad_lead",
            _("Cán bộ phụ trách phải là cán bộ của cơ quan."),
            field="lead",
        )
    require_fit_for_citizen_duty(
        user=lead, on=clock.today(), duty="mass_mobilisation", field="lead"
    )
    with transaction.atomic():
        practice = Practice.objects.create(
            agency=agency,
            title=title,
            summary=summary,
            topic=topic,
            started_on=started_on,
            lead=lead,
            created_by=acting_user,
            created_at=clock.now(),
        )
        audit_record(
            actor=acting_user,
            action="scorecards.practice_registered",
            target=practice,
            data={"agency": agency.code, "started_on": started_on.isoformat()},
        )
    return practice


def practice_adopt(
    *, acting_user: User | None, practice: Practice, started_on: date, note: str = ""
) -> PracticeAdoption:
    """The acting leader's agency took up `practice` from `started_on`."""
    agency = getattr(acting_user, "agency", None)
    if agency is None or acting_user is None or not acting_user.is_leader:
        raise not_permitted()
    if agency.pk == practice.agency_id:
        raise ActionError(
            "own_practice",
            _("Đây là mô hình của chính cơ quan bạn."),
        )
    _check_start(started_on)
    try:
        with transaction.atomic():
            adoption = PracticeAdoption.objects.create(
                practice=practice,
                agency=agency,
                started_on=started_on,
                note=clean(note),
                created_by=acting_user,
                created_at=clock.now(),
            )
            audit_record(
                actor=acting_user,
                action="scorecards.practice_adopted",
                target=practice,
                data={"agency": agency.code, "started_on": started_on.isoformat()},
            )
    except IntegrityError:
        raise ActionError(
            "already_adopted",
            _("Cơ quan bạn đã đăng ký nhân rộng mô hình này."),
        ) from None
    return adoption
