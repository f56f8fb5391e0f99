"""A real worker process: it runs what the web process enqueued, and killing it in the
middle of a task loses nothing — the next worker runs the task again."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection

import nghedan.jobs.tests.tasks_for_tests  # noqa: F401  (registers the test tasks)
from nghedan.api.tests.support import http
from nghedan.deadlines.calendar import working_days_after
from nghedan.jobs.models import Job, JobStatus
from nghedan.jobs.registry import enqueue
from nghedan.lib import clock
from nghedan.notifications.models import Delivery, Notification
from nghedan.petitions.models import Petition
from nghedan.test import submit

LEASE_SECONDS = 2

# The worker processes read the machine's clock: the test must read the same one.
pytestmark = pytest.mark.real_clock


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(*, schedule: bool = False) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "NGHEDAN_EXTRA_TASK_MODULES": "nghedan.jobs.tests.tasks_for_tests",
        "NGHEDAN_JOB_LEASE_SECONDS": str(LEASE_SECONDS),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "nghedan", "worker", "--sleep", "0.2"]
        + ([] if schedule else ["--no-schedule"]),
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
    """Ask the worker to stop after its current job; one that does not stop in time on a
    busy machine is killed, so that it never holds the database after the test."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def test_a_worker_process_runs_the_work_the_web_process_enqueued(live_server, live_world):
    # Given a citizen who files through the API of the running site and asks for updates
    status, filed = http(
        "POST",
        f"{live_server.url}/api/v1/petitions/",
        json_body={
            "kind": "feedback",
            "topic": "moi-truong",
            "area": "00004",
            "title": "Rác thải tồn đọng",
            "body": "Rác tồn đọng ở ngõ 120 Đội Cấn nhiều ngày.",
            "notify_updates": True,
            "petitioner": {"name": "Nguyễn Văn An", "email": "an@example.vn"},
        },
    )
    assert status == 201, filed
    petition = Petition.objects.get(code=filed["code"])
    assert Job.objects.filter(name="notifications.petition_event").count() == 1

    # When a separate worker process runs
    worker = _start_worker()
    try:
        _wait_for(lambda: not Job.objects.exclude(status=JobStatus.DONE).exists())
    finally:
        _stop(worker)

    # Then the confirmation was sent to the petitioner by e-mail, once
    assert Delivery.objects.filter(petition=petition, channel="email").count() == 1


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


@pytest.mark.django_db(transaction=True)
def test_a_job_longer_than_its_lease_runs_once_beside_a_second_worker(tmp_path):
    # Given a task that lasts twice the lease, and two workers
    marker = tmp_path / "ran.txt"
    job = enqueue("tests.write_marker", payload={"path": str(marker), "pause": 2 * LEASE_SECONDS})
    first = _start_worker()
    try:
        _wait_for(lambda: Job.objects.get(pk=job.pk).status == JobStatus.RUNNING)
        second = _start_worker()
        try:
            # When the first worker finishes it
            _wait_for(lambda: Job.objects.get(pk=job.pk).status == JobStatus.DONE)
        finally:
            _stop(second)
    finally:
        _stop(first)

    # Then the first worker kept its lease all along: the second never took the job over
    done = Job.objects.get(pk=job.pk)
    assert done.attempts == 1
    assert marker.read_text() == "ran\n"


def test_a_worker_process_on_its_schedule_reminds_and_escalates(live_world):
    # Given one petition due on the next working day and one already overdue
    today = clock.today()
    due_soon = submit(live_world, title="Sắp đến hạn thụ lý").petition
    overdue = submit(live_world, title="Quá hạn thụ lý").petition
    Petition.objects.filter(pk=due_soon.pk).update(acceptance_due=working_days_after(today, 1))
    Petition.objects.filter(pk=overdue.pk).update(acceptance_due=today - timedelta(days=3))

    # When a worker runs with its periodic schedule
    worker = _start_worker(schedule=True)
    try:
        # Every periodic job runs at the worker's first pass; on a busy machine that takes time.
        _wait_for(
            timeout=180,
            condition=lambda: (
                Job.objects.filter(name__startswith="deadlines.").exists()
                and not Job.objects.filter(name__startswith="deadlines.")
                .exclude(status=JobStatus.DONE)
                .exists()
            ),
        )
    finally:
        _stop(worker)

    # Then the agency's staff were reminded and the overdue one was escalated
    assert Notification.objects.filter(petition=due_soon, recipient=live_world.officer_a).exists()
    assert overdue.events.filter(action="overdue_escalated").count() == 1
    assert Notification.objects.filter(petition=overdue, recipient=live_world.leader_a).exists()
