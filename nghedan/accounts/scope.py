"""Where people stand among places and agencies: the one home of

- the area a supervisor watches, and what lies in it (a province holds its communes);
- who stands above an agency and is told when its work is late (escalation);
- who watches a place and is told of trouble there (alerts).

Petitions, commitments, alerts, reception and the dashboards ask these questions; they
answer them here, never with their own copy of the rule.
"""

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Q

from nghedan.accounts.models import Role
from nghedan.areas.models import Area, AreaLevel

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from nghedan.accounts.models import User
    from nghedan.agencies.models import Agency


def in_area_q(area: Area, *, field: str = "area") -> Q:
    """A filter for rows whose `field` (an Area) is `area` or, for a province, one of its
    communes."""
    if area.level == AreaLevel.PROVINCE:
        return Q(**{f"{field}_id": area.pk}) | Q(**{f"{field}__parent_id": area.pk})
    return Q(**{f"{field}_id": area.pk})


def area_contains(scope: Area | None, area: Area) -> bool:
    """Whether `area` is `scope` or one of its communes."""
    return scope is not None and (area.pk == scope.pk or area.parent_id == scope.pk)


def supervised_area(user: "User | AnonymousUser | None") -> Area | None:
    """The area an active supervisor watches; None for everyone else."""
    if (
        user is None
        or not user.is_authenticated
        or not user.is_active
        or user.role != Role.SUPERVISOR
    ):
        return None
    return user.supervised_area if user.supervised_area_id else None


def _places(area: Area) -> list[int]:
    """The area and, for a commune, its province."""
    return [area.pk] + ([area.parent_id] if area.parent_id else [])


def escalation_recipients(*, agency: "Agency", area: Area) -> list:
    """Who is told when the work of `agency` about `area` is late: the leaders of the agency
    and of its parent agency, and the supervisors of the area (the commune or its
    province). Active accounts only, in a stable order."""
    agencies = [agency.pk] + ([agency.parent_id] if agency.parent_id else [])
    return list(
        get_user_model()
        .objects.filter(
            Q(role=Role.LEADER, agency_id__in=agencies)
            | Q(role=Role.SUPERVISOR, supervised_area_id__in=_places(area)),
            is_active=True,
        )
        .order_by("id")
    )


def place_watchers(*, area: Area) -> list:
    """Who is told of trouble in a place: the leaders of the agencies of the commune and
    of its province, and the supervisors of either. Active accounts only."""
    places = _places(area)
    return list(
        get_user_model()
        .objects.filter(
            Q(role=Role.LEADER, agency__area_id__in=places)
            | Q(role=Role.SUPERVISOR, supervised_area_id__in=places),
            is_active=True,
        )
        .distinct()
        .order_by("id")
    )
