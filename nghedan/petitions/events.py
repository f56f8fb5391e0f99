"""Writing a petition's history: one event per change, mirrored in the audit log.

On a petition that protects identity (a denunciation), the audit log never names who took
the petitioner's steps: the entry carries a keyed pseudonym instead of the account (the
same for every step of that person on that petition), so that the log, which
administrators read and which is kept for ever, does not tell who denounced whom. The
event itself keeps the account for the handlers (`policy.can_see_event_actor`).
"""

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser

from nghedan.agencies.models import Agency
from nghedan.audit.log import audit_pseudonym, audit_record
from nghedan.jobs.registry import enqueue
from nghedan.lib import clock
from nghedan.petitions import policy
from nghedan.petitions.models import Petition, PetitionEvent

if TYPE_CHECKING:
    from nghedan.accounts.models import User


def petition_event_record(
    *,
    petition: Petition,
    actor: "User | AnonymousUser | None",
    action: str,
    from_status: str = "",
    to_status: str = "",
    from_agency: Agency | None = None,
    to_agency: Agency | None = None,
    reason: str = "",
    data: dict | None = None,
    visible_to_petitioner: bool = True,
) -> PetitionEvent:
    actor_user = actor if actor is not None and actor.is_authenticated else None
    event = PetitionEvent.objects.create(
        petition=petition,
        at=clock.now(),
        actor=actor_user,
        action=action,
        from_status=from_status,
        to_status=to_status,
        from_agency=from_agency,
        to_agency=to_agency,
        reason=reason,
        data=data or {},
        visible_to_petitioner=visible_to_petitioner,
    )
    protected = (
        actor_user is not None
        and petition.protects_identity
        and policy.acted_as_petitioner(petition, actor_id=actor_user.pk, action=action)
    )
    if protected and actor_user is not None:
        audit_actor, label = None, audit_pseudonym(user=actor_user, scope=petition)
    else:
        audit_actor, label = actor_user, "" if actor_user else "petitioner-or-system"
    audit_record(
        actor=audit_actor,
        actor_label=label,
        action=f"petition.{action}",
        target=petition,
        data={
            "code": petition.code,
            "event": event.pk,
            "from": from_status,
            "to": to_status,
            "from_agency": from_agency.pk if from_agency else None,
            "to_agency": to_agency.pk if to_agency else None,
            **(data or {}),
        },
    )
    if visible_to_petitioner and petition.notify_updates:
        # Told to the petitioner by a job committed with this event; the key makes a
        # retried transaction enqueue it once.
        enqueue(
            "notifications.petition_event",
            payload={"event_id": event.pk},
            key=f"petition-event:{event.pk}",
        )
    return event
