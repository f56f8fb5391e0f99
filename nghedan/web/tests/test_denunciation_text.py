"""A denunciation's own words can name whoever made it (Law on Denunciations 2018, Art. 47):
in the inbox and on the petition's page, only its handling officer and leader read them
as written; supervisors and administrators read the title, body, address, answer and the
petitioner's comment with personal data removed."""

import pytest
from django.urls import reverse

from nghedan.petitions.actions import answer_submit, petition_rate
from nghedan.test import Denouncer, denunciation_accepted, submit
from nghedan.web.tests.scenes import log_in

NAME, PHONE = Denouncer.NAME, Denouncer.PHONE
TITLE, BODY, ADDRESS = Denouncer.TITLE, Denouncer.BODY, Denouncer.ADDRESS
ANSWER = f"Trả lời ông {NAME}: đã xác minh, xử lý kỷ luật cán bộ địa chính."
COMMENT = f"Cảm ơn. Ông {NAME}, số {PHONE}."
PERSONAL = Denouncer.PERSONAL


@pytest.fixture
def denunciation(world):
    """Filed by the citizen, answered by the leader, rated by the citizen with a comment."""
    petition = denunciation_accepted(world, by=world.leader_a)
    answer_submit(acting_user=world.leader_a, petition=petition, body=ANSWER)
    petition.refresh_from_db()
    petition_rate(acting_user=world.citizen, petition=petition, stars=4, comment=COMMENT)
    petition.refresh_from_db()
    return petition


@pytest.mark.parametrize("persona", ["officer_a", "leader_a"])
def test_its_handlers_read_the_denunciation_as_written(client, world, denunciation, persona):
    log_in(client, world, persona)

    inbox = client.get(reverse("inbox"), {"status": denunciation.status}).content.decode()
    page = client.get(reverse("staff_detail", args=[denunciation.code])).content.decode()

    assert TITLE in inbox
    for words in (TITLE, BODY, ADDRESS, ANSWER, COMMENT):
        assert words in page


@pytest.mark.parametrize("persona", ["supervisor", "admin"])
def test_supervisors_and_administrators_read_the_denunciation_redacted(
    client, world, denunciation, persona
):
    log_in(client, world, persona)

    inbox = client.get(reverse("inbox"), {"status": denunciation.status})
    page = client.get(reverse("staff_detail", args=[denunciation.code]))

    assert inbox.status_code == page.status_code == 200
    assert "Tố cáo cán bộ địa chính nhận tiền, người tố cáo ông [họ tên]" in inbox.content.decode()
    html = page.content.decode()
    for words in (
        "Tôi là [họ tên], CCCD [số giấy tờ], điện thoại [số điện thoại]",
        "nhà ông [họ tên], [số nhà] ngõ 3 phố Huế",
        "Trả lời ông [họ tên]: đã xác minh, xử lý kỷ luật cán bộ địa chính.",
        "Cảm ơn. Ông [họ tên], số [số điện thoại].",
    ):
        assert words in html
    for personal in PERSONAL:
        assert personal not in inbox.content.decode()
        assert personal not in html


def test_a_supervisor_reads_feedback_as_written(client, world):
    petition = submit(world, user=world.citizen, title=TITLE, body=BODY).petition
    log_in(client, world, "supervisor")

    html = client.get(reverse("staff_detail", args=[petition.code])).content.decode()

    assert TITLE in html and BODY in html
