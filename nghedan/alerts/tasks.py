"""Background work of early warning: the detectors on a schedule, and telling people."""

from django.conf import settings

from nghedan.jobs.registry import periodic, task


@periodic("alerts.scan", every_seconds=settings.NGHEDAN_ALERT_SCAN_HOURS * 3600)
def scan() -> None:
    from nghedan.alerts.actions import alerts_scan

    alerts_scan()


@task("alerts.notify")
def notify_alert(*, alert_id: int, assignee_id: int | None = None) -> None:
    """A new alert goes to the leaders and supervisors of its commune and province; an
    assigned one to its assignee."""
    from django.contrib.auth import get_user_model

    from nghedan.accounts.models import Role
    from nghedan.alerts.models import Alert
    from nghedan.notifications.services import notify

    alert = Alert.objects.select_related("area", "province", "topic").filter(pk=alert_id).first()
    if alert is None:
        return
    users = get_user_model().objects.filter(is_active=True)
    if assignee_id:
        recipients = users.filter(pk=assignee_id)
        key = f"alert-assigned:{alert.pk}:{assignee_id}"
    else:
        places = [alert.area_id, alert.province_id]
        recipients = users.filter(role=Role.LEADER, agency__area_id__in=places) | users.filter(
            role=Role.SUPERVISOR, supervised_area_id__in=places
        )
        key = f"alert-opened:{alert.pk}"
    link = f"{settings.NGHEDAN_SITE_URL.rstrip('/')}/alerts/{alert.pk}/"
    notify(
        key=key,
        template="alert_opened" if not assignee_id else "alert_assigned",
        context={"alert": alert, "link": link},
        users=recipients.distinct(),
        email_users=True,
    )
