"""What the fault and scale-out tests (test_faults.py) run: a PostgreSQL server of their
own, which they may kill and restart (the suite's shared server must never see that),
`nghedan serve` and `nghedan worker` processes against it, and clients that file
petitions under an Idempotency-Key and retry until they are answered."""

import http.client
import itertools
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import psycopg

# Where Debian puts each major version's server programs (initdb, pg_ctl, postgres).
DEBIAN_POSTGRESQL = Path("/usr/lib/postgresql")
# The role the private server is made with (trust authentication, on 127.0.0.1 only).
ROLE = "nghedan"
# A lease short enough that a killed worker's job is taken back within seconds.
LEASE_SECONDS = 4
# Statuses a client takes for "not answered yet": it sends the same request again.
RETRIED_STATUSES = {500, 502, 503, 504}
# How a client that failed waits before trying again.
RETRY_PAUSE = 0.25

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def postgres_bindir() -> Path | None:
    """The folder of the PostgreSQL server programs: Debian's newest version, else the
    one on PATH; None when the server is not installed."""
    versions = sorted(
        (path.parent for path in DEBIAN_POSTGRESQL.glob("*/bin/initdb")),
        key=lambda bindir: int(bindir.parent.name) if bindir.parent.name.isdigit() else 0,
    )
    if versions:
        return versions[-1]
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], object], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class PrivatePostgres:
    """A throw-away cluster in a temporary folder, on a free port of 127.0.0.1. PostgreSQL
    refuses to run as root: under root its programs run as the `postgres` user, who owns
    the folder. No fsync (the machine does not crash in these tests, only processes do):
    a commit is still written before it is acknowledged, so a killed server loses none."""

    def __init__(self, bindir: Path) -> None:
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError(
                    "PostgreSQL refuses to run as root, and there is no `postgres` user to "
                    "run it as"
                ) from None
        self.bindir = bindir
        self.port = free_port()
        self.base = Path(tempfile.mkdtemp(prefix="nghedan-pg-"))
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        if self._as_postgres:
            os.chown(self.base, owner.pw_uid, owner.pw_gid)

    def _run(self, program: str, *args: str, timeout: float = 90) -> None:
        result = subprocess.run(
            [str(self.bindir / program), *args],
            cwd=self.base,
            user="postgres" if self._as_postgres else None,
            group="postgres" if self._as_postgres else None,
            extra_groups=[] if self._as_postgres else None,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{program} {' '.join(args)} failed ({result.returncode}): "
                f"{result.stderr[-2000:]}{self.server_log()[-2000:]}"
            )

    def server_log(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""

    def start(self) -> None:
        self._run(
            "initdb",
            f"--pgdata={self.data}",
            f"--username={ROLE}",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"port = {self.port}\n"
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.base}'\n"
                "fsync = off\n"
                "full_page_writes = off\n"
            )
        self._pg_ctl("start")

    def _pg_ctl(self, action: str, *args: str) -> None:
        self._run(
            "pg_ctl", action, "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", *args
        )

    def restart(self) -> None:
        """Stop at once, as a crash would (no checkpoint, clients cut off), and start again:
        the server recovers from its write-ahead log."""
        self._pg_ctl("restart", "-m", "immediate")

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._pg_ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgres://{ROLE}@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str) -> psycopg.Connection:
        return psycopg.connect(self.url(database), autocommit=True, connect_timeout=10)

    def rows(self, database: str, query: str, params: tuple = ()) -> list[tuple]:
        with self.connect(database) as connection:
            return connection.execute(query, params).fetchall()

    def create_database(self, name: str, *, template: str = "template1") -> None:
        with self.connect("postgres") as connection:
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


# The tables; the reference data intake needs (Hà Nội's communes and agencies, the topics
# and the routing rules; the deadline rules come with the migrations); the first topic
# model, built once here rather than by each worker's first analysis; and one Open311
# client, whose api_key is printed last.
SETUP_SCRIPT = """
from django.core.management import call_command

from nghedan.agencies.services import agencies_load
from nghedan.api.services import api_client_issue
from nghedan.areas.services import areas_load
from nghedan.language.models import Head
from nghedan.language.training import model_active
from nghedan.petitions.reference import routing_rules_load, topics_load

call_command("migrate", interactive=False, verbosity=0)
areas_load(province_codes=["01"])
agencies_load(province_codes=["01"])
topics_load()
routing_rules_load()
model_active(Head.TOPIC)
print(api_client_issue(name="Ứng dụng thử tải")[1])
"""


def nghedan_env(*, database_url: str, var_dir: Path, secret_key: str) -> dict[str, str]:
    """The environment of every process of one installation: one database, one secret,
    limits that a load test from one address does not reach, a short job lease."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("NGHEDAN_LOG")},
        "DATABASE_URL": database_url,
        "NGHEDAN_VAR_DIR": str(var_dir),
        "NGHEDAN_SECRET_KEY": secret_key,
        "NGHEDAN_DEBUG": "false",
        "NGHEDAN_INTAKE_RATE": "100000/hour",
        "NGHEDAN_OPEN311_RATE": "100000/hour",
        "NGHEDAN_JOB_LEASE_SECONDS": str(LEASE_SECONDS),
        "PYTHONUNBUFFERED": "1",
    }


def prepare_template(server: PrivatePostgres, *, name: str, var_dir: Path) -> str:
    """Migrate a database and load what intake needs into it; returns the api_key. Each
    test then starts from a copy (CREATE DATABASE … TEMPLATE), in a second, not the
    quarter of a minute the migrations take."""
    server.create_database(name)
    env = nghedan_env(database_url=server.url(name), var_dir=var_dir, secret_key=secret_key())
    result = subprocess.run(
        [sys.executable, "-m", "nghedan", "shell", "-c", SETUP_SCRIPT],
        env={**env, "NGHEDAN_LOG_LEVEL": "ERROR"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"preparing the database failed: {result.stderr[-3000:]}")
    return result.stdout.strip().splitlines()[-1]


_SECRET = secrets.token_urlsafe(48)


def secret_key() -> str:
    """The installation's secret, the same for every process (field encryption, digests
    of api_keys)."""
    return _SECRET


class Started:
    """A `nghedan …` process in a session of its own (so that killing it kills its
    children too), its output in files."""

    def __init__(self, name: str, args: list[str], *, env: dict[str, str], log_dir: Path):
        log_dir.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.stdout_path = log_dir / f"{name}.stdout"
        self.stderr_path = log_dir / f"{name}.stderr"
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "nghedan", *args],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    def children(self) -> list[int]:
        """The pids of its child processes (Linux: read from /proc)."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == self.pid:
                found.append(int(stat.parent.name))
        return found

    def kill(self) -> None:
        """SIGKILL to the process and every process of its session, as a crash would."""
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait(timeout=15)

    def stdout(self) -> str:
        return self.stdout_path.read_text(errors="replace")

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def log_lines(self) -> list[dict]:
        """Its JSON log lines (stderr); other lines (tracebacks of a killed process) are
        left out."""
        lines = []
        for line in self.stderr().splitlines():
            try:
                lines.append(json.loads(line))
            except ValueError:
                continue
        return lines


class Fleet:
    """The processes of one installation; whatever was started is stopped at the end."""

    def __init__(self, *, env: dict[str, str], log_dir: Path) -> None:
        self.env = env
        self.log_dir = log_dir
        self.started: list[Started] = []
        self._names = itertools.count(1)

    def serve(self, port: int, *, workers: int = 2, threads: int = 4) -> Started:
        process = Started(
            f"serve-{port}-{next(self._names)}",
            [
                "serve",
                f"--bind=127.0.0.1:{port}",
                f"--workers={workers}",
                f"--threads={threads}",
                "--no-collectstatic",
            ],
            env=self.env,
            log_dir=self.log_dir,
        )
        self.started.append(process)
        return process

    def worker(self) -> Started:
        process = Started(
            f"worker-{next(self._names)}",
            ["worker", "--sleep", "0.2", "--no-schedule"],
            env=self.env,
            log_dir=self.log_dir,
        )
        self.started.append(process)
        return process

    def kill_all(self) -> None:
        for process in self.started:
            process.kill()


def worker_ready(worker: Started) -> bool:
    """The worker has set Django up and entered its loop (it says so on stdout)."""
    if worker.process.poll() is not None:
        raise AssertionError(f"{worker.name} exited: {worker.stderr()[-3000:]}")
    return "Bắt đầu chạy việc nền" in worker.stdout()


def server_up(server: Started, base_url: str) -> bool:
    """`/health/` answers 200: the server runs and reaches the database."""
    if server.process.poll() is not None:
        raise AssertionError(f"{server.name} exited: {server.stderr()[-3000:]}")
    try:
        with _opener.open(f"{base_url}/health/", timeout=5) as response:
            return response.status == 200
    except (OSError, http.client.HTTPException):
        return False


def http_get(url: str) -> tuple[int, object]:
    try:
        with _opener.open(url, timeout=15) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read() or b"null")


@dataclass
class Filing:
    """One petition a client files: the same key and body on every try."""

    key: str
    channel: str  # "open311" or "rest"
    base_url: str
    code: str | None = None
    status: int | None = None  # of the answer that gave the code: 201, or 200 for a replay
    tries: int = 0
    failures: Counter = field(default_factory=Counter)  # what made the client try again
    refusal: str = ""  # an answer that is neither a code nor worth a retry


def petition_request(filing: Filing, *, api_key: str) -> urllib.request.Request:
    """The request of a filing, built the same way on every try."""
    number = filing.key.rsplit("-", 1)[-1]
    text = (
        f"Rác thải sinh hoạt tồn đọng ở ngõ {number} phố Đội Cấn, phường Ba Đình, đã nhiều "
        f"ngày chưa được thu gom ({filing.key})."
    )
    headers = {"Idempotency-Key": filing.key}
    if filing.channel == "open311":
        data = urlencode(
            {
                "api_key": api_key,
                "service_code": "moi-truong",
                "address_id": "00004",
                "description": text,
            }
        ).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        url = f"{filing.base_url}/open311/v2/requests.json"
    else:
        data = json.dumps(
            {
                "kind": "feedback",
                "topic": "moi-truong",
                "area": "00004",
                "title": f"Rác thải tồn đọng ở ngõ {number} Đội Cấn",
                "body": text,
                "publish_consent": True,
                "notify_updates": True,
                "petitioner": {"name": "Nguyễn Văn An", "phone": "0912345678"},
            }
        ).encode()
        headers["Content-Type"] = "application/json"
        url = f"{filing.base_url}/api/v1/petitions/"
    return urllib.request.Request(url, data=data, method="POST", headers=headers)


def file_until_answered(
    filing: Filing,
    *,
    api_key: str,
    deadline: float,
    abandoned: Callable[[], bool] = lambda: False,
) -> Filing:
    """Send the filing's request until an answer carries a code: on a refused or cut
    connection, a timeout or a 5xx the same request goes again (same key, same body)."""
    while time.monotonic() < deadline and not abandoned():
        filing.tries += 1
        try:
            with _opener.open(petition_request(filing, api_key=api_key), timeout=30) as answer:
                status, body = answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            with error:
                status, text = error.code, error.read()[:300]
            if status in RETRIED_STATUSES:
                filing.failures[f"http {status}"] += 1
                time.sleep(RETRY_PAUSE)
                continue
            filing.refusal = f"http {status}: {text!r}"
            return filing
        except (OSError, http.client.HTTPException, ValueError) as error:
            filing.failures[type(error).__name__] += 1
            time.sleep(RETRY_PAUSE)
            continue
        filing.status = status
        filing.code = body[0]["service_request_id"] if filing.channel == "open311" else body["code"]
        return filing
    filing.refusal = "no answer before the deadline, or the test gave up"
    return filing


class Load:
    """Client threads, each filing petitions one after another (Open311 and REST by
    turns) until told to stop; a petition begun is retried until it is answered."""

    def __init__(self, *, base_urls: list[str], api_key: str, clients: int, prefix: str):
        self.base_urls = base_urls
        self.api_key = api_key
        self.prefix = prefix
        self.filings: list[Filing] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._abandoned = threading.Event()
        self._threads = [
            threading.Thread(target=self._client, args=(number,), daemon=True)
            for number in range(clients)
        ]

    def _keys(self, client: int) -> Iterator[Filing]:
        for number in itertools.count(1):
            yield Filing(
                key=f"{self.prefix}-{client}-{number}",
                channel="open311" if (client + number) % 2 else "rest",
                base_url=self.base_urls[(client + number) % len(self.base_urls)],
            )

    def _client(self, client: int) -> None:
        for filing in self._keys(client):
            if self._stopping.is_set():
                return
            with self._lock:
                self.filings.append(filing)
            file_until_answered(
                filing,
                api_key=self.api_key,
                deadline=time.monotonic() + 90,
                abandoned=self._abandoned.is_set,
            )

    def start(self) -> "Load":
        for thread in self._threads:
            thread.start()
        return self

    def answered(self) -> int:
        with self._lock:
            return sum(1 for filing in self.filings if filing.code)

    def abandon(self) -> None:
        """Stop at once, answered or not (a test that failed half-way)."""
        self._stopping.set()
        self._abandoned.set()

    def stop(self, timeout: float = 100) -> list[Filing]:
        self._stopping.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        if any(thread.is_alive() for thread in self._threads):
            raise AssertionError("a client was still waiting for an answer")
        return list(self.filings)


def summary(filings: list[Filing], **extra: object) -> str:
    """The counts the assertions report."""
    failures: Counter = Counter()
    for filing in filings:
        failures.update(filing.failures)
    counts = {
        "petitions sent": len(filings),
        "requests": sum(filing.tries for filing in filings),
        "retries": sum(filing.tries - 1 for filing in filings),
        "acknowledged": sum(1 for filing in filings if filing.code),
        "answered as replays (200)": sum(1 for filing in filings if filing.status == 200),
        **extra,
    }
    text = ", ".join(f"{name}: {value}" for name, value in counts.items())
    return f"{text}; retried after: {dict(failures)}"
