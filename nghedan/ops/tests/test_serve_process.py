"""`nghedan serve` as production runs it: a real gunicorn master with two worker
processes over real HTTP. It answers /health/, serves the collected static files with a
year's caching, counts the requests of both workers in /metrics, writes one JSON access
line per request, and stops cleanly on SIGTERM; with the database unreachable it still
starts, and /health/ says 503."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection

# The server processes read the machine's clock.
pytestmark = pytest.mark.real_clock

HEALTH_REQUESTS = 12


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    def __init__(self, tmp_path: Path, *, database_url: str, extra: list[str]) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.var_dir = tmp_path / "var"
        self.stdout_path, self.stderr_path = tmp_path / "stdout", tmp_path / "stderr"
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("NGHEDAN_LOG")},
            "DATABASE_URL": database_url,
            "NGHEDAN_VAR_DIR": str(self.var_dir),
            "NGHEDAN_DEBUG": "false",
        }
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "nghedan", "serve", "--bind", f"127.0.0.1:{self.port}"]
                + extra,
                env=env,
                stdout=out,
                stderr=err,
            )

    def get(self, path: str, headers: dict | None = None):
        """(status, headers, body) of one request on its own connection."""
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers, error.read()

    def wait_until_up(self, timeout: float = 60.0) -> tuple[int, object, dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"serve exited: {self.stderr_path.read_text()[-3000:]}")
            try:
                status, headers, body = self.get("/health/")
                return status, headers, json.loads(body)
            except OSError:
                time.sleep(0.1)
        raise AssertionError("serve did not answer in time")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
                raise
        return self.process.returncode

    def access_lines(self) -> list[dict]:
        lines = [json.loads(line) for line in self.stdout_path.read_text().splitlines()]
        return [line for line in lines if line["logger"] == "nghedan.access"]


@pytest.fixture
def served_factory(tmp_path):
    started: list[Served] = []

    def start(*, database_url: str, extra: list[str]) -> Served:
        server = Served(tmp_path, database_url=database_url, extra=extra)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def test_serve_answers_health_static_files_and_metrics_from_two_workers(
    transactional_db, served_factory
):
    server = served_factory(
        database_url=_database_url(), extra=["--workers", "2", "--threads", "2"]
    )

    # The first answer: the database and the queue as the server sees them
    status, first_headers, health = server.wait_until_up()
    assert status == 200
    assert health["status"] == "ok"
    assert health["database"]["ok"] is True
    assert health["queue"]["queued"] == 0

    # The pages name the collected, hashed static files; those are cached for a year and
    # sent compressed
    status, _headers, page = server.get("/")
    assert status == 200
    stylesheet = re.search(rb'href="(/static/nghedan/app\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet is not None
    status, headers, _body = server.get(
        stylesheet.group(1).decode(), headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert "immutable" in headers["Cache-Control"]
    assert int(re.search(r"max-age=(\d+)", headers["Cache-Control"]).group(1)) >= 365 * 86400
    assert headers["Content-Encoding"] == "gzip"

    # Requests spread over both worker processes are all counted
    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = list(pool.map(lambda _: server.get("/health/"), range(HEALTH_REQUESTS)))
    assert [status for status, _h, _b in answers] == [200] * HEALTH_REQUESTS
    status, _headers, metrics = server.get("/metrics")
    assert status == 200
    counted = re.search(
        rb'nghedan_http_requests_total\{method="GET",status="200",view="health"\} (\S+)', metrics
    )
    assert counted is not None
    assert float(counted.group(1)) == HEALTH_REQUESTS + 1
    assert b"nghedan_petitions_overdue 0.0" in metrics

    # Stopped, it ends cleanly and leaves no metric files behind
    assert server.stop() == 0
    assert list((server.var_dir / "prometheus").iterdir()) == []

    # One JSON access line per request, with the id the client was given
    access = server.access_lines()
    health_lines = [line for line in access if line["path"] == "/health/"]
    assert len(health_lines) == HEALTH_REQUESTS + 1
    assert {line["request_id"] for line in health_lines} == {
        headers["X-Request-ID"] for _s, headers, _b in [(200, first_headers, b""), *answers]
    }
    assert {(line["status"], line["view"]) for line in health_lines} == {(200, "health")}
    assert all(line["duration_ms"] >= 0 for line in access)


def test_with_the_database_unreachable_it_starts_and_health_says_503(served_factory):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    server = served_factory(
        database_url=f"postgres://nghedan:nghedan@127.0.0.1:{closed}/nghedan",
        extra=["--workers", "1", "--no-collectstatic"],
    )

    status, _headers, health = server.wait_until_up()

    assert status == 503
    assert health["status"] == "unavailable"
    assert health["database"] == {"ok": False, "vendor": "postgresql", "error": "OperationalError"}
    assert health["queue"] is None
    assert "The database cannot be reached yet" in server.stderr_path.read_text()
