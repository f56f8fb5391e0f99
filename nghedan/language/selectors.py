"""Reads of the language pipeline, scoped to the person asking."""

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from nghedan.language.models import PetitionAnalysis, PetitionGroup
from nghedan.petitions.models import Petition
from nghedan.petitions.selectors import petitions_visible_to

if TYPE_CHECKING:
    from nghedan.accounts.models import User


def analysis_of(*, petition: Petition) -> PetitionAnalysis | None:
    """The analysis of a petition the caller has already been allowed to see."""
    return (
        PetitionAnalysis.objects.select_related(
            "suggested_topic", "suggested_agency_type", "suggested_area__parent", "group"
        )
        .filter(petition=petition)
        .first()
    )


def group_members(*, user: "User | AnonymousUser | None", group: PetitionGroup | None) -> QuerySet:
    """The petitions of a group that `user` may see, oldest first."""
    if group is None:
        return Petition.objects.none()
    return (
        petitions_visible_to(user=user)
        .filter(analysis__group=group)
        .select_related("analysis")
        .order_by("received_at")
    )
