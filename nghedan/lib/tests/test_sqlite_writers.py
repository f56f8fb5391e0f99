"""The embedded default, SQLite, in WAL mode with a busy timeout and transactions that
take the writer lock when they begin: two requests writing at once both succeed, the
second waiting for the first, and neither fails with "database is locked"."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from nghedan.jobs.models import Job
from nghedan.lib import clock

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's single writer"),
    pytest.mark.django_db(transaction=True),
]

HOLD_SECONDS = 1.0


def test_the_database_logs_ahead_and_waits_for_the_writer_lock():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout")
        busy_timeout = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous")
        synchronous = cursor.fetchone()[0]

    assert (journal, busy_timeout, synchronous) == ("wal", 20_000, 1)  # 1: NORMAL


def test_two_writers_at_once_both_succeed_the_second_waiting_for_the_first():
    holding = threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        with transaction.atomic():
            Job.objects.create(name="first", run_after=clock.now())
            holding.set()
            time.sleep(HOLD_SECONDS)

    def second() -> None:
        holding.wait(timeout=30)
        started = time.monotonic()
        # Reads before it writes: a transaction that began as a reader could not become
        # the writer while the first one held the lock, and would fail at once.
        with transaction.atomic():
            outcome["seen"] = Job.objects.count()
            Job.objects.create(name="second", run_after=clock.now())
        outcome["waited"] = time.monotonic() - started

    errors: list[BaseException] = []

    def run(target) -> None:
        try:
            target()
        except BaseException as error:  # noqa: BLE001 — reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(target,)) for target in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(Job.objects.values_list("name", flat=True)) == ["first", "second"]
    assert outcome["seen"] == 1  # it began after the first writer committed
    assert isinstance(outcome["waited"], float) and outcome["waited"] >= HOLD_SECONDS * 0.8
