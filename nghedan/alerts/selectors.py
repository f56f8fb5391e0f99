"""Reads of early warning, scoped to the person asking."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from nghedan.alerts import policy
from nghedan.alerts.models import Alert, AlertStatus
from nghedan.petitions.selectors import petitions_visible_to


def alerts_visible_to(*, user) -> QuerySet:
    condition = policy.visible_filter(user)
    if condition is None:
        return Alert.objects.none()
    return Alert.objects.filter(condition).select_related(
        "area", "area__parent", "province", "topic", "assignee"
    )


def alert_get(*, user, alert_id: int) -> Alert:
    alert = alerts_visible_to(user=user).filter(pk=alert_id).first()
    if alert is None:
        raise Http404
    return alert


def alert_evidence(*, user, alert: Alert) -> QuerySet:
    """The petitions behind an alert that `user` may open (others are counted, not shown)."""
    return (
        petitions_visible_to(user=user)
        .filter(alerts=alert)
        .select_related("analysis")
        .order_by("-received_at")
    )


def open_alerts_by_province(*, user) -> dict[str, int]:
    """Province code -> number of active alerts, for the map."""
    rows = (
        alerts_visible_to(user=user)
        .exclude(status=AlertStatus.CLOSED)
        .values("province__code")
        .annotate(n=Count("pk"))
    )
    return {row["province__code"]: row["n"] for row in rows}


def alerts_filtered(*, user, province: str = "", status: str = "", kind: str = "") -> QuerySet:
    alerts = alerts_visible_to(user=user)
    if province:
        alerts = alerts.filter(Q(province__code=province) | Q(area__code=province))
    if status == "active":
        alerts = alerts.exclude(status=AlertStatus.CLOSED)
    elif status:
        alerts = alerts.filter(status=status)
    if kind:
        alerts = alerts.filter(kind=kind)
    return alerts.annotate(evidence=Count("petitions", distinct=True))
