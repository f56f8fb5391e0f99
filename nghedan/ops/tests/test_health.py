"""/health/ tells a load balancer and a person on call whether the site can serve: the
database, the job queue (how long the oldest due job has waited, which workers were seen)
and the cache. Anyone may ask; it answers without a session or a CSRF token."""

from datetime import timedelta

import pytest
from django.test import Client, override_settings

from nghedan.jobs.models import Job, JobStatus
from nghedan.lib import clock

pytestmark = pytest.mark.django_db


def _job(name: str, *, status: str = JobStatus.QUEUED, run_after=None, **fields) -> Job:
    return Job.objects.create(
        name=name, status=status, run_after=run_after or clock.now(), **fields
    )


def test_an_idle_site_is_ok_with_an_empty_queue():
    response = Client().get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["database"]["vendor"] in {"sqlite", "postgresql"}
    assert body["queue"] == {
        "queued": 0,
        "oldest_queued_age_seconds": 0.0,
        "scheduled": 0,
        "running": 0,
        "expired_leases": 0,
        "failed": 0,
        "workers_seen": 0,
        "workers_seen_window_seconds": 900,
    }
    assert body["cache"]["ok"] is True


def test_the_queue_says_how_long_the_oldest_due_job_has_waited_and_which_workers_were_seen():
    now = clock.now()
    # Given two due jobs (the oldest due 90 s ago), one for tomorrow, one running under a
    # live lease, one whose worker went silent, one failed, and jobs finished by workers
    # 5 and 40 minutes ago
    _job("a", run_after=now - timedelta(seconds=90))
    _job("b", run_after=now - timedelta(seconds=10))
    _job("c", run_after=now + timedelta(days=1))
    _job("d", status=JobStatus.RUNNING, worker="web1:11", lease_until=now + timedelta(minutes=4))
    _job("e", status=JobStatus.RUNNING, worker="web1:12", lease_until=now - timedelta(minutes=1))
    _job("f", status=JobStatus.FAILED, worker="web2:13", finished_at=now - timedelta(hours=2))
    _job("g", status=JobStatus.DONE, worker="web2:14", finished_at=now - timedelta(minutes=5))
    _job("h", status=JobStatus.DONE, worker="web2:15", finished_at=now - timedelta(minutes=40))

    # When the monitor asks
    body = Client().get("/health/").json()

    # Then the live lease and the job finished 5 minutes ago show two workers
    queue = body["queue"]
    assert queue["queued"] == 2
    assert 90 <= queue["oldest_queued_age_seconds"] < 100
    assert queue["scheduled"] == 1
    assert queue["running"] == 2
    assert queue["expired_leases"] == 1
    assert queue["failed"] == 1
    assert queue["workers_seen"] == 2
    assert body["status"] == "ok"


def test_it_answers_without_a_session_cookie_or_a_csrf_token_and_only_to_reads():
    client = Client(enforce_csrf_checks=True)

    got = client.get("/health/")
    head = client.head("/health/")
    posted = client.post("/health/")

    assert got.status_code == 200
    assert head.status_code == 200
    assert posted.status_code == 405
    assert got.cookies == {}
    assert "no-store" in got["Cache-Control"]


@override_settings(SECURE_SSL_REDIRECT=True)
def test_it_answers_over_plain_http_when_the_site_redirects_to_https():
    assert Client().get("/health/").status_code == 200
    assert Client().get("/").status_code == 301


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "nghedan_no_such_cache_table",
        }
    }
)
def test_a_failing_cache_makes_the_site_degraded_but_still_serving():
    response = Client().get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["cache"]["ok"] is False
    assert body["cache"]["backend"] == "DatabaseCache"
    assert body["database"]["ok"] is True
