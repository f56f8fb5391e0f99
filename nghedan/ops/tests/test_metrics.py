"""/metrics: requests and latencies by view, and at each scrape the job queue and the
petitions overdue today, for the monitoring hosts only (NGHEDAN_METRICS_ALLOW, or the
bearer token NGHEDAN_METRICS_TOKEN)."""

import ipaddress
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from nghedan.jobs.models import Job
from nghedan.lib import clock
from nghedan.petitions.models import Petition
from nghedan.test import submit

pytestmark = pytest.mark.django_db

PROXIED = {"NUM_PROXIES": 1}


def _samples(response) -> dict[tuple[str, tuple], float]:
    text = response.content.decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _served(view: str, status: str) -> float:
    value = REGISTRY.get_sample_value(
        "nghedan_http_requests_total", {"method": "GET", "view": view, "status": status}
    )
    return value or 0.0


def test_the_scrape_reads_the_queue_and_the_petitions_overdue_today(world):
    today = clock.today()
    # Given three petitions, two of them past their acceptance deadline, and two jobs due
    # 30 s ago beside those the filing enqueued
    petitions = [submit(world).petition for _ in range(3)]
    Petition.objects.filter(pk__in=[petitions[0].pk, petitions[1].pk]).update(
        acceptance_due=today - timedelta(days=2)
    )
    enqueued_by_filing = Job.objects.count()
    for name in ("a", "b"):
        Job.objects.create(name=name, run_after=clock.now() - timedelta(seconds=30))

    # When Prometheus scrapes from the machine itself
    response = Client().get("/metrics")

    # Then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    samples = _samples(response)
    assert samples[("nghedan_database_up", ())] == 1
    assert samples[("nghedan_petitions_overdue", ())] == 2
    assert samples[("nghedan_jobs_queued", ())] == enqueued_by_filing + 2
    assert 30 <= samples[("nghedan_jobs_oldest_queued_age_seconds", ())] < 40
    assert samples[("nghedan_jobs_running", ())] == 0


def _timed(view: str) -> float:
    """Requests of `view` in the latency histogram, whatever their status."""
    value = REGISTRY.get_sample_value(
        "nghedan_http_request_duration_seconds_count", {"method": "GET", "view": view}
    )
    return value or 0.0


def test_each_request_is_counted_once_under_its_view_and_status(world):
    client = Client()
    before_home, before_missing = _served("home", "200"), _served("unresolved", "404")
    # Earlier tests in this process may have been answered other statuses on the home page.
    before_timed = _timed("home")

    client.get("/")
    client.get("/no-such-page/")
    client.get("/")

    assert _served("home", "200") == before_home + 2
    assert _served("unresolved", "404") == before_missing + 1
    samples = _samples(client.get("/metrics"))
    key = (
        "nghedan_http_request_duration_seconds_count",
        (("method", "GET"), ("view", "home")),
    )
    assert samples[key] == before_timed + 2


def test_another_address_is_refused():
    response = Client(REMOTE_ADDR="203.0.113.9").get("/metrics")

    assert response.status_code == 403
    assert b"NGHEDAN_METRICS_ALLOW" in response.content
    assert b"nghedan_" not in response.content


@override_settings(NGHEDAN_METRICS_ALLOW=[ipaddress.ip_network("10.0.0.0/8")])
def test_an_allowed_network_may_scrape():
    assert Client(REMOTE_ADDR="10.2.3.4").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 403


@override_settings(NGHEDAN_METRICS_TOKEN="s3cret-token-for-the-scraper")
def test_the_bearer_token_opens_it_from_anywhere_and_a_wrong_one_does_not():
    client = Client(REMOTE_ADDR="203.0.113.9")

    right = client.get("/metrics", headers={"Authorization": "Bearer s3cret-token-for-the-scraper"})
    wrong = client.get("/metrics", headers={"Authorization": "Bearer s3cret-token-for-the-scrapeR"})
    other_scheme = client.get("/metrics", headers={"Authorization": "Basic s3cret-token"})

    assert right.status_code == 200
    assert wrong.status_code == 403
    assert other_scheme.status_code == 403


def test_without_a_token_configured_no_bearer_opens_it():
    client = Client(REMOTE_ADDR="203.0.113.9")

    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 403


def test_behind_a_proxy_the_client_is_judged_not_the_proxy(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, **PROXIED}
    # The proxy runs on the machine itself (127.0.0.1) and says who asked
    outside = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    local = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1")

    assert outside.get("/metrics").status_code == 403
    assert local.get("/metrics").status_code == 200
