"""A denunciation's own words (title, body, address, answers, notes) can name whoever made
it (Law on Denunciations 2018, Art. 47): through the API only its handling officer and
leader, and its petitioner, read them as written; supervisors and administrators read
them with personal data removed."""

import pytest

from nghedan.api.tests.support import act_as
from nghedan.petitions.actions import answer_submit
from nghedan.test import Denouncer, denunciation_accepted, submit

NAME, PHONE = Denouncer.NAME, Denouncer.PHONE
TITLE, BODY, ADDRESS, PERSONAL = Denouncer.TITLE, Denouncer.BODY, Denouncer.ADDRESS, Denouncer.PERSONAL
DRAFT = f"Trả lời ông {NAME} ({PHONE}): đã xác minh nội dung tố cáo."


@pytest.fixture
def denunciation(world):
    """Filed by the citizen, accepted, with the officer's draft answer waiting."""
    petition = denunciation_accepted(world, by=world.officer_a)
    answer_submit(acting_user=world.officer_a, petition=petition, body=DRAFT)
    petition.refresh_from_db()
    return petition


@pytest.mark.parametrize("persona", ["officer_a", "leader_a", "citizen"])
def test_its_handlers_and_its_petitioner_read_a_denunciation_as_written(
    world, api, denunciation, persona
):
    client = act_as(api, world, persona)

    detail = client.get(f"/api/v1/petitions/{denunciation.code}/").json()
    [listed] = client.get("/api/v1/petitions/").json()["results"]

    assert (detail["title"], detail["body"], detail["address"]) == (TITLE, BODY, ADDRESS)
    assert listed["title"] == TITLE
    if persona != "citizen":  # drafts are for staff
        assert [draft["body"] for draft in detail["drafts"]] == [DRAFT]


@pytest.mark.parametrize("persona", ["supervisor", "admin"])
def test_supervisors_and_administrators_read_a_denunciation_redacted(
    world, api, denunciation, persona
):
    client = act_as(api, world, persona)

    response = client.get(f"/api/v1/petitions/{denunciation.code}/")
    listing = client.get("/api/v1/petitions/")

    assert response.status_code == 200
    detail = response.json()
    [listed] = listing.json()["results"]
    assert detail["title"] == "Tố cáo cán bộ địa chính nhận tiền, người tố cáo ông [họ tên]"
    assert detail["body"] == (
        "Tôi là [họ tên], CCCD [số giấy tờ], điện thoại [số điện thoại], tố cáo cán bộ địa "
        "chính nhận tiền."
    )
    assert detail["address"] == "nhà ông [họ tên], [số nhà] ngõ 3 phố Huế"
    assert [draft["body"] for draft in detail["drafts"]] == [
        "Trả lời ông [họ tên] ([số điện thoại]): đã xác minh nội dung tố cáo."
    ]
    assert listed["title"] == detail["title"]
    for personal in PERSONAL:
        assert personal not in response.content.decode()
        assert personal not in listing.content.decode()


def test_a_supervisor_reads_feedback_as_written(world, api):
    petition = submit(world, user=world.citizen, title=TITLE, body=BODY).petition

    detail = act_as(api, world, "supervisor").get(f"/api/v1/petitions/{petition.code}/").json()

    assert (detail["title"], detail["body"]) == (TITLE, BODY)


def test_the_handlers_inbox_shows_the_denunciation_as_written(world, api, denunciation):
    response = act_as(api, world, "officer_a").get("/api/v1/inbox/")

    assert [item["title"] for item in response.json()["results"]] == [TITLE]
