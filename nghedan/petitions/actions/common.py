"""What the petition actions share: limits, row locks, clocks and the one way a status changes."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from nghedan.agencies.models import Agency
from nghedan.areas.models import Area
from nghedan.deadlines.services import DueDates, due_dates
from nghedan.lib.errors import ActionError, not_permitted
from nghedan.lib.text import clean
from nghedan.petitions import policy
from nghedan.petitions.codes import new_tracking_code
from nghedan.petitions.events import petition_event_record
from nghedan.petitions.lifecycle import TRANSITIONS, check_transition
from nghedan.petitions.models import (
    Petition,
)

if TYPE_CHECKING:
    from nghedan.accounts.models import User

TITLE_MAX = 200
BODY_MIN, BODY_MAX = 10, 20_000
SIGNATORIES_MAX = 100_000
REASON_MIN = 5
REOPEN_WINDOW = timedelta(days=30)
# Law on Complaints 2011, Art. 33: 30 days after the first-level decision, 45 in remote
# or especially difficult areas.
APPEAL_WINDOW = timedelta(days=30)
APPEAL_WINDOW_REMOTE = timedelta(days=45)


def _locked(petition: Petition) -> Petition:
    return Petition.objects.select_for_update().select_related("agency", "area").get(pk=petition.pk)


def _clocks(
    *,
    kind: str,
    agency: Agency,
    area: Area,
    received_on: date,
    accepted_on: date | None = None,
    stage: str = "first",
    complex: bool = False,
    extensions: int = 0,
) -> DueDates:
    """Due dates from the deadline service, for the level of the handling agency and the
    longer limits of remote areas."""
    province = area.province
    return due_dates(
        kind=kind,
        received_on=received_on,
        accepted_on=accepted_on,
        stage=stage,
        level=agency.agency_type.level,
        remote=area.is_remote or province.is_remote,
        complex=complex,
        extensions=extensions,
    )


def _require_reason(reason: str, field: str = "reason") -> str:
    reason = clean(reason)
    if len(reason) < REASON_MIN:
        raise ActionError("reason_required", _("Vui lòng nêu rõ lý do."), field=field)
    return reason


def _transition(
    *,
    petition: Petition,
    acting_user: "User | AnonymousUser | None",
    command: str,
    reason: str = "",
    data: dict | None = None,
    visible_to_petitioner: bool = True,
    **changes: Any,
) -> Petition:
    """Check and apply one command's status change and record its event; the caller holds
    the row lock. A change of `agency` is recorded in the event as the move from one to the
    other."""
    target = check_transition(command, petition.status)
    from_status = petition.status
    from_agency = petition.agency if "agency" in changes else None
    if target is not None:
        petition.status = target
    for field, value in changes.items():
        setattr(petition, field, value)
    petition.save()
    event = TRANSITIONS[command].event
    if event is None:
        raise ValueError(f"{command!r} records no event of its own")
    petition_event_record(
        petition=petition,
        actor=acting_user,
        action=event,
        from_status=from_status,
        to_status=petition.status,
        from_agency=from_agency,
        to_agency=changes.get("agency"),
        reason=reason,
        data=data,
        visible_to_petitioner=visible_to_petitioner,
    )
    return petition


def _require_handler(acting_user: "User | None", petition: Petition) -> "User":
    if not policy.is_handler(acting_user, petition):
        raise not_permitted()
    return acting_user


def _insert_with_new_code(petition: Petition, *, then: Callable[[], object]) -> None:
    """Save a new petition under a fresh tracking code, drawing again on the rare
    collision; `then` writes what belongs with it, in the same transaction."""
    for _attempt in range(5):
        petition.code = new_tracking_code()
        try:
            with transaction.atomic():
                petition.save()
                then()
            return
        except IntegrityError:
            petition.pk = None
            if not Petition.objects.filter(code=petition.code).exists():
                raise  # not the code: let the caller see what else was duplicated
    raise RuntimeError("could not allocate a unique tracking code")
