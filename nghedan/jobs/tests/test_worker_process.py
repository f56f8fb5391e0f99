"""A real worker process: it runs what another process enqueued, and killing it in the
middle of a task loses nothing — the next worker runs the task again."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

import nghedan.jobs.tests.tasks_for_tests  # noqa: F401  (registers the test tasks)
from nghedan.jobs.models import Job, JobStatus
from nghedan.jobs.registry import enqueue

LEASE_SECONDS = 2


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker() -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "NGHEDAN_EXTRA_TASK_MODULES": "nghedan.jobs.tests.tasks_for_tests",
        "NGHEDAN_JOB_LEASE_SECONDS": str(LEASE_SECONDS),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "nghedan", "worker", "--sleep", "0.2", "--no-schedule"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)


@pytest.mark.django_db(transaction=True)
def test_a_worker_process_runs_work_enqueued_elsewhere(tmp_path):
    marker = tmp_path / "ran.txt"
    job = enqueue("tests.write_marker", payload={"path": str(marker)})
    worker = _start_worker()
    try:
        _wait_for(lambda: Job.objects.get(pk=job.pk).status == JobStatus.DONE)
    finally:
        _stop(worker)
    assert marker.read_text() == "ran\n"


@pytest.mark.django_db(transaction=True)
def test_killing_a_worker_in_the_middle_of_a_task_loses_nothing(tmp_path):
    marker = tmp_path / "ran.txt"
    job = enqueue("tests.write_marker", payload={"path": str(marker), "pause": 3})

    # Given a worker that has claimed the task and is in the middle of it
    first = _start_worker()
    try:
        _wait_for(lambda: Job.objects.get(pk=job.pk).status == JobStatus.RUNNING)
        # When it is killed without warning
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=15)
    finally:
        _stop(first)
    assert not Path(marker).exists()
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING

    # Then another worker takes the task back once the lease has passed, and finishes it
    second = _start_worker()
    try:
        _wait_for(lambda: Job.objects.get(pk=job.pk).status == JobStatus.DONE)
    finally:
        _stop(second)
    assert marker.read_text() == "ran\n"
