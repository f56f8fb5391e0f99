"""A mass alert names the petition behind it in its title, and the title goes to leaders
and supervisors in-app and by e-mail: a denunciation is named by its kind and code only,
anything else by its redacted title."""

import pytest

from nghedan.alerts.actions import alerts_scan
from nghedan.alerts.detectors import mass_findings
from nghedan.jobs.runner import run_pending
from nghedan.notifications.models import Notification
from nghedan.petitions.actions import PetitionerInfo
from nghedan.petitions.models import Kind
from nghedan.test import submit

pytestmark = pytest.mark.django_db

NAME, PHONE = "Nguyễn Văn An", "0912345678"
TITLE = f"Tố cáo cán bộ địa chính nhận tiền, liên hệ ông {NAME} {PHONE}"


def _signed_by_many(world, kind: str):
    return submit(
        world,
        kind=kind,
        title=TITLE,
        body="Tố cáo cán bộ địa chính phường nhận tiền của nhiều hộ dân khi làm sổ đỏ.",
        topic="dat-dai",
        signatories=40,
        petitioner=PetitionerInfo(name=NAME, phone=PHONE),
    ).petition


def test_a_mass_alert_on_a_denunciation_names_it_by_kind_and_code(world, mailoutbox):
    world.supervisor.email = "giamsat@example.vn"
    world.supervisor.save()
    petition = _signed_by_many(world, Kind.DENUNCIATION)

    (finding,) = mass_findings()
    alerts_scan()
    run_pending()

    assert finding.title == f"Đơn 40 người ký: Tố cáo {petition.code}"
    notices = list(Notification.objects.filter(kind="alert_opened"))
    assert notices and mailoutbox
    for text in [n.title + n.body for n in notices] + [m.subject + m.body for m in mailoutbox]:
        assert f"Tố cáo {petition.code}" in text
        assert "địa chính" not in text and NAME not in text and PHONE not in text


def test_a_mass_alert_on_feedback_names_it_by_its_redacted_title(world):
    _signed_by_many(world, Kind.FEEDBACK)

    (finding,) = mass_findings()

    assert finding.title == (
        "Đơn 40 người ký: Tố cáo cán bộ địa chính nhận tiền, liên hệ ông [họ tên] [số điện thoại]"
    )
