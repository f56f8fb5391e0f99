"""The optional read replica (lib/dbrouter.py): the public pages and dashboards read from
it, everything else and every write from the primary, and without one nothing changes.

The suite's replica is a mirror of the test database (TEST MIRROR, as settings.py makes
it when NGHEDAN_REPLICA_URL is set): a second connection to the same data, so each
query can be told by the connection that ran it. The tests run outside a wrapping
transaction, so that the second connection sees what the first committed."""

import re

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from nghedan.api.services import api_client_issue
from nghedan.lib.dbrouter import (
    REPLICA,
    ReplicaReadsMiddleware,
    ReplicaRouter,
    replica_configured,
)
from nghedan.petitions.actions import answer_submit, petition_accept
from nghedan.petitions.models import Petition
from nghedan.scorecards.cells import cells_rebuild
from nghedan.test import BA_DINH, HANOI, sign_in, submit

TABLE = re.compile(r'(?:FROM|JOIN|INTO|UPDATE) "(\w+)"')
DESCRIPTION = "Rác thải sinh hoạt đổ trộm thành đống lớn ở đầu ngõ 120 Đội Cấn, đề nghị thu gom."
# What the primary may answer during a page read from the replica: the shared cache.
CACHE_ONLY = {"nghedan_cache"}


@pytest.fixture(scope="class")
def replica_alias(django_db_setup):
    """A replica alias mirroring the test database, unless the run configured one. Set
    up before the test's database access is (a wider scope comes first), which refuses
    aliases it does not know."""
    added = not replica_configured()
    if added:
        primary = connections[DEFAULT_DB_ALIAS].settings_dict
        connections.settings[REPLICA] = {
            **primary,
            "TEST": {**primary["TEST"], "MIRROR": DEFAULT_DB_ALIAS},
        }
    yield
    connections[REPLICA].close()
    if added:
        del connections[REPLICA]
        del connections.settings[REPLICA]


class Queries:
    """The SQL each connection ran while the block ran."""

    def __init__(self) -> None:
        self.contexts = {alias: CaptureQueriesContext(connections[alias]) for alias in connections}

    def __enter__(self) -> "Queries":
        for context in self.contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        for context in self.contexts.values():
            context.__exit__(*exc)

    def sql(self, alias: str) -> list[str]:
        return [query["sql"] for query in self.contexts[alias].captured_queries]

    def tables(self, alias: str) -> set[str]:
        """The tables the connection's queries named."""
        return {table for sql in self.sql(alias) for table in TABLE.findall(sql)}


def _answered(world) -> Petition:
    petition = submit(world, user=world.citizen).petition
    petition = petition_accept(acting_user=world.leader_a, petition=petition)
    answer_submit(
        acting_user=world.leader_a, petition=petition, body="Đã thu gom rác ở ngõ 120 Đội Cấn."
    )
    petition.refresh_from_db()
    return petition


@pytest.mark.usefixtures("replica_alias")
@pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])
class TestWithAReplica:
    def test_the_public_petition_pages_read_the_replica(self, live_world, client):
        # Given an answered petition the citizen agreed to publish
        petition = _answered(live_world)

        # When anyone reads the public list and the petition's page
        with Queries() as queries:
            listed = client.get(reverse("public_list"))
            shown = client.get(reverse("public_detail", args=[petition.code]))

        # Then the pages were read from the replica, nothing from the primary but the cache
        assert (listed.status_code, shown.status_code) == (200, 200)
        assert petition.code in listed.content.decode()
        assert petition.title in shown.content.decode()
        assert queries.tables(DEFAULT_DB_ALIAS) <= CACHE_ONLY
        assert {"petitions_petition", "petitions_answer"} <= queries.tables(REPLICA)

    def test_the_transparency_pages_and_open_data_read_the_replica(self, live_world, client):
        _answered(live_world)
        cells_rebuild()

        with Queries() as queries:
            pages = [
                client.get(reverse("transparency")),
                client.get(reverse("transparency_area", args=[HANOI])),
                client.get(reverse("open_data")),
            ]

        assert [page.status_code for page in pages] == [200, 200, 200]
        assert queries.tables(DEFAULT_DB_ALIAS) <= CACHE_ONLY
        assert {"scorecards_monthlycell", "areas_area"} <= queries.tables(REPLICA)

    def test_open311_reads_the_replica_and_files_on_the_primary(self, live_world, client):
        petition = _answered(live_world)
        _client, key = api_client_issue(name="Ứng dụng Phường Ba Đình")

        with Queries() as reading:
            listed = client.get("/open311/v2/requests.json")
        with Queries() as filing:
            filed = client.post(
                "/open311/v2/requests.json",
                {
                    "api_key": key,
                    "service_code": "moi-truong",
                    "description": DESCRIPTION,
                    "address_id": BA_DINH,
                },
            )

        assert listed.status_code == 200
        assert [item["service_request_id"] for item in listed.json()] == [petition.code]
        assert reading.tables(DEFAULT_DB_ALIAS) <= CACHE_ONLY
        assert "petitions_petition" in reading.tables(REPLICA)
        # A POST is never marked, whatever its address.
        assert filed.status_code == 201, filed.content
        assert Petition.objects.count() == 2
        assert filing.sql(REPLICA) == []
        assert _inserted_petition(filing)

    def test_a_leader_dashboard_reads_figures_from_the_replica_and_who_she_is_from_the_primary(
        self, live_world, client
    ):
        _answered(live_world)
        cells_rebuild()
        sign_in(client, live_world.leader_a)

        with Queries() as queries:
            page = client.get(reverse("dashboard"))

        assert page.status_code == 200
        # The session and the signed-in person never lag behind a sign-in.
        assert queries.tables(DEFAULT_DB_ALIAS) - CACHE_ONLY == {"django_session", "accounts_user"}
        assert {"scorecards_monthlycell", "petitions_rating"} <= queries.tables(REPLICA)

    def test_filing_a_petition_reads_and_writes_the_primary_only(self, live_world, client):
        form = {
            "kind": "feedback",
            "topic": live_world.topic("moi-truong").pk,
            "province": HANOI,
            "commune": BA_DINH,
            "title": "Rác tồn đọng ở đầu ngõ 120 Đội Cấn",
            "body": "Rác tồn đọng ở đầu ngõ 120 Đội Cấn nhiều ngày, đề nghị thu gom.",
            "signatories": "1",
            "publish_consent": "on",
        }

        with Queries() as queries:
            response = client.post(reverse("petition_new"), form)

        assert response.status_code == 302
        assert list(Petition.objects.values_list("title", flat=True)) == [form["title"]]
        assert queries.sql(REPLICA) == []
        assert _inserted_petition(queries)

    def test_a_request_that_has_written_reads_the_primary_afterwards(self, live_world):
        petition = _answered(live_world)
        seen: dict[str, tuple] = {}

        def view(request):
            with Queries() as before:
                Petition.objects.get(pk=petition.pk)
            # A write (here of no row) sends every later read of the request to the primary.
            Petition.objects.filter(pk=0).update(title="")
            with Queries() as after:
                Petition.objects.get(pk=petition.pk)
            seen["before"] = (len(before.sql(DEFAULT_DB_ALIAS)), len(before.sql(REPLICA)))
            seen["after"] = (len(after.sql(DEFAULT_DB_ALIAS)), len(after.sql(REPLICA)))
            return HttpResponse()

        _through_middleware(view, "get", reverse("public_list"))

        assert seen == {"before": (0, 1), "after": (1, 0)}

    def test_pages_not_listed_and_work_outside_requests_read_the_primary(self, live_world):
        petition = _answered(live_world)
        counted: dict[str, int] = {}

        def view(request):
            counted["petitions"] = Petition.objects.count()
            return HttpResponse()

        with Queries() as queries:
            _through_middleware(view, "get", reverse("track"))
            _through_middleware(view, "post", reverse("public_list"))
            Petition.objects.get(pk=petition.pk)  # a job or a command: no request at all

        assert counted == {"petitions": 1}
        assert (len(queries.sql(DEFAULT_DB_ALIAS)), len(queries.sql(REPLICA))) == (3, 0)

    def test_the_replica_is_never_migrated_and_objects_of_both_may_relate(self, live_world):
        router = ReplicaRouter()
        from_replica = Petition.objects.using(REPLICA).get(pk=_answered(live_world).pk)

        assert router.allow_migrate(REPLICA, "petitions") is False
        assert router.allow_migrate(DEFAULT_DB_ALIAS, "petitions") is None
        assert router.allow_relation(from_replica, live_world.agency_a) is True
        # A write of an object read from the replica goes to the primary.
        assert router.db_for_write(Petition, instance=from_replica) == DEFAULT_DB_ALIAS


def _inserted_petition(queries: Queries) -> bool:
    return any(
        sql.startswith('INSERT INTO "petitions_petition"') for sql in queries.sql(DEFAULT_DB_ALIAS)
    )


def _through_middleware(view, method: str, path: str) -> None:
    """`view` answering `path` behind the middleware, as the URL resolver would call it."""
    request = getattr(RequestFactory(), method)(path)
    request.resolver_match = resolve(path)

    def handler(request):
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware = ReplicaReadsMiddleware(handler)
    assert middleware(request).status_code == 200


def test_without_a_replica_every_query_runs_on_the_primary(world, client):
    if replica_configured():
        pytest.skip("this run configures a replica (NGHEDAN_REPLICA_URL)")
    petition = _answered(world)

    with Queries() as queries:
        shown = client.get(reverse("public_detail", args=[petition.code]))

    assert shown.status_code == 200
    assert list(connections) == [DEFAULT_DB_ALIAS]
    assert "petitions_petition" in queries.tables(DEFAULT_DB_ALIAS)
    assert ReplicaRouter().db_for_read(Petition) is None
    assert ReplicaRouter().db_for_write(Petition) is None
