"""Writing the history of reception days, bookings, dialogues and commitments: one event
per change, mirrored in the audit log."""


from nghedan.audit.log import audit_record
from nghedan.lib import clock
from nghedan.reception.models import ReceptionEvent


def reception_event_record(
    *,
    actor,
    action: str,
    day=None,
    booking=None,
    dialogue=None,
    commitment=None,
    data: dict | None = None,
) -> ReceptionEvent:
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
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
