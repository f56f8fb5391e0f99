"""Reads of early warning, scoped to the person asking."""

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from nghedan.alerts import policy
from nghedan.alerts.models import ACTIVE_STATUSES, Alert
from nghedan.petitions.selectors import petitions_visible_to

if TYPE_CHECKING:
    from nghedan.accounts.models import User


def in_place_q(area_id: int) -> Q:
    """Alerts about a place: raised in it (a commune, or a province as a whole) or, for a
    province, in one of its communes."""
    return Q(area_id=area_id) | Q(province_id=area_id)


def alerts_active() -> QuerySet:
    """Every alert that still asks for attention (not closed)."""
    return Alert.objects.filter(status__in=ACTIVE_STATUSES)


def alerts_visible_to(*, user: "User | AnonymousUser | None") -> QuerySet:
    condition = policy.visible_filter(user)
    if condition is None:
        return Alert.objects.none()
    return Alert.objects.filter(condition).select_related(
        "area", "area__parent", "province", "topic", "assignee"
    )


def alert_get(*, user: "User | AnonymousUser | None", alert_id: int) -> Alert:
    alert = alerts_visible_to(user=user).filter(pk=alert_id).first()
    if alert is None:
        raise Http404
    return alert


def alert_evidence(*, user: "User | AnonymousUser | None", alert: Alert) -> QuerySet:
    """The petitions behind an alert that `user` may open (others are counted, not shown)."""
    return (
        petitions_visible_to(user=user)
        .filter(alerts=alert)
        .select_related("analysis")
        .order_by("-received_at")
    )


def open_alerts_by_province(*, user: "User | AnonymousUser | None") -> dict[str, int]:
    """Province code -> number of active alerts, for the map."""
    rows = (
        alerts_visible_to(user=user)
        .filter(status__in=ACTIVE_STATUSES)
        .values("province__code")
        .annotate(n=Count("pk"))
    )
    return {row["province__code"]: row["n"] for row in rows}


def alerts_filtered(
    *, user: "User | AnonymousUser | None", province: str = "", status: str = "", kind: str = ""
) -> QuerySet:
    alerts = alerts_visible_to(user=user)
    if province:
        alerts = alerts.filter(Q(province__code=province) | Q(area__code=province))
    if status == "active":
        alerts = alerts.filter(status__in=ACTIVE_STATUSES)
    elif status:
        alerts = alerts.filter(status=status)
    if kind:
        alerts = alerts.filter(kind=kind)
    return alerts.annotate(evidence=Count("petitions", distinct=True))
