"""Telling a consultation's followers that it opened, closed, or that its report is out."""

from django.conf import settings
from django.urls import reverse

from nghedan.consultations.models import Consultation
from nghedan.jobs.registry import task
from nghedan.notifications.services import notify

NOTIFY_FOLLOWERS = "consultations.notify_followers"
WHATS = ("opened", "closed", "report_published")


@task(NOTIFY_FOLLOWERS)
def consultation_notify_followers(*, consultation_id: int, what: str) -> None:
    """Idempotent: each (consultation, what) is delivered once to each follower."""
    consultation = Consultation.objects.select_related("agency").filter(pk=consultation_id).first()
    if consultation is None or what not in WHATS:
        return
    link = settings.NGHEDAN_SITE_URL.rstrip("/") + reverse(
        "consultation_detail", args=[consultation.pk]
    )
    notify(
        key=f"consultation:{consultation.pk}:{what}",
        template="consultation_update",
        context={"consultation": consultation, "what": what, "link": link},
        users=consultation.followers.filter(is_active=True).order_by("pk"),
        email_users=True,
    )
