"""What the deadline messages say about a petition: they go by e-mail and to people who
may not read its words (the parent agency's leaders, supervisors), so they name a
denunciation by its kind and code only, and anything else by its redacted title."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from nghedan.notifications.models import Notification
from nghedan.petitions.actions import PetitionerInfo
from nghedan.petitions.models import Kind, Petition, Status
from nghedan.petitions.sweeps import deadline_reminders_send, overdue_escalate
from nghedan.test import PASSWORD, submit

FRIDAY, MONDAY = date(2026, 6, 5), date(2026, 6, 8)
NAME, PHONE = "Nguyễn Văn An", "0912345678"
DENUNCIATION_TITLE = "Tố cáo cán bộ địa chính xã nhận tiền của gia đình tôi"


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.NGHEDAN_REMINDER_DAYS = [1]


@pytest.fixture
def recipients(world):
    """E-mail addresses for the handlers, a leader of the parent agency and the supervisor."""
    for user, email in (
        (world.officer_a, "canbo.a@example.vn"),
        (world.leader_a, "lanhdao.a@example.vn"),
        (world.supervisor, "giamsat@example.vn"),
    ):
        user.email = email
        user.save()
    get_user_model().objects.create_user(
        username="lanhdao_cap_tren",
        password=PASSWORD,
        role="leader",
        agency=world.agency_a.parent,
        email="captren@example.vn",
    )


def _petition(world, *, kind, title, **fields) -> Petition:
    petition = submit(
        world,
        kind=kind,
        title=title,
        petitioner=PetitionerInfo(name=NAME, phone=PHONE),
        publish_consent=False,
    ).petition
    Petition.objects.filter(pk=petition.pk).update(**fields)
    petition.refresh_from_db()
    return petition


def _texts(mailoutbox) -> list[str]:
    texts = [f"{mail.subject}\n{mail.body}" for mail in mailoutbox]
    texts += [f"{n.title}\n{n.body}" for n in Notification.objects.all()]
    return texts


def test_an_overdue_denunciation_is_escalated_by_its_kind_and_code_only(
    world, recipients, mailoutbox
):
    # Given an overdue denunciation
    petition = _petition(
        world,
        kind=Kind.DENUNCIATION,
        title=DENUNCIATION_TITLE,
        status=Status.ACCEPTED,
        resolution_due=date(2026, 6, 3),
    )

    # When it is escalated to the leaders and the supervisor
    assert overdue_escalate(today=FRIDAY) == 1

    # Then every message names it "Tố cáo <code>" and carries none of its words
    messages = [(mail.subject, mail.body) for mail in mailoutbox]
    messages += [(notice.title, notice.body) for notice in Notification.objects.all()]
    assert len(messages) == 6  # e-mail and in-app: leader, parent agency's leader, supervisor
    for subject, body in messages:
        assert subject == f"Đơn {petition.code} đã quá hạn giải quyết"
        assert body.startswith(f"Đơn {petition.code} (Tố cáo {petition.code}) do ")
        assert "địa chính" not in body and NAME not in body


def test_a_reminder_of_a_denunciation_names_it_by_its_kind_and_code_only(
    world, recipients, mailoutbox
):
    petition = _petition(
        world,
        kind=Kind.DENUNCIATION,
        title=DENUNCIATION_TITLE,
        status=Status.RECEIVED,
        acceptance_due=MONDAY,
    )

    assert deadline_reminders_send(today=FRIDAY) == 4  # in-app and e-mail, officer and leader

    for text in _texts(mailoutbox):
        assert f"Đơn {petition.code} (Tố cáo {petition.code})" in text
        assert DENUNCIATION_TITLE not in text and "địa chính" not in text


def test_an_overdue_petition_is_named_by_its_redacted_title(world, recipients, mailoutbox):
    petition = _petition(
        world,
        kind=Kind.FEEDBACK,
        title=f"Rác tồn đọng, ông {NAME} gọi {PHONE}",
        status=Status.ACCEPTED,
        resolution_due=date(2026, 6, 3),
    )

    overdue_escalate(today=FRIDAY)

    texts = _texts(mailoutbox)
    assert len(texts) == 6
    for text in texts:
        assert f"Đơn {petition.code} (Rác tồn đọng, ông [họ tên] gọi [số điện thoại])" in text
        assert NAME not in text and PHONE not in text
