"""The shared cache: rate-limit counters that every process counts against, in the
database's cache table by default and in Redis when NGHEDAN_REDIS_URL is set."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection

from nghedan.lib import clock
from nghedan.lib.ratelimit import rate_wait

CALLS_EACH = 200
ALLOWED = 300

# A process that counts CALLS_EACH calls at a fixed instant, once the test says go, and
# prints how many were allowed.
COUNTER = """
import os, sys, time
from datetime import datetime
from pathlib import Path

import django

django.setup()
import time_machine

from nghedan.lib.ratelimit import rate_wait

instant, folder, name = datetime.fromisoformat(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
with time_machine.travel(instant, tick=False):
    (folder / f"ready-{name}").touch()
    while not (folder / "go").exists():
        time.sleep(0.01)
    allowed = sum(
        rate_wait(scope="shared", ident="one-client", rate=sys.argv[4]) == 0
        for _ in range(int(sys.argv[5]))
    )
print(allowed)
"""


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def _python(code: str, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "nghedan.settings", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


@pytest.mark.django_db(transaction=True)
def test_two_processes_count_against_one_shared_allowance(tmp_path):
    # Given two server processes on the same database, at the same instant
    instant = clock.now()
    processes = [
        _python(
            COUNTER,
            instant.isoformat(),
            str(tmp_path),
            name,
            f"{ALLOWED}/hour",
            str(CALLS_EACH),
            DATABASE_URL=_database_url(),
        )
        for name in ("a", "b")
    ]
    try:
        _wait_for(lambda: all((tmp_path / f"ready-{name}").exists() for name in ("a", "b")))
        # When one client calls both of them at once, CALLS_EACH times each
        Path(tmp_path / "go").touch()
        outputs = [process.communicate(timeout=120) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=15)

    # Then exactly the allowance went through, counted in one counter
    assert [process.returncode for process in processes] == [0, 0], outputs
    assert sum(int(out) for out, _err in outputs) == ALLOWED
    window = int(instant.timestamp() // 3600)
    assert cache.get(f"rate:shared:one-client:{window}") == 2 * CALLS_EACH


def test_a_counter_counts_on_from_what_another_process_left(db):
    # The same table seen from this process: the counter goes on, and the allowance ends.
    assert [rate_wait(scope="s", ident="i", rate="3/minute") == 0 for _ in range(4)] == [
        True,
        True,
        True,
        False,
    ]


SETTINGS = """
import django
django.setup()
from django.conf import settings
from django.core.cache import caches
print(settings.CACHES["default"]["BACKEND"], type(caches["default"]).__name__)
"""

UNREACHABLE = """
import django
django.setup()
from nghedan.lib.ratelimit import rate_wait
print([rate_wait(scope="s", ident="i", rate="1/minute") for _ in range(3)])
"""


def test_the_embedded_default_keeps_the_cache_in_the_database():
    process = _python(SETTINGS, NGHEDAN_REDIS_URL="", REDIS_URL="")
    out, err = process.communicate(timeout=60)

    assert out.split() == ["nghedan.lib.cache.DatabaseCache", "DatabaseCache"], err


@pytest.mark.parametrize("variable", ["NGHEDAN_REDIS_URL", "REDIS_URL"])
def test_a_redis_address_puts_the_cache_in_redis(variable):
    process = _python(SETTINGS, **{variable: "redis://127.0.0.1:1/0"})
    out, err = process.communicate(timeout=60)

    assert out.split() == ["django_redis.cache.RedisCache", "RedisCache"], err


def test_with_redis_unreachable_calls_go_through_uncounted():
    # Port 1 answers nobody: the site keeps taking petitions while Redis is down.
    process = _python(UNREACHABLE, NGHEDAN_REDIS_URL="redis://127.0.0.1:1/0")
    out, err = process.communicate(timeout=60)

    assert process.returncode == 0, err
    assert out.strip() == "[0, 0, 0]"
