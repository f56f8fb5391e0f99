"""The deadline sweeps, run by the workers every hour (see `sweeps.py`)."""

from django.conf import settings

from nghedan.deadlines import sweeps
from nghedan.jobs.registry import periodic
from nghedan.lib import clock

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
