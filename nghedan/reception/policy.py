"""Who may see and act on commitments: the one place these rules live. The agency's staff,
the people a commitment was made to, the supervisors of the agency's area, and
administrators see it; the agency's staff add evidence; its leaders resolve it; the people
it was made to say whether it was kept."""

from typing import TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from nghedan.accounts.models import Role, User
from nghedan.accounts.scope import in_area_q
from nghedan.reception.models import Commitment


def _active(user: User | AnonymousUser | None) -> TypeGuard[User]:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_leader_of(user: User | AnonymousUser | None, agency_id: int | None) -> bool:
    return _active(user) and user.role == Role.LEADER and user.agency_id == agency_id


def is_staff_of(user: User | AnonymousUser | None, agency_id: int | None) -> bool:
    return (
        _active(user) and user.role in (Role.OFFICER, Role.LEADER) and user.agency_id == agency_id
    )


def visible_filter(user: User | AnonymousUser | None) -> Q | None:
    """A filter on Commitment for what `user` may see; None means nothing: the agency's
    staff, the people it was made to, the supervisors of the agency's area, admins."""
    if not _active(user):
        return None
    if user.is_admin_role:
        return Q()
    if user.role in (Role.OFFICER, Role.LEADER):
        return Q(agency_id=user.agency_id) if user.agency_id else None
    if user.role == Role.SUPERVISOR and user.supervised_area is not None:
        return in_area_q(user.supervised_area, field="agency__area")
    return Q(people=user)


def is_person_of(user: User | AnonymousUser | None, commitment: Commitment) -> TypeGuard[User]:
    return _active(user) and commitment.people.filter(pk=user.pk).exists()
