"""Writing a consultation's history: one event per change, mirrored in the audit log."""


from nghedan.audit.log import audit_record
from nghedan.consultations.models import ConsultationEvent
from nghedan.lib import clock


def consultation_event_record(
    *, consultation, actor, action: str, data: dict | None = None
) -> ConsultationEvent:
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
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
