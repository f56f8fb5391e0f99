"""Claiming and running jobs. Any number of workers, on any number of machines, share the
table: a claim is a conditional UPDATE, so two workers never run the same job at once,
and a job whose worker died is claimed again once its lease has passed."""

import logging
import os
import socket
import traceback
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from nghedan.jobs.models import Job, JobStatus
from nghedan.jobs.registry import PERIODIC, TASKS, enqueue
from nghedan.lib import clock

logger = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _lease() -> timedelta:
    return timedelta(seconds=settings.NGHEDAN_JOB_LEASE_SECONDS)


def claim_next(*, worker: str) -> Job | None:
    """Take the oldest job that is due, or whose worker's lease ran out."""
    now = clock.now()
    runnable = Q(status=JobStatus.QUEUED, run_after__lte=now) | Q(
        status=JobStatus.RUNNING, lease_until__lt=now
    )
    for candidate in Job.objects.filter(runnable).order_by("id").values("pk", "status")[:10]:
        claimed = (
            Job.objects.filter(pk=candidate["pk"], status=candidate["status"])
            .filter(runnable)
            .update(status=JobStatus.RUNNING, lease_until=now + _lease(), worker=worker)
        )
        if claimed:
            return Job.objects.get(pk=candidate["pk"])
    return None


def run_job(job: Job) -> bool:
    """Run one claimed job; True when it succeeded. Failures retry with backoff."""
    function = TASKS.get(job.name)
    attempts = job.attempts + 1
    try:
        if function is None:
            raise LookupError(f"no task named {job.name!r}")
        with transaction.atomic():
            function(**job.payload)
            Job.objects.filter(pk=job.pk).update(
                status=JobStatus.DONE,
                attempts=attempts,
                finished_at=clock.now(),
                lease_until=None,
                last_error="",
            )
        return True
    except Exception:  # a task's failure must not stop the worker
        logger.exception("job %s (%s) failed", job.pk, job.name)
        failed = attempts >= job.max_attempts
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED if failed else JobStatus.QUEUED,
            attempts=attempts,
            lease_until=None,
            run_after=clock.now() + timedelta(seconds=min(3600, 10 * 2**attempts)),
            last_error=traceback.format_exc()[-4000:],
            finished_at=clock.now() if failed else None,
        )
        return False


def enqueue_periodic(*, now: datetime | None = None) -> int:
    """One job per task and period; the key makes every worker agree on it."""
    now = now or clock.now()
    created = 0
    for schedule in PERIODIC.values():
        bucket = int(now.timestamp() // schedule.every_seconds)
        before = Job.objects.filter(key=f"periodic:{schedule.name}:{bucket}").exists()
        if not before:
            enqueue(schedule.name, key=f"periodic:{schedule.name}:{bucket}")
            created += 1
    return created


def run_pending(*, worker: str | None = None, limit: int | None = None) -> int:
    """Run due jobs until none is left (or `limit`); returns how many ran."""
    worker = worker or worker_name()
    ran = 0
    while limit is None or ran < limit:
        job = claim_next(worker=worker)
        if job is None:
            break
        run_job(job)
        ran += 1
    return ran
