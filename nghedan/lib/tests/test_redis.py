"""The shared cache in a real Redis server (NGHEDAN_REDIS_URL), as production runs it:
rate-limit counters that every process counts against, and the version token of the
reference data that tells each process to read its copies again.

Each test starts its own `redis-server` (Debian's package) on a free port, keeping
nothing on disk, and stops it afterwards; without the package the tests are skipped."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.core.cache import cache, caches

from nghedan.deadlines.services import deadline_rules
from nghedan.lib import clock, reference
from nghedan.lib.reference import VERSION_KEY
from nghedan.lib.tests.test_reference import CHANGE
from nghedan.lib.tests.test_shared_cache import (
    ALLOWED,
    CALLS_EACH,
    COUNTER,
    _database_url,
    _python,
    _wait_for,
)

# The cache settings.py makes of NGHEDAN_REDIS_URL, read from a process started with it.
CACHES = """
import json
import django
django.setup()
from django.conf import settings
print(json.dumps(settings.CACHES))
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _without_faketime(environ) -> dict[str, str]:
    """The environment less libfaketime (`make test-clock`), which redis-server cannot
    start under; its expiries count from now whatever the clock says."""
    env = {name: value for name, value in environ.items() if not name.startswith("FAKETIME")}
    preload = [lib for lib in env.get("LD_PRELOAD", "").split() if "faketime" not in lib]
    env["LD_PRELOAD"] = " ".join(preload)
    return env


@pytest.fixture
def redis_url(tmp_path):
    """A Redis server of this test's own, and its address."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (Debian package redis-server)")
    port = _free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        env=_without_faketime(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"redis-server did not start on port {port}") from None
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


@pytest.fixture
def redis_cache(redis_url, settings):
    """This process's cache in that server, configured as settings.py configures it."""
    done = subprocess.run(
        [sys.executable, "-c", CACHES],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "nghedan.settings",
            "NGHEDAN_REDIS_URL": redis_url,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    settings.CACHES = json.loads(done.stdout)
    assert type(caches["default"]).__name__ == "RedisCache"
    yield redis_url
    reference.reference_forget()


def test_two_processes_count_against_one_allowance_in_redis(redis_cache, tmp_path):
    # Given two server processes whose shared cache is one Redis, at the same instant
    instant = clock.now()
    processes = [
        _python(
            COUNTER,
            instant.isoformat(),
            str(tmp_path),
            name,
            f"{ALLOWED}/hour",
            str(CALLS_EACH),
            NGHEDAN_REDIS_URL=redis_cache,
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

    # Then exactly the allowance went through, counted in one counter in Redis that
    # expires with its window
    assert [process.returncode for process in processes] == [0, 0], outputs
    assert sum(int(out) for out, _err in outputs) == ALLOWED
    key = f"rate:shared:one-client:{int(instant.timestamp() // 3600)}"
    assert cache.get(key) == 2 * CALLS_EACH
    assert 0 < cache.ttl(key) <= 3600


def test_a_reference_change_in_another_process_reaches_this_one_through_redis(
    redis_cache, live_world, monkeypatch
):
    # Given this process's copy of the rules, read under the token Redis holds
    assert {rule.days for rule in deadline_rules() if rule.kind == "feedback"} == {5, 10}
    token = cache.get(VERSION_KEY)
    assert token is not None

    # When another process, on the same database and Redis, changes them
    done = subprocess.run(
        [sys.executable, "-c", CHANGE],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "nghedan.settings",
            "DATABASE_URL": _database_url(),
            "NGHEDAN_REDIS_URL": redis_cache,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr

    # Then the token in Redis moved, and this process reads the rules again at its next check
    assert cache.get(VERSION_KEY) not in (None, token)
    monkeypatch.setattr(reference, "CHECK_SECONDS", 0.0)
    assert {rule.days for rule in deadline_rules() if rule.kind == "feedback"} == {9}
