"""Reads of consultations, scoped to who is asking (the rule is `policy.can_see`). What a
user may not see is a 404."""

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from nghedan.consultations import policy
from nghedan.consultations.models import Consultation

if TYPE_CHECKING:
    from nghedan.accounts.models import User


def consultations_visible_to(*, user: "User | AnonymousUser | None") -> QuerySet[Consultation]:
    """Published consultations, and the drafts the user may see (their agency's; every
    draft for an administrator)."""
    return Consultation.objects.filter(policy.visible_filter(user))


def consultation_visible_get(
    *, user: "User | AnonymousUser | None", consultation_id: int
) -> Consultation:
    """The consultation with its agency, or 404 for one the user may not see."""
    consultation = (
        Consultation.objects.select_related("agency", "agency__area")
        .filter(pk=consultation_id)
        .first()
    )
    if consultation is None or not policy.can_see(user, consultation):
        raise Http404
    return consultation
