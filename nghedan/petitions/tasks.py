"""Background work on petitions: the hourly sweeps over due dates (`sweeps.py`), and
telling a petitioner what happened to their petition (`messages.py`).

The job names keep the prefixes under which queued and periodic jobs are stored."""

from django.conf import settings

from nghedan.jobs.registry import periodic, task
from nghedan.lib import clock
from nghedan.petitions import messages, sweeps

HOUR = 3600


@periodic("deadlines.reminders", every_seconds=HOUR)
def deadline_reminders() -> None:
    sweeps.deadline_reminders_send()


@periodic("deadlines.overdue", every_seconds=HOUR)
def overdue_escalation() -> None:
    sweeps.overdue_escalate()


@periodic("deadlines.auto_close", every_seconds=HOUR)
def auto_close() -> None:
    sweeps.answered_petitions_close()


@periodic("deadlines.leader_digest", every_seconds=HOUR)
def leader_digest() -> None:
    # Hourly, but once a day per leader (the key carries the date), from the set hour on.
    if clock.local_now().hour >= settings.NGHEDAN_DIGEST_HOUR:
        sweeps.leader_digests_send()


@task("notifications.petition_event")
def petition_event_notify(*, event_id: int) -> None:
    messages.petition_event_notify(event_id=event_id)
