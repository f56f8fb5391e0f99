"""Reminders of upcoming dialogues: the day before, everyone who asked or voted a question
is told when and where. Runs every hour; each person is told once per dialogue (the
notification key), however often it runs."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from nghedan.jobs.registry import periodic
from nghedan.lib import clock

REMINDER_AHEAD = timedelta(hours=24)


@periodic("reception.dialogue_reminders", every_seconds=3600)
def dialogue_reminders() -> None:
    from nghedan.notifications.services import notify
    from nghedan.reception.models import Dialogue, DialogueStatus, QuestionVote

    now = clock.now()
    upcoming = Dialogue.objects.filter(
        status=DialogueStatus.PLANNED, starts_at__gt=now, starts_at__lte=now + REMINDER_AHEAD
    ).select_related("agency", "host")
    users = get_user_model().objects.filter(is_active=True)
    for dialogue in upcoming:
        voters = QuestionVote.objects.filter(question__dialogue=dialogue).values("voter")
        people = users.filter(pk__in=dialogue.questions.values("author")) | users.filter(
            pk__in=voters
        )
        link = settings.NGHEDAN_SITE_URL.rstrip("/") + reverse(
            "dialogue_detail", kwargs={"dialogue_id": dialogue.pk}
        )
        for user in people.distinct().order_by("pk"):
            notify(
                key=f"dialogue-reminder:{dialogue.pk}:{user.pk}",
                template="dialogue_reminder",
                context={"dialogue": dialogue, "link": link},
                users=[user],
                email_users=True,
            )
