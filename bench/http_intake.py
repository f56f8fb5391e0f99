"""HTTP intake benchmark: petitions filed over HTTP to `nghedan serve` on PostgreSQL, by
many clients at once, against a bare Django endpoint on the same server in the same run.

    .venv/bin/python -m bench.http_intake [--postgres URL] [--concurrency 8,32,128]
                                          [--duration S] [--rounds R] [--warmup S]
                                          [--workers N] [--threads N] [--routes a,b,...]
                                          [--no-mixed] [--keep]

1. The PostgreSQL database named by --postgres (default nghedan_bench_http on
   127.0.0.1; the role needs CREATEDB) is dropped, created and migrated, with the areas,
   agencies, topics and routing rules of Hà Nội, an officer of Phường Ba Đình's people's
   committee (where the petitions go), an Open311 client key, and the reference's table.
2. `nghedan serve --workers N --threads N` starts as a subprocess with the settings
   module bench.http_settings (the product's settings, plus `/bench/bare/`), the intake
   rate limits raised through the environment (NGHEDAN_INTAKE_RATE, NGHEDAN_OPEN311_RATE:
   counted as in production, never reached) and its access log to a file.
3. A load client in this process (asyncio, one HTTP/1.1 keep-alive connection per
   client, no Django on the request path) drives each route in turn with C clients that
   send their next request as soon as the last one is answered, for each C of
   --concurrency. The rows take --rounds turns, each measuring its share of --duration
   seconds after --warmup seconds not counted, so that a change in what else the machine
   runs falls on every row alike.
   Routes:
     bare        POST /bench/bare/: the reference, one form read and one row inserted
     open311     POST /open311/v2/requests.json (api_key, service_code, address_id)
     web         POST /petitions/new/, the citizen's form (each client first GETs the
                 form for its CSRF cookie; 302 to the page that shows the code)
     inbox       GET /inbox/, signed in as the officer who receives the petitions
     public      GET /public/, the public list of petitions
     transparency GET /transparency/
   then, unless --no-mixed, all of them but the reference at once (clients spread
   round-robin over the routes), so that the pages are read while petitions come in.
4. For each route and C: requests answered per second, p50 and p99 latency, errors
   (a status other than the route's, or a broken connection), and the ratio of the
   throughput to the reference's at the same C. The server is stopped and the database
   dropped (--keep leaves it).

The load client shares the machine with the server and PostgreSQL: its CPU grows with the
requests it sends, so it slows the fastest route, the reference, the most, and the
ratios lean, if anything, in the product's favour.
"""

import argparse
import asyncio
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

DEFAULT_POSTGRES = "postgres://nghedan:nghedan@127.0.0.1:5432/nghedan_bench_http"
ROUTES = ("bare", "open311", "web", "inbox", "public", "transparency")
REFERENCE = "bare"
HIGH_RATE = "100000000/hour"
BA_DINH = "00004"
AGENCY = f"{BA_DINH}-ubnd-xa"
TOPIC = "moi-truong"
BODY = (
    "Rác thải tồn đọng nhiều ngày ở đầu ngõ 120 Đội Cấn, bốc mùi hôi, ảnh hưởng đến sinh "
    "hoạt của các hộ dân trong ngõ. Đề nghị phường cho thu gom và xử lý dứt điểm."
)
_COOKIE = re.compile(r"^([^=;\s]+)=([^;]*)")


# --- database and server ----------------------------------------------------------------


def _postgres_recreate(url: str, *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = sql.Identifier(parts.path.lstrip("/"))
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def _server_env(*, var_dir: str, postgres: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.http_settings",
        DATABASE_URL=postgres,
        NGHEDAN_VAR_DIR=var_dir,
        NGHEDAN_SECRET_KEY=env.get("NGHEDAN_SECRET_KEY") or secrets.token_urlsafe(48),
        NGHEDAN_INTAKE_RATE=HIGH_RATE,
        NGHEDAN_OPEN311_RATE=HIGH_RATE,
        NGHEDAN_DEBUG="false",
    )
    env.pop("NGHEDAN_REDIS_URL", None)
    env.pop("REDIS_URL", None)
    return env


@dataclass
class World:
    api_key: str
    topic_id: int
    officer_session: str


def _prepare(env: dict[str, str]) -> World:
    """Migrate and load the reference data, in this process (Django set up with the
    server's settings), then close every connection."""
    os.environ.update(env)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)

    from django.contrib.auth import get_user_model
    from django.db import connection, connections
    from django.test import Client

    from bench.http_urls import BARE_TABLE
    from nghedan.agencies.models import Agency
    from nghedan.agencies.services import agencies_load
    from nghedan.api.services import api_client_issue
    from nghedan.areas.services import areas_load
    from nghedan.petitions.models import Topic
    from nghedan.petitions.reference import routing_rules_load, topics_load

    areas_load(province_codes=["01"])
    agencies_load(province_codes=["01"])
    topics_load()
    routing_rules_load()
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {BARE_TABLE} (id bigserial PRIMARY KEY, body text NOT NULL, "
            "received_at timestamptz NOT NULL)"
        )
    officer = get_user_model().objects.create_user(
        username="canbo_bench",
        password=secrets.token_urlsafe(16),
        role="officer",
        full_name="Cán bộ tiếp nhận",
        agency=Agency.objects.get(code=AGENCY),
    )
    client = Client()
    client.force_login(officer)
    world = World(
        api_key=api_client_issue(name="Ứng dụng đo tải")[1],
        topic_id=Topic.objects.get(code=TOPIC).pk,
        officer_session=client.cookies["sessionid"].value,
    )
    connections.close_all()
    return world


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_start(
    *, env: dict[str, str], port: int, workers: int, threads: int, log_dir: Path
) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "nghedan",
        "serve",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
    ]
    return subprocess.Popen(
        command,
        env=env,
        stdout=open(log_dir / "access.log", "wb"),  # noqa: SIM115 — closed with the process
        stderr=open(log_dir / "server.log", "wb"),  # noqa: SIM115
        start_new_session=True,
    )


def _server_wait(server: subprocess.Popen, port: int, log_dir: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            status, _, _ = asyncio.run(_one("GET", port, "/health/"))
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.stderr.write((log_dir / "server.log").read_text(errors="replace")[-4000:])
    raise SystemExit("the server did not answer /health/ with 200")


def _server_stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# --- HTTP/1.1 client ----------------------------------------------------------------------


class Connection:
    """One keep-alive connection, with the cookies the server set on it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.cookies: dict[str, str] = {}

    async def _open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(
        self, method: str, path: str, body: bytes = b"", content_type: str = ""
    ) -> tuple[int, bytes]:
        if self.writer is None:
            await self._open()
        assert self.reader is not None and self.writer is not None
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        if content_type:
            lines.append(f"Content-Type: {content_type}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin1") + body)
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            self.close()
            raise ConnectionError("closed by the server") from None
        status_line, *header_lines = head.decode("latin1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        length, chunked, close = None, False, False
        for line in header_lines:
            if not line:
                continue
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "connection" and value.lower() == "close":
                close = True
            elif name == "set-cookie" and (match := _COOKIE.match(value)):
                self.cookies[match[1]] = match[2]
        if chunked:
            parts = []
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readuntil(b"\r\n")
                    break
                parts.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)
            content = b"".join(parts)
        elif length is not None:
            content = await self.reader.readexactly(length)
        else:
            content = await self.reader.read()
            close = True
        if close:
            self.close()
        return status, content


async def _one(method: str, port: int, path: str) -> tuple[int, bytes, dict]:
    connection = Connection(port)
    try:
        status, content = await connection.request(method, path)
        return status, content, connection.cookies
    finally:
        connection.close()


# --- routes -----------------------------------------------------------------------------


FORM = "application/x-www-form-urlencoded"


class Route:
    name = ""
    expect = 200

    def __init__(self, world: World) -> None:
        self.world = world
        self.sent = 0

    async def prepare(self, connection: Connection) -> None:
        pass

    async def call(self, connection: Connection) -> int:
        raise NotImplementedError


class Bare(Route):
    name, expect = "bare", 201

    async def call(self, connection: Connection) -> int:
        self.sent += 1
        body = urlencode({"description": f"{BODY} ({self.sent})"}).encode()
        return (await connection.request("POST", "/bench/bare/", body, FORM))[0]


class Open311(Route):
    name, expect = "open311", 201

    async def call(self, connection: Connection) -> int:
        self.sent += 1
        body = urlencode(
            {
                "api_key": self.world.api_key,
                "service_code": TOPIC,
                "description": f"{BODY} ({self.sent})",
                "address_id": BA_DINH,
                "first_name": "An",
                "last_name": "Nguyễn Văn",
                "phone": "0912345678",
            }
        ).encode()
        return (await connection.request("POST", "/open311/v2/requests.json", body, FORM))[0]


class Web(Route):
    name, expect = "web", 302

    async def prepare(self, connection: Connection) -> None:
        status, _ = await connection.request("GET", "/petitions/new/")
        if status != 200 or "csrftoken" not in connection.cookies:
            raise RuntimeError(f"the form answered {status} without a CSRF cookie")

    async def call(self, connection: Connection) -> int:
        self.sent += 1
        body = urlencode(
            {
                "csrfmiddlewaretoken": connection.cookies["csrftoken"],
                "kind": "feedback",
                "topic": str(self.world.topic_id),
                "title": f"Rác thải tồn đọng ở ngõ 120 Đội Cấn ({self.sent})",
                "body": BODY,
                "province": "01",
                "commune": BA_DINH,
                "address": "Ngõ 120 Đội Cấn",
                "signatories": "1",
                "petitioner_name": "Nguyễn Văn An",
                "petitioner_phone": "0912 345 678",
                "publish_consent": "on",
            }
        ).encode()
        return (await connection.request("POST", "/petitions/new/", body, FORM))[0]


class Page(Route):
    path = ""
    session = False

    async def prepare(self, connection: Connection) -> None:
        if self.session:
            connection.cookies["sessionid"] = self.world.officer_session

    async def call(self, connection: Connection) -> int:
        return (await connection.request("GET", self.path))[0]


class Inbox(Page):
    name, path, session = "inbox", "/inbox/", True


class Public(Page):
    name, path = "public", "/public/"


class Transparency(Page):
    name, path = "transparency", "/transparency/"


ROUTE_CLASSES = {route.name: route for route in (Bare, Open311, Web, Inbox, Public, Transparency)}


# --- load ---------------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # answered within the window
    errors: int = 0


async def _prepared(route: Route, port: int) -> Connection | None:
    """A client's connection, ready for its route (the web form's CSRF cookie fetched);
    None when the server refused to prepare it."""
    connection = Connection(port)
    try:
        await route.prepare(connection)
    except (RuntimeError, ConnectionError, OSError, asyncio.IncompleteReadError, ValueError):
        connection.close()
        return None
    return connection


async def _client(
    route: Route, connection: Connection, *, measure_from: float, end: float, tally: Tally
) -> None:
    try:
        while (t0 := time.perf_counter()) < end:
            try:
                status = await route.call(connection)
            except (ConnectionError, OSError, asyncio.IncompleteReadError, ValueError):
                connection.close()
                status = 0
            t1 = time.perf_counter()
            if not measure_from <= t1 <= end:
                continue  # answered during the warm-up, or after the window
            if status != route.expect:
                tally.errors += 1
                if status == 0:
                    await asyncio.sleep(0.05)
                continue
            tally.latencies.append(t1 - t0)
    finally:
        connection.close()


async def _phase(
    routes: list[Route], port: int, *, clients: int, warmup: float, duration: float
) -> dict[str, Tally]:
    """`clients` clients spread round-robin over `routes`, prepared before the clock starts
    (a web client's first GET of the form is not a request measured)."""
    tallies = {route.name: Tally() for route in routes}
    assigned = [routes[index % len(routes)] for index in range(clients)]
    connections = await asyncio.gather(*(_prepared(route, port) for route in assigned))
    start = time.perf_counter()
    measure_from, end = start + warmup, start + warmup + duration
    tasks = []
    for route, connection in zip(assigned, connections, strict=True):
        if connection is None:
            tallies[route.name].errors += 1  # this client sends nothing
            continue
        tasks.append(
            _client(
                route, connection, measure_from=measure_from, end=end, tally=tallies[route.name]
            )
        )
    await asyncio.gather(*tasks)
    return tallies


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@dataclass
class Row:
    phase: str
    route: str
    clients: int
    rate: float
    p50: float
    p99: float
    errors: int


def _rows(phase: str, clients: int, tallies: dict[str, Tally], duration: float) -> list[Row]:
    return [
        Row(
            phase=phase,
            route=name,
            clients=clients,
            rate=len(tally.latencies) / duration,
            p50=_percentile(tally.latencies, 0.50),
            p99=_percentile(tally.latencies, 0.99),
            errors=tally.errors,
        )
        for name, tally in tallies.items()
    ]


def _print_row(row: Row, reference: dict[int, float]) -> None:
    ratio = "—"
    if row.phase != "mixed" and reference.get(row.clients):
        ratio = f"{row.rate / reference[row.clients]:.2f}"
    label = f"{row.route} (mixed)" if row.phase == "mixed" else row.route
    print(
        f"| {label:<20} | {row.clients:>3} | {row.rate:8.1f} | {row.p50 * 1000:8.1f} "
        f"| {row.p99 * 1000:8.1f} | {row.errors:>6} | {ratio:>5} |",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", metavar="URL", default=DEFAULT_POSTGRES)
    parser.add_argument("--concurrency", default="8,32,128")
    parser.add_argument("--duration", type=float, default=6.0, help="seconds measured per row")
    parser.add_argument("--rounds", type=int, default=2, help="turns the rows take")
    parser.add_argument("--warmup", type=float, default=1.5, help="seconds not counted per turn")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--routes", default=",".join(ROUTES))
    parser.add_argument("--no-mixed", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the database and logs")
    args = parser.parse_args()
    concurrency = [int(item) for item in args.concurrency.split(",")]
    names = [name.strip() for name in args.routes.split(",") if name.strip()]
    if unknown := set(names) - set(ROUTES):
        parser.error(f"unknown routes: {', '.join(sorted(unknown))}")
    if REFERENCE not in names:
        names.insert(0, REFERENCE)

    var_dir = tempfile.mkdtemp(prefix="nghedan-bench-http-")
    log_dir = Path(var_dir)
    env = _server_env(var_dir=var_dir, postgres=args.postgres)
    server = None
    try:
        _postgres_recreate(args.postgres)
        started = time.perf_counter()
        world = _prepare(env)
        print(f"database ready in {time.perf_counter() - started:.0f} s", flush=True)
        port = _free_port()
        server = _server_start(
            env=env, port=port, workers=args.workers, threads=args.threads, log_dir=log_dir
        )
        _server_wait(server, port, log_dir)
        print(
            f"nghedan serve: {args.workers} processes × {args.threads} threads, PostgreSQL; "
            f"{args.duration:g} s measured per row in {args.rounds} turns, "
            f"each after {args.warmup:g} s not counted",
            flush=True,
        )
        print("| route | clients | req/s | p50 ms | p99 ms | errors | ratio |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        reference: dict[int, float] = {}
        rows: list[Row] = []
        mixed = [name for name in names if name != REFERENCE]
        phases = [(name, [name]) for name in names]
        if not args.no_mixed and len(mixed) > 1:
            phases.append(("mixed", mixed))
        for clients in concurrency:
            # The phases take turns, --rounds times, each measured for its share of
            # --duration: a change in what else the machine runs falls on all of them.
            totals = {phase: {} for phase, _ in phases}
            for _round in range(args.rounds):
                for phase, members in phases:
                    routes = [ROUTE_CLASSES[name](world) for name in members]
                    tallies = asyncio.run(
                        _phase(
                            routes,
                            port,
                            clients=clients,
                            warmup=args.warmup,
                            duration=args.duration / args.rounds,
                        )
                    )
                    for name, tally in tallies.items():
                        total = totals[phase].setdefault(name, Tally())
                        total.latencies += tally.latencies
                        total.errors += tally.errors
            for phase, _ in phases:
                kind = "mixed" if phase == "mixed" else "single"
                for row in _rows(kind, clients, totals[phase], args.duration):
                    if kind == "single" and row.route == REFERENCE:
                        reference[clients] = row.rate
                    rows.append(row)
                    _print_row(row, reference)
        print()
        for row in rows:
            if row.route == "open311" and row.phase == "single" and reference.get(row.clients):
                print(
                    f"open311 / bare at {row.clients} clients: throughput "
                    f"{row.rate / reference[row.clients]:.2f}, p99 {row.p99 * 1000:.0f} ms"
                )
        errors = sum(row.errors for row in rows)
        if errors:
            print(f"{errors} errors; the server's log: {log_dir / 'server.log'}")
            lines = (log_dir / "server.log").read_text(errors="replace").splitlines()
            print("\n".join(lines[-20:]))
    finally:
        if server is not None:
            _server_stop(server)
        if args.keep:
            print(f"kept: {args.postgres} and {var_dir}")
        else:
            _postgres_recreate(args.postgres, drop_only=True)
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
