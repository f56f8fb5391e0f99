"""Consultations over the REST API: read the draft and the public comments, comment, and
vote on statements (verified accounts only). Who sees a consultation is the web pages'
rule (consultations/policy.py): published ones, everyone; a draft, the staff of its agency
and administrators, with their token; anyone else gets a 404."""

import pytest

from nghedan.api.tests.support import act_as, error_of
from nghedan.consultations.models import Comment, Consultation, StatementVote
from nghedan.lib import clock
from nghedan.test import PERSONAS
from nghedan.web.tests.scenes import CONSULTATION_TITLE, consultation

SEE_A_DRAFT = {"admin", "officer_a", "leader_a"}


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


# Until drafts followed the web's rule, the API hid them from everyone, even from the
# agency's own staff and administrators holding a token; the pages showed them.
def test_a_draft_is_read_by_its_agency_and_administrators_and_is_404_for_others(world, api):
    draft_id = consultation(world, status="draft").ids["consultation_id"]

    got = {
        persona: act_as(api, world, persona).get(f"/api/v1/consultations/{draft_id}/")
        for persona in PERSONAS
    }

    assert {p: r.status_code for p, r in got.items()} == {
        p: 200 if p in SEE_A_DRAFT else 404 for p in PERSONAS
    }
    assert got["admin"].json()["status"] == "draft"
    assert error_of(got["officer_b"], 404)["code"] == error_of(got["anonymous"], 404)["code"]


def test_a_published_consultation_is_read_by_everyone(world, api):
    published_id = consultation(world, published=True).ids["consultation_id"]

    got = {
        persona: act_as(api, world, persona)
        .get(f"/api/v1/consultations/{published_id}/")
        .status_code
        for persona in PERSONAS
    }

    assert got == dict.fromkeys(PERSONAS, 200)


def test_the_list_holds_the_drafts_the_caller_may_open_as_the_web_list_does(world, api):
    # Given a draft of agency A and a published consultation
    draft_id = consultation(world, status="draft").ids["consultation_id"]
    published_id = consultation(world).ids["consultation_id"]

    # When each persona lists the consultations
    listed = {
        persona: {
            row["id"]
            for row in act_as(api, world, persona).get("/api/v1/consultations/").json()["results"]
        }
        for persona in PERSONAS
    }

    # Then the draft is listed for those who may open it, and only for them
    assert listed == {
        p: {draft_id, published_id} if p in SEE_A_DRAFT else {published_id} for p in PERSONAS
    }


@pytest.mark.parametrize("persona", ["officer_b", "citizen"])
def test_writing_on_a_draft_the_caller_may_not_see_is_404_and_changes_nothing(world, api, persona):
    scene = consultation(world, status="draft")
    client = act_as(api, world, persona)

    comment = client.post(
        f"/api/v1/consultations/{scene.ids['consultation_id']}/comments/",
        {"text": "Đồng ý với dự thảo."},
        format="json",
    )
    vote = client.post(
        f"/api/v1/consultation-statements/{scene.ids['statement_id']}/vote/",
        {"value": 1},
        format="json",
    )

    error_of(comment, 404)
    error_of(vote, 404)
    assert (Comment.objects.count(), StatementVote.objects.count()) == (1, 0)


def test_the_agencys_officer_commenting_on_its_draft_gets_the_actions_refusal(world, api):
    # The officer sees the draft, so the refusal is the action's: it is not open yet.
    scene = consultation(world, status="draft")

    response = act_as(api, world, "officer_a").post(
        f"/api/v1/consultations/{scene.ids['consultation_id']}/comments/",
        {"text": "Góp ý thử trên dự thảo."},
        format="json",
    )

    assert error_of(response, 400)["code"] == "not_open"
    assert Comment.objects.count() == 1


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
