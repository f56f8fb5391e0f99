"""Writing to and checking the audit log. Callers run inside their own transaction."""

from typing import Any

from django.db import models, transaction

from nghedan.audit.models import AuditEntry, AuditHead
from nghedan.lib import clock


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEntry:
    """Append one entry; the head row lock keeps concurrent writers in one chain."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        actor_user = actor if getattr(actor, "is_authenticated", False) else None
        entry = AuditEntry(
            at=clock.now(),
            actor=actor_user,
            actor_label=actor_label or (str(actor_user) if actor_user else ""),
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            data=data or {},
            prev_hash=head.last_hash,
        )
        entry.hash = entry.compute_hash()
        entry.save()
        head.last_hash = entry.hash
        head.save(update_fields=["last_hash"])
    return entry


def audit_verify_chain() -> tuple[bool, int | None]:
    """Walk the chain; return (intact, id of the first broken entry)."""
    prev = "0" * 64
    for entry in AuditEntry.objects.order_by("id").iterator():
        if entry.prev_hash != prev or entry.compute_hash() != entry.hash:
            return False, entry.id
        prev = entry.hash
    return True, None
