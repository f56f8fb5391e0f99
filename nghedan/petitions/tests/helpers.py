"""Small helpers shared by the petition tests."""

from nghedan.audit.models import AuditEntry
from nghedan.petitions.models import Answer, Attachment, Petition, PetitionEvent, Rating

COUNTED = (Petition, PetitionEvent, Answer, Rating, Attachment, AuditEntry)


def row_counts() -> dict[str, int]:
    """How many rows each petition table and the audit log hold: a negative test takes
    this before and after and asserts nothing was written."""
    return {model.__name__: model.objects.count() for model in COUNTED}


def snapshot(petition: Petition) -> dict:
    """What a refused action must leave as it was."""
    petition.refresh_from_db()
    return {
        "status": petition.status,
        "agency": petition.agency_id,
        "answered_at": petition.answered_at,
        "closed_at": petition.closed_at,
        "accepted_at": petition.accepted_at,
        "resolution_due": petition.resolution_due,
        "rows": row_counts(),
    }


def force_status(petition: Petition, status: str, **fields) -> Petition:
    """Put a petition in a status directly, as a test's given step (never done by app code)."""
    Petition.objects.filter(pk=petition.pk).update(status=status, **fields)
    petition.refresh_from_db()
    return petition
