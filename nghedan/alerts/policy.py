"""Who may see and act on alerts: the one place these rules live.

Leaders of an agency of the alert's commune or province, and supervisors (Fatherland
Front, mass-mobilisation boards) of that commune or province, see its alerts; leaders act
on them; supervisors read and are told, and change nothing; administrators see all.
"""

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from nghedan.accounts.models import Role, User
from nghedan.areas.models import Area, AreaLevel

if TYPE_CHECKING:
    from nghedan.alerts.models import Alert


def _area_filter(area: Area) -> Q:
    if area.level == AreaLevel.PROVINCE:
        return Q(province_id=area.pk)
    return Q(area_id=area.pk)


def visible_filter(user: User | AnonymousUser | None) -> Q | None:
    """A filter on Alert for what `user` may read; None means nothing."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_admin_role:
        return Q()
    if user.role == Role.LEADER and user.agency:
        return _area_filter(user.agency.area)
    if user.role == Role.SUPERVISOR and user.supervised_area:
        return _area_filter(user.supervised_area)
    return None


def can_act(user: User | AnonymousUser | None, alert: "Alert") -> bool:
    """A leader of an agency of the alert's place (or an administrator)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_admin_role:
        return True
    if user.role != Role.LEADER or not user.agency:
        return False
    area = user.agency.area
    return area.pk in (alert.area_id, alert.province_id)
