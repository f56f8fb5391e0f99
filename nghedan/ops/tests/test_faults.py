"""Faults and scale-out, on PostgreSQL, with real processes.

Under load from clients that retry with the same Idempotency-Key until they get a code,
the app server is killed with SIGKILL (one of its processes, then all of them), a job
worker is killed in the middle of a job, and PostgreSQL is stopped at once and started
again. Afterwards every petition a client was given a code for is stored exactly once,
and every job intake queued ran to the end, its side effects made once. Then two
`nghedan serve` and two `nghedan worker` share one database.

The tests start a PostgreSQL server of their own (faults.PrivatePostgres), whatever
DATABASE_URL says: the suite's server is shared and must not be restarted. They are
skipped only where PostgreSQL's server programs are not installed."""

import os
import signal
import socket
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from itertools import count

import pytest

from nghedan.ops.tests.faults import (
    Filing,
    Fleet,
    Load,
    PrivatePostgres,
    Started,
    file_until_answered,
    free_port,
    http_get,
    nghedan_env,
    postgres_bindir,
    prepare_template,
    secret_key,
    server_up,
    summary,
    wait_for,
    worker_ready,
)

# One process runs both tests (with `--dist loadgroup`), so the private cluster is set up once.
pytestmark = [pytest.mark.real_clock, pytest.mark.faults, pytest.mark.xdist_group("faults")]

TEMPLATE = "nghedan_template"
# Petitions answered between one fault and the next: the load goes on across each.
BETWEEN_FAULTS = 8
# Petitions filed in the scale-out test (half through each server).
SCALE_PETITIONS = 24

_databases = count(1)


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    """(the private server, the api_key of the Open311 client in its template database)."""
    bindir = postgres_bindir()
    if bindir is None:
        pytest.skip(
            "PostgreSQL's server programs (initdb, pg_ctl) are not installed; "
            "Debian: apt-get install postgresql"
        )
    server = PrivatePostgres(bindir)
    try:
        server.start()
        api_key = prepare_template(
            server, name=TEMPLATE, var_dir=tmp_path_factory.mktemp("var-template")
        )
        yield server, api_key
    finally:
        server.stop()


class Installation:
    """One database copied from the template, and the processes started against it."""

    def __init__(self, server: PrivatePostgres, api_key: str, tmp_path) -> None:
        self.server = server
        self.api_key = api_key
        self.loads: list[Load] = []
        self.database = f"nghedan_{next(_databases)}"
        server.create_database(self.database, template=TEMPLATE)
        self.fleet = Fleet(
            env=nghedan_env(
                database_url=server.url(self.database),
                var_dir=tmp_path / "var",
                secret_key=secret_key(),
            ),
            log_dir=tmp_path / "logs",
        )

    def rows(self, query: str, params: tuple = ()) -> list[tuple]:
        return self.server.rows(self.database, query, params)

    def unfinished_jobs(self) -> int:
        [(unfinished,)] = self.rows(
            "SELECT count(*) FROM jobs_job WHERE status IN ('queued', 'running')"
        )
        return unfinished

    def running_job_of(self, worker: Started) -> tuple[int, int] | None:
        """(id, attempts) of a job the worker holds the lease of, if any."""
        found = self.rows(
            "SELECT id, attempts FROM jobs_job WHERE status = 'running' AND worker = %s",
            (f"{socket.gethostname()}:{worker.pid}",),
        )
        return found[0] if found else None


@pytest.fixture
def installation(postgres, tmp_path):
    server, api_key = postgres
    installation = Installation(server, api_key, tmp_path)
    try:
        yield installation
    finally:
        for load in installation.loads:
            load.abandon()
        installation.fleet.kill_all()


def _start_server(fleet: Fleet, port: int, **options) -> Started:
    server = fleet.serve(port, **options)
    wait_for(lambda: server_up(server, f"http://127.0.0.1:{port}"), timeout=90, what=server.name)
    return server


def _kill_in_the_middle_of_a_job(installation: Installation, worker: Started) -> tuple[int, int]:
    """Freeze the worker until it is seen holding a job's lease, then SIGKILL it; returns
    (job id, attempts) of the job it held."""
    held = None

    def caught() -> bool:
        nonlocal held
        os.kill(worker.pid, signal.SIGSTOP)
        held = installation.running_job_of(worker)
        if held is None:
            os.kill(worker.pid, signal.SIGCONT)
        return held is not None

    wait_for(caught, timeout=60, what=f"{worker.name} in the middle of a job")
    worker.kill()
    assert held is not None
    return held


def _sms_lines(workers: list[Started]) -> Counter:
    """How many SMS each petition's code was named in, by the workers' logging gateway."""
    sent: Counter = Counter()
    for worker in workers:
        for line in worker.log_lines():
            message = line.get("message", "")
            if line.get("logger") == "nghedan.notifications" and message.startswith("sms to "):
                sent[message.split(" đơn ", 1)[1].split(" ", 1)[0]] += 1
    return sent


def _check_stored_once(installation: Installation, filings: list[Filing], report: str) -> None:
    """Every answered filing is one petition under its key, with its code; nothing else is
    stored."""
    assert [f.key for f in filings if f.code is None] == [], report
    stored = installation.rows("SELECT id, code, intake_key FROM petitions_petition")
    assert len(stored) == len(filings), f"stored: {len(stored)}; {report}"
    by_key = {intake_key.rsplit(":", 1)[1]: code for _id, code, intake_key in stored}
    assert by_key == {f.key: f.code for f in filings}, report
    ids = {code: pk for pk, code, _key in stored}
    kept = installation.rows("SELECT key, petition_id FROM api_idempotencykey")
    assert sorted((key.rsplit(":", 1)[1], pk) for key, pk in kept) == sorted(
        (f.key, ids[f.code]) for f in filings
    ), report


def _check_jobs_ran_once(
    installation: Installation, filings: list[Filing], workers: list[Started], report: str
) -> list[tuple]:
    """Every job intake queued is done; each petition was analysed once and, filed
    through REST with notify_updates, told by SMS once. Returns the jobs' rows."""
    jobs = installation.rows(
        "SELECT j.name, j.status, j.attempts, j.worker, p.code FROM jobs_job j "
        "LEFT JOIN petitions_petition p ON p.id = (j.payload->>'petition_id')::bigint"
    )
    codes = sorted(f.code or "" for f in filings)
    told = sorted(f.code or "" for f in filings if f.channel == "rest")
    # (the analyses queue jobs of their own: alerts on groups of similar petitions)
    assert Counter(status for _n, status, *_ in jobs) == {"done": len(jobs)}, report
    assert sorted(code for name, *_, code in jobs if name == "language.analyse") == codes, report
    names = Counter(name for name, *_ in jobs)
    assert (names["language.analyse"], names["notifications.petition_event"]) == (
        len(codes),
        len(told),
    ), report
    analysed = installation.rows(
        "SELECT p.code FROM language_petitionanalysis a "
        "JOIN petitions_petition p ON p.id = a.petition_id"
    )
    assert sorted(code for (code,) in analysed) == codes, report
    deliveries = installation.rows(
        "SELECT p.code, d.channel FROM notifications_delivery d "
        "JOIN petitions_petition p ON p.id = d.petition_id WHERE d.kind = 'petition_event'"
    )
    assert sorted(deliveries) == [(code, "sms") for code in told], report
    assert _sms_lines(workers) == Counter(told), report
    return jobs


def test_killed_servers_and_workers_and_a_restarted_database_lose_and_double_nothing(
    postgres, installation, tmp_path
):
    server_db, _api_key = postgres
    fleet = installation.fleet
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    workers = [fleet.worker(), fleet.worker()]
    web = _start_server(fleet, port)
    wait_for(lambda: all(worker_ready(w) for w in workers), timeout=90, what="the workers")
    load = Load(base_urls=[base], api_key=installation.api_key, clients=6, prefix="loi")
    installation.loads.append(load.start())
    began = time.monotonic()
    seconds: dict[str, float] = {}

    def answered_more(than: int) -> None:
        wait_for(
            lambda: load.answered() >= than + BETWEEN_FAULTS,
            timeout=90,
            what=f"{than + BETWEEN_FAULTS} petitions answered",
        )

    def mark(phase: str) -> None:
        seconds[phase] = round(time.monotonic() - began, 1)

    # While clients file: one process of the server is killed (its master starts another)
    answered_more(0)
    mark("web process killed")
    os.kill(web.children()[0], signal.SIGKILL)
    # …then the whole server, master and processes, and a new one starts on the port
    answered_more(load.answered())
    mark("server killed")
    web.kill()
    web = _start_server(fleet, port)
    mark("server back")
    # …a job worker in the middle of a job, and another worker starts
    answered_more(load.answered())
    killed_job, attempts_then = _kill_in_the_middle_of_a_job(installation, workers[0])
    mark("worker killed")
    workers.append(fleet.worker())
    # …and PostgreSQL stops at once and starts again
    answered_more(load.answered())
    mark("database restarted")
    server_db.restart()
    answered_more(load.answered())
    filings = load.stop()
    mark("load stopped")

    # Then, once the workers have drained the queue
    wait_for(lambda: installation.unfinished_jobs() == 0, timeout=90, what="the queue drained")
    mark("queue drained")
    died = [w.name for w in workers[1:] + [web] if w.process.poll() is not None]
    fleet.kill_all()
    jobs = installation.rows("SELECT attempts FROM jobs_job")
    report = summary(
        filings,
        stored=installation.rows("SELECT count(*) FROM petitions_petition")[0][0],
        jobs=len(jobs),
        **{"jobs run again after a kill or a restart": sum(1 for (a,) in jobs if a > 1)},
        seconds=seconds,
    )
    # The counts, for the run's record (the assertions below repeat them when they fail).
    (tmp_path / "counts.txt").write_text(report + "\n")
    assert died == [], f"processes that died on their own: {died}; {report}"
    # every petition a client was given a code for is stored once, under its key
    _check_stored_once(installation, filings, report)
    # the faults were felt: clients found the server gone, and the database gone (500)
    failures: Counter = Counter()
    for filing in filings:
        failures.update(filing.failures)
    assert (failures["URLError"] > 0, failures["http 500"] > 0) == (True, True), report
    # every job ran to the end once: done, its analysis and its SMS made once
    _check_jobs_ran_once(installation, filings, workers, report)
    # the job the killed worker held was taken back and finished by another worker
    [(status, attempts)] = installation.rows(
        "SELECT status, attempts FROM jobs_job WHERE id = %s", (killed_job,)
    )
    assert (status, attempts > attempts_then) == ("done", True), report


def test_two_servers_and_two_workers_share_one_database(installation):
    fleet = installation.fleet
    ports = [free_port(), free_port()]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    workers = [fleet.worker(), fleet.worker()]
    for port in ports:
        fleet.serve(port, workers=1, threads=4)
    for server, base in zip(fleet.started[2:], bases, strict=True):
        wait_for(lambda s=server, b=base: server_up(s, b), timeout=90, what=server.name)
    wait_for(lambda: all(worker_ready(w) for w in workers), timeout=90, what="the workers")

    # Given petitions filed through both servers, Open311 and REST by turns
    filings = [
        Filing(
            key=f"hai-may-{number}",
            channel="open311" if number % 2 else "rest",
            base_url=bases[(number // 2) % 2],
        )
        for number in range(SCALE_PETITIONS)
    ]
    deadline = time.monotonic() + 90
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(
            pool.map(
                lambda f: file_until_answered(f, api_key=installation.api_key, deadline=deadline),
                filings,
            )
        )
    report = summary(filings)
    assert [(f.status, f.tries) for f in filings] == [(201, 1)] * SCALE_PETITIONS, report

    # When the workers have drained the queue
    wait_for(lambda: installation.unfinished_jobs() == 0, timeout=90, what="the queue drained")

    # Then each server reads the petitions filed through the other
    for filing in filings:
        other = bases[1 - bases.index(filing.base_url)]
        status, found = http_get(f"{other}/open311/v2/requests/{filing.code}.json")
        assert (status, found[0]["service_request_id"]) == (200, filing.code), report
    # both see both workers at work, and nothing waiting
    for base in bases:
        status, health = http_get(f"{base}/health/")
        assert (status, health["queue"]["queued"], health["queue"]["workers_seen"]) == (
            200,
            0,
            2,
        ), health
    fleet.kill_all()
    _check_stored_once(installation, filings, report)
    jobs = _check_jobs_ran_once(installation, filings, workers, report)
    # each job was claimed once (no lease ran out, none ran twice), and both workers took some
    assert {attempts for _n, _s, attempts, _w, _c in jobs} == {1}, report
    names = {f"{socket.gethostname()}:{worker.pid}" for worker in workers}
    took = Counter(worker for *_, worker, _c in jobs)
    assert set(took) == names, (took, report)
