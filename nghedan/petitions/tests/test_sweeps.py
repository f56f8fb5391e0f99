"""The deadline sweeps, on a frozen "today" in June 2026 (no public holiday in it):

         June 2026
    Mo Tu We Th Fr Sa Su
     1  2  3  4  5  6  7
     8  9 10 11 12 13 14

Friday 5 June: 1 working day ahead is Monday 8 June, 3 working days ahead Wednesday 10.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from nghedan.jobs.runner import run_pending
from nghedan.notifications.models import Notification
from nghedan.petitions.models import Petition, PetitionEvent, Status
from nghedan.petitions.sweeps import (
    answered_petitions_close,
    deadline_reminders_send,
    leader_digests_send,
    overdue_escalate,
)
from nghedan.test import PASSWORD, submit

FRIDAY, SATURDAY, MONDAY, WEDNESDAY = (
    date(2026, 6, 5),
    date(2026, 6, 6),
    date(2026, 6, 8),
    date(2026, 6, 10),
)
HANOI_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.NGHEDAN_REMINDER_DAYS = [3, 1]
    settings.NGHEDAN_RATING_WINDOW_DAYS = 30


@pytest.fixture
def staff_emails(world):
    for user, email in (
        (world.officer_a, "canbo.a@example.vn"),
        (world.leader_a, "lanhdao.a@example.vn"),
        (world.officer_b, "canbo.b@example.vn"),
        (world.supervisor, "giamsat@example.vn"),
    ):
        user.email = email
        user.save()


def _petition(world, **fields) -> Petition:
    petition = submit(world).petition
    Petition.objects.filter(pk=petition.pk).update(**fields)
    petition.refresh_from_db()
    return petition


def _inbox(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_reminder_goes_to_the_agency_once_across_a_weekend(world, staff_emails, mailoutbox):
    petition = _petition(world, status=Status.RECEIVED, acceptance_due=MONDAY)

    deadline_reminders_send(today=FRIDAY)
    again = deadline_reminders_send(today=FRIDAY)
    on_saturday = deadline_reminders_send(today=SATURDAY)  # Monday is still 1 working day off

    assert (again, on_saturday) == (0, 0)
    assert _inbox(world.officer_a) == ["deadline_reminder"]
    assert _inbox(world.leader_a) == ["deadline_reminder"]
    assert _inbox(world.officer_b) == []
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "canbo.a@example.vn",
        "lanhdao.a@example.vn",
    ]
    assert mailoutbox[0].subject == (
        f"Nhắc hạn: đơn {petition.code} còn 1 ngày làm việc đến hạn thụ lý"
    )
    assert "08/06/2026" in mailoutbox[0].body


def test_working_days_skip_the_weekend_for_the_earlier_reminder(world, staff_emails, mailoutbox):
    petition = _petition(world, status=Status.ACCEPTED, resolution_due=WEDNESDAY)

    deadline_reminders_send(today=date(2026, 6, 4))  # Thursday: 4 working days off
    assert mailoutbox == []

    deadline_reminders_send(today=FRIDAY)

    assert {mail.subject for mail in mailoutbox} == {
        f"Nhắc hạn: đơn {petition.code} còn 3 ngày làm việc đến hạn giải quyết"
    }
    assert len(mailoutbox) == 2


def test_a_closed_petition_gets_no_reminder(world, staff_emails, mailoutbox):
    _petition(world, status=Status.ANSWERED, resolution_due=MONDAY, acceptance_due=MONDAY)

    assert deadline_reminders_send(today=FRIDAY) == 0
    assert mailoutbox == []


@pytest.fixture
def parent_leader(world):
    parent = world.agency_a.parent
    assert parent is not None
    return get_user_model().objects.create_user(
        username="lanhdao_cap_tren",
        password=PASSWORD,
        role="leader",
        agency=parent,
        email="captren@example.vn",
    )


def test_an_overdue_petition_is_escalated_once_to_leaders_and_the_supervisor(
    world, staff_emails, parent_leader, mailoutbox
):
    petition = _petition(world, status=Status.ACCEPTED, resolution_due=date(2026, 6, 3))

    assert overdue_escalate(today=FRIDAY) == 1
    assert overdue_escalate(today=FRIDAY) == 0
    assert overdue_escalate(today=MONDAY) == 0

    event = PetitionEvent.objects.get(petition=petition, action="overdue_escalated")
    assert event.visible_to_petitioner is False
    assert event.data == {"stage": "resolution", "due": "2026-06-03", "days_overdue": 2}
    for user in (world.leader_a, parent_leader, world.supervisor):
        assert _inbox(user) == ["overdue_escalated"]
    for user in (world.officer_a, world.officer_b, world.supervisor_elsewhere):
        assert _inbox(user) == []
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "captren@example.vn",
        "giamsat@example.vn",
        "lanhdao.a@example.vn",
    ]
    assert mailoutbox[0].subject == f"Đơn {petition.code} đã quá hạn giải quyết"


def test_a_petition_due_today_is_not_overdue(world, staff_emails, mailoutbox):
    petition = _petition(world, status=Status.RECEIVED, acceptance_due=FRIDAY)

    assert overdue_escalate(today=FRIDAY) == 0
    assert not petition.events.filter(action="overdue_escalated").exists()
    assert mailoutbox == []


def test_an_unrated_answer_closes_after_the_rating_window_and_not_before(world, mailoutbox):
    petition = _petition(
        world,
        status=Status.ANSWERED,
        answered_at=datetime(2026, 5, 5, 10, 0, tzinfo=HANOI_TZ),
        notify_updates=True,
        petitioner_email="an@example.vn",
    )

    assert answered_petitions_close(today=date(2026, 6, 4)) == 0
    petition.refresh_from_db()
    assert (petition.status, petition.closed_at) == (Status.ANSWERED, None)

    assert answered_petitions_close(today=date(2026, 6, 5)) == 1
    assert answered_petitions_close(today=date(2026, 6, 5)) == 0

    petition.refresh_from_db()
    assert petition.status == Status.CLOSED
    assert petition.closed_at is not None
    event = petition.events.get(action="auto_closed")
    assert (event.from_status, event.to_status) == (Status.ANSWERED, Status.CLOSED)
    run_pending()
    assert [mail.subject for mail in mailoutbox] == [
        f"Đơn {petition.code} đã kết thúc do hết thời hạn đánh giá"
    ]


def test_the_leader_digest_counts_and_goes_once_a_day(world, staff_emails, mailoutbox):
    _petition(world, status=Status.RECEIVED, acceptance_due=MONDAY)
    _petition(world, status=Status.ACCEPTED, resolution_due=date(2026, 6, 1))
    _petition(
        world,
        status=Status.RECEIVED,
        acceptance_due=date(2026, 6, 20),
        received_at=datetime(2026, 6, 4, 9, 0, tzinfo=HANOI_TZ),
    )

    assert leader_digests_send(today=FRIDAY) == 1
    assert leader_digests_send(today=FRIDAY) == 0

    (mail,) = mailoutbox
    assert mail.to == ["lanhdao.a@example.vn"]
    assert "Đơn mới nhận hôm qua: 1" in mail.body
    assert "Đơn sắp đến hạn (trong 3 ngày làm việc): 1" in mail.body
    assert "Đơn đã quá hạn: 1" in mail.body


def test_the_sweeps_run_as_periodic_jobs(world):
    from nghedan.jobs.models import Job, JobStatus
    from nghedan.jobs.runner import enqueue_periodic

    enqueue_periodic()
    run_pending()

    sweeps = Job.objects.filter(name__startswith="deadlines.")
    assert sorted(sweeps.values_list("name", "status")) == [
        ("deadlines.auto_close", JobStatus.DONE),
        ("deadlines.leader_digest", JobStatus.DONE),
        ("deadlines.overdue", JobStatus.DONE),
        ("deadlines.reminders", JobStatus.DONE),
    ]
