"""The petitioner who asked to be told hears of each visible step of their petition, by
e-mail, SMS and in-app, once per step; one who did not ask hears nothing."""

import logging

import pytest

from nghedan.jobs.models import Job, JobStatus
from nghedan.jobs.runner import run_pending
from nghedan.notifications.models import Delivery, Notification
from nghedan.notifications.tests.gateways import RecordingGateway
from nghedan.petitions.actions import PetitionerInfo, petition_accept
from nghedan.test import submit

EMAIL, PHONE, NAME = "an.nguyen@example.vn", "0912345678", "Nguyễn Văn An"


@pytest.fixture
def sms(settings):
    settings.NGHEDAN_SMS_GATEWAY = "nghedan.notifications.tests.gateways.RecordingGateway"
    RecordingGateway.sent = []
    return RecordingGateway.sent


def _filed(world, *, notify_updates: bool, user=None):
    petition = submit(
        world,
        user=user,
        petitioner=PetitionerInfo(name=NAME, phone=PHONE, email=EMAIL),
        notify_updates=notify_updates,
    ).petition
    run_pending()  # the "submitted" message
    return petition


def test_an_accepted_petition_is_told_to_the_petitioner_by_email_sms_and_in_app(
    world, mailoutbox, sms
):
    petition = _filed(world, notify_updates=True, user=world.citizen)
    mailoutbox.clear()
    sms.clear()

    petition_accept(acting_user=world.officer_a, petition=petition)
    assert run_pending() == 1

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [EMAIL]
    assert mail.subject == f"Đơn {petition.code} đã được thụ lý"
    assert f"/track/{petition.code}/" in mail.body
    assert "Đã thụ lý" in mail.body
    assert len(sms) == 1
    to, text = sms[0]
    assert to == PHONE
    assert petition.code in text and f"/track/{petition.code}/" in text
    assert NAME not in text
    notice = Notification.objects.filter(recipient=world.citizen).order_by("id").last()
    assert (notice.petition, notice.kind) == (petition, "petition_event")
    assert notice.title == mail.subject


def test_a_petitioner_who_did_not_ask_hears_nothing(world, mailoutbox, sms):
    petition = _filed(world, notify_updates=False, user=world.citizen)

    petition_accept(acting_user=world.officer_a, petition=petition)
    run_pending()

    assert mailoutbox == []
    assert sms == []
    assert not Notification.objects.exists()
    assert not Delivery.objects.exists()
    assert not Job.objects.filter(name="notifications.petition_event").exists()


def test_an_internal_step_is_not_told_to_the_petitioner(world, mailoutbox, sms):
    from nghedan.petitions.events import petition_event_record

    petition = _filed(world, notify_updates=True)
    mailoutbox.clear()

    petition_event_record(
        petition=petition, actor=world.officer_a, action="note", visible_to_petitioner=False
    )
    run_pending()

    assert mailoutbox == []


def test_a_job_that_runs_twice_sends_once(world, mailoutbox, sms):
    petition = _filed(world, notify_updates=True)
    mailoutbox.clear()
    sms.clear()
    petition_accept(acting_user=world.officer_a, petition=petition)
    run_pending()
    job = Job.objects.filter(name="notifications.petition_event").order_by("id").last()

    # The worker died after its work committed; the job is claimed and runs again.
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    assert run_pending() == 1

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert len(mailoutbox) == 1
    assert len(sms) == 1


def test_the_logging_gateway_logs_the_sms_without_other_personal_data(world, caplog):
    petition = submit(
        world,
        petitioner=PetitionerInfo(name=NAME, phone=PHONE, email=EMAIL),
        notify_updates=True,
    ).petition

    with caplog.at_level(logging.INFO, logger="nghedan.notifications"):
        run_pending()

    sms_lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("sms to")]
    assert sms_lines == [
        f"sms to *******{PHONE[-3:]}: Nghe Dân: đơn {petition.code} đã được tiếp nhận. "
        f"Xem: http://localhost:8000/track/{petition.code}/"
    ]
    assert NAME not in caplog.text
    assert EMAIL not in caplog.text
    assert PHONE not in caplog.text
