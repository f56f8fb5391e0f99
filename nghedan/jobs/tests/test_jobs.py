"""The job table: enqueue once per key, claim without doubles, retry failures, take back
work from a worker that died, keep the lease of a long job, record an end only while the
lease holds, enqueue periodic work once per period, and a worker loop that outlives the
database's failures."""

import logging
import threading
import time
from datetime import timedelta

import pytest
from django.db import InterfaceError, OperationalError, connections

import nghedan.jobs.tests.tasks_for_tests  # noqa: F401  (registers the test tasks)
from nghedan.jobs import runner
from nghedan.jobs.models import Job, JobStatus
from nghedan.jobs.registry import Periodic, enqueue
from nghedan.jobs.runner import (
    backoff_seconds,
    claim_next,
    enqueue_periodic,
    run_job,
    run_pending,
    work,
)
from nghedan.lib import clock


@pytest.fixture
def marker(tmp_path):
    return tmp_path / "marker.txt"


def test_a_job_enqueued_twice_under_one_key_is_one_job(db, marker):
    first = enqueue("tests.write_marker", payload={"path": str(marker)}, key="k-1")
    again = enqueue("tests.write_marker", payload={"path": str(marker)}, key="k-1")

    assert first.pk == again.pk
    assert Job.objects.count() == 1


def test_an_unknown_task_cannot_be_enqueued(db):
    with pytest.raises(KeyError):
        enqueue("no.such.task")
    assert not Job.objects.exists()


def test_a_due_job_runs_once_and_is_done(db, marker):
    job = enqueue("tests.write_marker", payload={"path": str(marker)})

    assert run_pending(worker="w1") == 1
    assert run_pending(worker="w1") == 0

    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 1)
    assert marker.read_text() == "ran\n"


def test_a_job_for_later_waits(db, marker):
    enqueue(
        "tests.write_marker",
        payload={"path": str(marker)},
        run_after=clock.now() + timedelta(hours=1),
    )

    assert run_pending(worker="w1") == 0
    assert not marker.exists()


def test_a_claimed_job_is_not_claimed_by_a_second_worker(db, marker):
    enqueue("tests.write_marker", payload={"path": str(marker)})

    assert claim_next(worker="w1") is not None
    assert claim_next(worker="w2") is None


def test_a_job_whose_worker_died_is_claimed_again_after_its_lease(db, marker):
    job = enqueue("tests.write_marker", payload={"path": str(marker)})
    claim_next(worker="w1")  # w1 dies here
    Job.objects.filter(pk=job.pk).update(lease_until=clock.now() - timedelta(seconds=1))

    assert run_pending(worker="w2") == 1

    job.refresh_from_db()
    assert (job.status, job.worker) == (JobStatus.DONE, "w2")
    assert marker.read_text() == "ran\n"


def test_a_failing_job_is_retried_later_then_marked_failed(db):
    job = enqueue("tests.fail", max_attempts=2)

    run_pending(worker="w1")
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 1)
    assert job.run_after > clock.now()
    assert "this task always fails" in job.last_error

    Job.objects.filter(pk=job.pk).update(run_after=clock.now())
    run_pending(worker="w1")
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.FAILED, 2)


def test_periodic_work_is_enqueued_once_per_period_whatever_the_number_of_workers(
    db, monkeypatch, marker
):
    monkeypatch.setattr(
        "nghedan.jobs.runner.PERIODIC", {"tests.write_marker": Periodic("tests.write_marker", 3600)}
    )
    now = clock.now().replace(minute=1)

    created = enqueue_periodic(now=now) + enqueue_periodic(now=now + timedelta(minutes=5))

    assert created == 1
    assert Job.objects.filter(name="tests.write_marker").count() == 1


def test_a_worker_that_lost_the_lease_does_not_mark_the_job_done(db, marker):
    # Given a job w1 claimed, whose lease ran out while w1 was slow, and that w2 took over
    job = enqueue("tests.write_marker", payload={"path": str(marker)})
    held_by_w1 = claim_next(worker="w1")
    Job.objects.filter(pk=job.pk).update(lease_until=clock.now() - timedelta(seconds=1))
    held_by_w2 = claim_next(worker="w2")
    assert held_by_w1 is not None and held_by_w2 is not None

    # When w1 gets to the end of the task
    assert run_job(held_by_w1) is False

    # Then the job is still w2's, running, and only w2 records its end
    job.refresh_from_db()
    assert (job.status, job.worker, job.attempts) == (JobStatus.RUNNING, "w2", 2)
    assert run_job(held_by_w2) is True
    job.refresh_from_db()
    assert (job.status, job.worker, job.attempts) == (JobStatus.DONE, "w2", 2)


def test_a_worker_that_lost_the_lease_does_not_requeue_a_failed_job(db):
    job = enqueue("tests.fail")
    held_by_w1 = claim_next(worker="w1")
    Job.objects.filter(pk=job.pk).update(lease_until=clock.now() - timedelta(seconds=1))
    claim_next(worker="w2")

    assert run_job(held_by_w1) is False

    job.refresh_from_db()
    assert (job.status, job.worker, job.last_error) == (JobStatus.RUNNING, "w2", "")


def test_a_job_whose_workers_kept_dying_is_marked_failed_instead_of_run_again(db, marker):
    job = enqueue("tests.write_marker", payload={"path": str(marker)}, max_attempts=2)
    for worker in ("w1", "w2"):
        assert claim_next(worker=worker) is not None  # and the worker dies
        Job.objects.filter(pk=job.pk).update(lease_until=clock.now() - timedelta(seconds=1))

    assert claim_next(worker="w3") is None

    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.FAILED, 2)
    assert job.last_error == "The worker running it stopped before the end, 2 times."
    assert not marker.exists()


def _in_thread(target) -> threading.Thread:
    def run() -> None:
        try:
            target()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.real_clock  # a renewal thread and a second worker wait on the machine's clock
@pytest.mark.django_db(transaction=True)
def test_a_long_job_keeps_its_lease_past_the_lease_length(settings, marker):
    # Given a lease of one second and a task of two and a half
    settings.NGHEDAN_JOB_LEASE_SECONDS = 1
    job = enqueue("tests.write_marker", payload={"path": str(marker), "pause": 2.5})

    # When w1 runs it, and w2 looks for work after the first lease would have ended
    running = _in_thread(lambda: run_pending(worker="w1"))
    time.sleep(1.8)
    taken = claim_next(worker="w2")
    lease_until = Job.objects.get(pk=job.pk).lease_until
    running.join(timeout=30)

    # Then w2 found nothing to take: w1 kept renewing the lease, and finished the job
    assert taken is None
    assert lease_until is not None and lease_until > clock.now() - timedelta(seconds=1)
    job.refresh_from_db()
    assert (job.status, job.worker, job.attempts) == (JobStatus.DONE, "w1", 1)
    assert marker.read_text() == "ran\n"


@pytest.mark.django_db(transaction=True)
def test_a_task_runs_outside_any_transaction_of_the_worker(tmp_path):
    # A long task in one transaction would hold SQLite's writer lock for all its length.
    report = tmp_path / "report.txt"
    enqueue("tests.report_transaction", payload={"path": str(report)})

    assert run_pending(worker="w1") == 1

    assert report.read_text() == "in a transaction: False\n"


@pytest.mark.django_db(transaction=True)
def test_the_worker_loop_waits_out_database_failures_then_runs_the_job(monkeypatch, marker, caplog):
    # Given a database that fails the first two claims (locked, then a dropped connection)
    job = enqueue("tests.write_marker", payload={"path": str(marker)})
    failures = [OperationalError("database is locked"), InterfaceError("connection closed")]
    claim = runner.claim_next

    def failing_claim(*, worker: str):
        if failures:
            raise failures.pop(0)
        return claim(worker=worker)

    monkeypatch.setattr(runner, "claim_next", failing_claim)
    waits: list[float] = []

    # When the worker loop runs
    with caplog.at_level(logging.WARNING, logger="nghedan.jobs.runner"):
        work(worker="w1", once=True, schedule=False, pause=waits.append)

    # Then it logged each failure, waited longer after the second, and ran the job
    assert [record.getMessage().split(";")[0] for record in caplog.records] == [
        "worker w1: the database failed (OperationalError: database is locked)",
        "worker w1: the database failed (InterfaceError: connection closed)",
    ]
    assert len(waits) == 2
    assert 0.25 <= waits[0] <= 0.5 and 0.5 <= waits[1] <= 1.0
    job.refresh_from_db()
    assert (job.status, job.worker) == (JobStatus.DONE, "w1")
    assert marker.read_text() == "ran\n"


def test_the_loop_run_once_gives_up_when_the_database_stays_down(db, monkeypatch):
    # `db`: between attempts the loop closes its connections, which reads their state.
    def down(*, worker: str):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(runner, "claim_next", down)
    waits: list[float] = []

    with pytest.raises(OperationalError):
        work(worker="w1", once=True, schedule=False, pause=waits.append)

    assert len(waits) == runner.ONCE_MAX_FAILURES - 1


@pytest.mark.parametrize(
    ("failures", "low", "high"),
    [(1, 0.25, 0.5), (2, 0.5, 1.0), (3, 1.0, 2.0), (7, 15.0, 30.0), (1000, 15.0, 30.0)],
)
def test_the_wait_after_failures_doubles_up_to_a_cap_with_jitter(failures, low, high):
    waits = {backoff_seconds(failures) for _ in range(50)}

    assert all(low <= wait <= high for wait in waits)
    assert len(waits) > 1  # jittered
