"""Writing the history of reception days, bookings, dialogues and commitments: one event
per change, mirrored in the audit log."""


from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

from nghedan.audit.log import audit_record
from nghedan.lib import clock
from nghedan.reception.models import Booking, Commitment, Dialogue, ReceptionDay, ReceptionEvent

if TYPE_CHECKING:
    from nghedan.accounts.models import User


def reception_event_record(
    *,
    actor: "User | AnonymousUser | None",
    action: str,
    day: ReceptionDay | None = None,
    booking: Booking | None = None,
    dialogue: Dialogue | None = None,
    commitment: Commitment | None = None,
    data: dict | None = None,
) -> ReceptionEvent:
    actor_user = actor if actor is not None and actor.is_authenticated else None
    event = ReceptionEvent.objects.create(
        at=clock.now(),
        actor=actor_user,
        action=action,
        day=day,
        booking=booking,
        dialogue=dialogue,
        commitment=commitment,
        data=data or {},
    )
    target = commitment or booking or dialogue or day
    audit_record(
        actor=actor_user,
        actor_label="" if actor_user else "system",
        action=f"reception.{action}",
        target=target,
        data={"event": event.pk, **(data or {})},
    )
    return event
