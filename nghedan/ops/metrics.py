"""Prometheus metrics (prometheus_client): requests and latencies counted in each process,
and the state of the queue and the deadlines read from the database at each scrape.

Under `nghedan serve` each worker process writes its counters to files in
PROMETHEUS_MULTIPROC_DIR (set by the command before prometheus_client is imported) and a
scrape adds up every process's files, so the counts are the server's, not one worker's.
Elsewhere (development server, tests) the counters live in the process.
"""

import os
from collections.abc import Iterator

from django.db import DatabaseError
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from nghedan.ops import health

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUESTS = Counter(
    "nghedan_http_requests",
    "HTTP requests answered, by method, view (URL name) and status.",
    ["method", "view", "status"],
)
LATENCY = Histogram(
    "nghedan_http_request_duration_seconds",
    "Time to answer an HTTP request (until the response is returned), by method and view.",
    ["method", "view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)


def observe_request(*, method: str, view: str, status: int, seconds: float) -> None:
    method = method if method in METHODS else "other"
    REQUESTS.labels(method=method, view=view, status=str(status)).inc()
    LATENCY.labels(method=method, view=view).observe(seconds)


class StateCollector(Collector):
    """Gauges computed when scraped: the job queue and the petitions overdue today."""

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("nghedan_database_up", "1 when the database answered the scrape.")
        try:
            queue = health.queue_state()
            overdue = health.petitions_overdue()
        except DatabaseError:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        gauges = [
            ("nghedan_jobs_queued", "Jobs due and waiting for a worker.", queue.queued),
            (
                "nghedan_jobs_oldest_queued_age_seconds",
                "Seconds the longest-waiting due job has waited (0: none waits).",
                queue.oldest_queued_age_seconds,
            ),
            ("nghedan_jobs_scheduled", "Jobs queued to run later.", queue.scheduled),
            ("nghedan_jobs_running", "Jobs a worker is running.", queue.running),
            (
                "nghedan_jobs_expired_leases",
                "Running jobs whose worker went silent (they will run again).",
                queue.expired_leases,
            ),
            ("nghedan_jobs_failed", "Jobs that failed their last attempt.", queue.failed),
            (
                "nghedan_workers_seen",
                "Workers that held a lease or finished a job in the last "
                f"{queue.workers_seen_window_seconds // 60} minutes (a lower bound).",
                queue.workers_seen,
            ),
            ("nghedan_petitions_overdue", "Petitions overdue today.", overdue),
        ]
        for name, documentation, value in gauges:
            gauge = GaugeMetricFamily(name, documentation)
            gauge.add_metric([], value)
            yield gauge


class _ThisProcess(Collector):
    """The counters of this process (development server, tests)."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


def exposition() -> bytes:
    """The metrics in Prometheus' text format."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(StateCollector())
    return generate_latest(registry)
