"""Writing a consultation's history: one event per change, mirrored in the audit log."""


from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

from nghedan.audit.log import audit_record
from nghedan.consultations.models import Consultation, ConsultationEvent
from nghedan.lib import clock

if TYPE_CHECKING:
    from nghedan.accounts.models import User


def consultation_event_record(
    *,
    consultation: Consultation,
    actor: "User | AnonymousUser | None",
    action: str,
    data: dict | None = None,
) -> ConsultationEvent:
    actor_user = actor if actor is not None and actor.is_authenticated else None
    event = ConsultationEvent.objects.create(
        consultation=consultation,
        at=clock.now(),
        actor=actor_user,
        action=action,
        data=data or {},
    )
    audit_record(
        actor=actor_user,
        actor_label="" if actor_user else "system",
        action=f"consultation.{action}",
        target=consultation,
        data={"event": event.pk, **(data or {})},
    )
    return event
