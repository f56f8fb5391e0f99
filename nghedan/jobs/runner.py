"""Claiming and running jobs. Any number of workers, on any number of machines, share the
table: a claim is a conditional UPDATE, so two workers never run the same job at once,
and a job whose worker died is claimed again once its lease has passed.

A claim counts one attempt and hands the job to one worker; the worker name and the
attempt number together are the lease. While a task runs, a thread of the worker renews
the lease every third of its length, so a long task is not taken for a dead one; and a
worker records a job's end (done, or failed and retried later) only while it still holds
that lease. A task runs outside any transaction of the worker's: it writes in the short
transactions of the actions it calls, never in one that lasts as long as the task.

The worker loop (`work`) outlives the database's failures: a lost connection, a database
that restarts, "database is locked" on SQLite. It logs them, drops its connections,
waits (growing, capped, jittered) and carries on."""

import logging
import os
import random
import socket
import threading
import time
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.db.models import F, Q, QuerySet

from nghedan.jobs.models import Job, JobStatus
from nghedan.jobs.registry import PERIODIC, TASKS, enqueue
from nghedan.lib import clock

logger = logging.getLogger(__name__)

# What a worker waits out: the database unreachable, restarting, or busy past its timeout.
DATABASE_DOWN = (OperationalError, InterfaceError)
# Waits after the database failed: from BACKOFF_FIRST seconds, doubling, at most BACKOFF_MAX.
BACKOFF_FIRST = 0.5
BACKOFF_MAX = 30.0
# `work(once=True)` gives up after this many failures in a row.
ONCE_MAX_FAILURES = 5


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _lease() -> timedelta:
    return timedelta(seconds=settings.NGHEDAN_JOB_LEASE_SECONDS)


def backoff_seconds(failures: int) -> float:
    """How long to wait after `failures` failures in a row: the ceiling doubles from
    BACKOFF_FIRST up to BACKOFF_MAX, and the wait is drawn from its upper half, so that
    workers which failed together do not all come back at the same moment."""
    ceiling = min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** max(0, min(failures - 1, 32)))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def claim_next(*, worker: str) -> Job | None:
    """Take the oldest job that is due, or whose worker's lease ran out. A job whose
    workers stopped in the middle of it `max_attempts` times is marked failed instead."""
    now = clock.now()
    runnable = Q(status=JobStatus.QUEUED, run_after__lte=now) | Q(
        status=JobStatus.RUNNING, lease_until__lt=now
    )
    candidates = (
        Job.objects.filter(runnable)
        .order_by("id")
        .values("pk", "status", "attempts", "max_attempts")[:10]
    )
    for candidate in candidates:
        unchanged = Job.objects.filter(
            runnable, pk=candidate["pk"], status=candidate["status"], attempts=candidate["attempts"]
        )
        if (
            candidate["status"] == JobStatus.RUNNING
            and candidate["attempts"] >= candidate["max_attempts"]
        ):
            unchanged.update(
                status=JobStatus.FAILED,
                lease_until=None,
                finished_at=now,
                last_error=(
                    f"The worker running it stopped before the end, {candidate['attempts']} times."
                ),
            )
            continue
        claimed = unchanged.update(
            status=JobStatus.RUNNING,
            lease_until=now + _lease(),
            worker=worker,
            attempts=F("attempts") + 1,
        )
        if claimed:
            return Job.objects.get(pk=candidate["pk"])
    return None


def _held(job: Job) -> QuerySet[Job]:
    """The job's row, as long as the lease `job` was claimed with still holds: the same
    worker and the same attempt (another claim changes both)."""
    return Job.objects.filter(pk=job.pk, worker=job.worker, attempts=job.attempts)


class _LeaseKeeper:
    """Renews a running job's lease every third of its length, from a thread of its own
    (with its own database connection), until the task ends or the lease is lost."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._keep, name=f"lease-{job.pk}", daemon=True)

    def __enter__(self) -> "_LeaseKeeper":
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _keep(self) -> None:
        every = settings.NGHEDAN_JOB_LEASE_SECONDS / 3
        try:
            while not self._done.wait(every):
                try:
                    renewed = _held(self.job).update(lease_until=clock.now() + _lease())
                except DATABASE_DOWN as error:
                    # The next renewal may get through before the lease ends.
                    logger.warning("job %s: lease not renewed: %s", self.job.pk, error)
                    connections.close_all()
                    continue
                if not renewed:
                    logger.warning(
                        "job %s (%s): another worker took it over while %s ran it",
                        self.job.pk,
                        self.job.name,
                        self.job.worker,
                    )
                    return
        finally:
            connections.close_all()  # this thread's own connections


def run_job(job: Job) -> bool:
    """Run one claimed job; True when it succeeded and its end was recorded. Failures
    retry with backoff. A worker that lost the job's lease on the way (another worker
    claimed it) records nothing: the job is the other worker's now."""
    function = TASKS.get(job.name)
    try:
        if function is None:
            raise LookupError(f"no task named {job.name!r}")
        with _LeaseKeeper(job):
            function(**job.payload)
    except Exception:  # a task's failure must not stop the worker
        logger.exception("job %s (%s) failed", job.pk, job.name)
        failed = job.attempts >= job.max_attempts
        recorded = _held(job).update(
            status=JobStatus.FAILED if failed else JobStatus.QUEUED,
            lease_until=None,
            run_after=clock.now() + timedelta(seconds=min(3600, 10 * 2**job.attempts)),
            last_error=traceback.format_exc()[-4000:],
            finished_at=clock.now() if failed else None,
        )
        if not recorded:
            _log_lost(job)
        return False
    recorded = _held(job).update(
        status=JobStatus.DONE,
        finished_at=clock.now(),
        lease_until=None,
        last_error="",
    )
    if not recorded:
        _log_lost(job)
        return False
    return True


def _log_lost(job: Job) -> None:
    logger.warning(
        "job %s (%s): %s lost its lease before the end; its outcome is left to the worker "
        "that holds it now",
        job.pk,
        job.name,
        job.worker or "this process",
    )


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


def work(
    *,
    worker: str,
    once: bool = False,
    sleep: float = 2.0,
    schedule: bool = True,
    stopping: Callable[[], bool] = lambda: False,
    pause: Callable[[float], object] = time.sleep,
) -> None:
    """The worker's loop: enqueue the periodic jobs, run what is due, wait `sleep` seconds
    when nothing is; until `stopping()`, or with `once` until nothing is left. When the
    database fails the loop waits `backoff_seconds` and tries again."""
    failures = 0
    while not stopping():
        try:
            # A long-lived process: drop connections the database may have closed.
            close_old_connections()
            if schedule:
                enqueue_periodic()
            ran = run_pending(worker=worker, limit=20)
        except DATABASE_DOWN as error:
            failures += 1
            if once and failures >= ONCE_MAX_FAILURES:
                raise
            wait = backoff_seconds(failures)
            logger.warning(
                "worker %s: the database failed (%s: %s); trying again in %.1f s",
                worker,
                type(error).__name__,
                error,
                wait,
            )
            # The connection may be dead (a restarted server): start the next pass on a
            # new one.
            connections.close_all()
            pause(wait)
            continue
        failures = 0
        if ran == 0:
            if once:
                break
            pause(sleep)
