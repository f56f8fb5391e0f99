"""What /health/ and /metrics report about the database, the job queue and the cache.

The queue is read from the job table itself (jobs/models.py): a job waits from its
`run_after` on; a worker shows itself by the jobs it claims (`worker`, `lease_until`) and
finishes (`finished_at`). There is no separate record of workers, so "workers seen" counts
the distinct workers that hold a live lease now or finished one of the most recent jobs
within WORKERS_SEEN_WINDOW: an idle worker whose colleague took the periodic jobs is not
counted, so the figure is a lower bound (zero for a long time means no worker runs).
"""

import secrets
import time
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.db.models import Count, Min, Q

from nghedan.jobs.models import Job, JobStatus
from nghedan.lib import clock
from nghedan.petitions.lifecycle import overdue_on
from nghedan.petitions.models import Petition

WORKERS_SEEN_WINDOW = timedelta(minutes=15)
# Finished jobs looked at for workers seen: the newest ones (bounded, whatever the table's size).
RECENT_JOBS = 2000


@dataclass(frozen=True)
class DatabaseState:
    ok: bool
    vendor: str
    latency_ms: float | None
    error: str | None = None


@dataclass(frozen=True)
class QueueState:
    queued: int  # due now and waiting for a worker
    oldest_queued_age_seconds: float  # how long the longest-waiting of them has waited
    scheduled: int  # queued for later (retries, reminders)
    running: int
    expired_leases: int  # running, but their worker went silent: they will run again
    failed: int  # gave up after their last attempt
    workers_seen: int
    workers_seen_window_seconds: int


@dataclass(frozen=True)
class CacheState:
    ok: bool
    backend: str
    error: str | None = None


def database_state() -> DatabaseState:
    """One round trip to the database (SELECT 1), timed."""
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        # The class only: a driver's message may name hosts and accounts.
        return DatabaseState(False, connection.vendor, None, type(error).__name__)
    return DatabaseState(True, connection.vendor, round((time.monotonic() - started) * 1000, 2))


def queue_state() -> QueueState:
    """The job queue now. Raises DatabaseError when the database cannot be read.

    Each count is bounded by the (status, run_after) index: finished jobs, however many,
    are never scanned."""
    now = clock.now()
    jobs = Job.objects.all()
    due = jobs.filter(status=JobStatus.QUEUED, run_after__lte=now).aggregate(
        count=Count("pk"), oldest=Min("run_after")
    )
    running = jobs.filter(status=JobStatus.RUNNING).aggregate(
        count=Count("pk"), expired=Count("pk", filter=Q(lease_until__lt=now))
    )
    oldest = due["oldest"]
    return QueueState(
        queued=due["count"],
        oldest_queued_age_seconds=round((now - oldest).total_seconds(), 1) if oldest else 0.0,
        scheduled=jobs.filter(status=JobStatus.QUEUED, run_after__gt=now).count(),
        running=running["count"],
        expired_leases=running["expired"],
        failed=jobs.filter(status=JobStatus.FAILED).count(),
        workers_seen=len(_workers_seen(now)),
        workers_seen_window_seconds=int(WORKERS_SEEN_WINDOW.total_seconds()),
    )


def _workers_seen(now) -> set[str]:
    since = now - WORKERS_SEEN_WINDOW
    holding = Job.objects.filter(status=JobStatus.RUNNING, lease_until__gte=now).values_list(
        "worker", flat=True
    )
    recent = Job.objects.order_by("-pk").values_list("worker", "finished_at")[:RECENT_JOBS]
    seen = set(holding)
    seen.update(worker for worker, finished in recent if finished and finished >= since)
    seen.discard("")
    return seen


def petitions_overdue() -> int:
    """Petitions overdue today (the kernel's one definition, petitions/lifecycle.py)."""
    return Petition.objects.filter(overdue_on(clock.today())).count()


def cache_state() -> CacheState:
    """A value written to the cache and read back."""
    cache = caches["default"]
    backend = type(cache).__name__
    key = f"nghedan:health:{secrets.token_hex(8)}"
    try:
        cache.set(key, "ok", 10)
        ok = cache.get(key) == "ok"
        cache.delete(key)
    except Exception as error:  # noqa: BLE001 — any failure of the backend is "not ok"
        return CacheState(False, backend, type(error).__name__)
    return CacheState(ok, backend, None if ok else "value not read back")


def health_report() -> tuple[int, dict]:
    """The HTTP status and body of /health/: 503 and "unavailable" when the database
    cannot be reached; "degraded" when the cache fails; "ok" otherwise."""
    database = database_state()
    queue: QueueState | None = None
    if database.ok:
        try:
            queue = queue_state()
        except DatabaseError as error:
            database = DatabaseState(False, database.vendor, None, type(error).__name__)
    cache_ = cache_state()
    if not database.ok:
        status, code = "unavailable", 503
    elif not cache_.ok:
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return code, {
        "status": status,
        "database": _without_none(asdict(database)),
        "queue": asdict(queue) if queue else None,
        "cache": _without_none(asdict(cache_)),
    }


def _without_none(values: dict) -> dict:
    return {key: value for key, value in values.items() if value is not None}
