"""Who may see and act on alerts: the one place these rules live.

Leaders of an agency of the alert's commune or province, and supervisors (Fatherland
Front, mass-mobilisation boards) of that commune or province, see its alerts; leaders act
on them; supervisors read and are told, and change nothing; administrators see all.
"""

from django.db.models import Q

from nghedan.accounts.models import Role
from nghedan.areas.models import AreaLevel


def _area_filter(area) -> Q:
    if area.level == AreaLevel.PROVINCE:
        return Q(province_id=area.pk)
    return Q(area_id=area.pk)


def visible_filter(user) -> Q | None:
    """A filter on Alert for what `user` may read; None means nothing."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_admin_role:
        return Q()
    if user.role == Role.LEADER and user.agency_id:
        return _area_filter(user.agency.area)
    if user.role == Role.SUPERVISOR and user.supervised_area_id:
        return _area_filter(user.supervised_area)
    return None


def can_act(user, alert) -> bool:
    """A leader of an agency of the alert's place (or an administrator)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_admin_role:
        return True
    if user.role != Role.LEADER or not user.agency_id:
        return False
    area = user.agency.area
    return area.pk in (alert.area_id, alert.province_id)
