"""The job table: enqueue once per key, claim without doubles, retry failures, take back
work from a worker that died, enqueue periodic work once per period."""

from datetime import timedelta

import pytest

import nghedan.jobs.tests.tasks_for_tests  # noqa: F401  (registers the test tasks)
from nghedan.jobs.models import Job, JobStatus
from nghedan.jobs.registry import Periodic, enqueue
from nghedan.jobs.runner import claim_next, enqueue_periodic, run_pending
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
