"""Background work of early warning: the detectors on a schedule, and telling people."""

from django.conf import settings

from nghedan.jobs.registry import periodic, task


@periodic("alerts.scan", every_seconds=settings.NGHEDAN_ALERT_SCAN_HOURS * 3600)
def scan() -> None:
    from nghedan.alerts.actions import alerts_scan

    alerts_scan()


@task("alerts.group_check")
def group_check(*, group_id: int) -> None:
    """The mass rule on one group of petitions, as soon as the language pipeline has grown
    it to the threshold's size: the alert opens (or grows) without waiting for the scan."""
    from nghedan.alerts.actions import alerts_scan

    alerts_scan(detectors=["mass"], group_ids=[group_id])


@task("alerts.notify")
def notify_alert(*, alert_id: int, assignee_id: int | None = None) -> None:
    """A new alert goes to the leaders and supervisors of its commune and province; an
    assigned one to its assignee."""
    from django.contrib.auth import get_user_model

    from nghedan.accounts.scope import place_watchers
    from nghedan.alerts.models import Alert
    from nghedan.notifications.services import notify

    alert = Alert.objects.select_related("area", "province", "topic").filter(pk=alert_id).first()
    if alert is None:
        return
    if assignee_id:
        recipients = list(get_user_model().objects.filter(pk=assignee_id, is_active=True))
        key = f"alert-assigned:{alert.pk}:{assignee_id}"
    else:
        recipients = place_watchers(area=alert.area)
        key = f"alert-opened:{alert.pk}"
    link = f"{settings.NGHEDAN_SITE_URL.rstrip('/')}/alerts/{alert.pk}/"
    notify(
        key=key,
        template="alert_opened" if not assignee_id else "alert_assigned",
        context={"alert": alert, "link": link},
        users=recipients,
        email_users=True,
    )
