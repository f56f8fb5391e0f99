"""Consultations over the REST API: read the draft and the public comments, comment, and
vote on statements (verified accounts only)."""

import pytest

from nghedan.api.tests.support import act_as, error_of
from nghedan.consultations.models import Comment, Consultation, StatementVote
from nghedan.lib import clock
from nghedan.web.tests.scenes import CONSULTATION_TITLE, consultation


@pytest.fixture
def scene(world):
    return consultation(world)


def test_the_published_consultation_is_public_with_its_sections_and_comments(world, api, scene):
    listed = api.get("/api/v1/consultations/").json()["results"]
    detail = api.get(f"/api/v1/consultations/{scene.ids['consultation_id']}/").json()

    assert [row["title"] for row in listed] == [CONSULTATION_TITLE]
    assert detail["sections"][0]["heading"] == "Điều 3. Mức đóng góp"
    assert [c["id"] for c in detail["comments"]] == [scene.ids["comment_id"]]
    assert detail["statements"][0]["by_agency"] is True


def test_a_draft_is_not_public(world, api):
    draft = consultation(world, status="draft")

    error_of(api.get(f"/api/v1/consultations/{draft.ids['consultation_id']}/"), 404)


def test_a_signed_in_citizen_comments_with_personal_data_removed(world, api, scene):
    response = act_as(api, world, "citizen").post(
        f"/api/v1/consultations/{scene.ids['consultation_id']}/comments/",
        {"text": "Đề nghị miễn cho hộ cận nghèo, liên hệ 0912345678."},
        format="json",
    )

    assert response.status_code == 201
    assert "0912345678" not in response.json()["text"]
    assert Comment.objects.filter(author=world.citizen).count() == 1


def test_commenting_needs_an_account(world, api, scene):
    response = api.post(
        f"/api/v1/consultations/{scene.ids['consultation_id']}/comments/",
        {"text": "Đồng ý với dự thảo."},
        format="json",
    )

    error_of(response, 401)


def test_a_verified_citizen_votes_once_and_an_unverified_one_is_refused(world, api, scene):
    url = f"/api/v1/consultation-statements/{scene.ids['statement_id']}/vote/"

    first = act_as(api, world, "citizen").post(url, {"value": 1}, format="json")
    again = act_as(api, world, "citizen").post(url, {"value": -1}, format="json")
    refused = act_as(api, world, "other_citizen").post(url, {"value": 1}, format="json")

    assert first.status_code == again.status_code == 200
    assert error_of(refused, 403)["code"] == "not_verified"
    assert list(StatementVote.objects.values_list("value", flat=True)) == [-1]


def test_a_closed_consultation_takes_no_more_comments(world, api, scene):
    Consultation.objects.filter(pk=scene.ids["consultation_id"]).update(
        status="closed", closes_at=clock.now()
    )

    response = act_as(api, world, "citizen").post(
        f"/api/v1/consultations/{scene.ids['consultation_id']}/comments/",
        {"text": "Ý kiến muộn về mức đóng góp."},
        format="json",
    )

    assert error_of(response, 400)["code"] == "not_open"
