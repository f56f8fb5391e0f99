"""The petitioner rates, reopens, withdraws and appeals through the REST API; nobody else can."""

import pytest

from nghedan.api.tests.support import act_as, error_of, state_of
from nghedan.petitions.actions import answer_submit, petition_accept
from nghedan.petitions.models import Kind, Petition, Status
from nghedan.test import submit

ANSWER = "Ủy ban nhân dân phường đã thu gom rác và xử phạt hộ đổ rác không đúng nơi quy định."


def _answered(world, **overrides):
    """A petition filed by `citizen`, answered by the leader of agency A."""
    result = submit(world, user=world.citizen, **overrides)
    petition_accept(acting_user=world.leader_a, petition=result.petition)
    answer_submit(acting_user=world.leader_a, petition=result.petition, body=ANSWER)
    return result


def test_the_petitioner_rates_the_answer_with_the_secret_and_a_good_rating_closes_it(world, api):
    result = _answered(world)

    response = api.post(
        f"/api/v1/petitions/{result.petition.code}/rate/",
        {"stars": 5, "reasons": ["solved", "timely"], "comment": "Cảm ơn phường."},
        format="json",
        HTTP_X_PETITION_SECRET=result.secret,
    )

    assert response.status_code == 201
    assert response.json()["status"] == Status.CLOSED
    assert response.json()["rating"]["stars"] == 5
    petition = Petition.objects.get(pk=result.petition.pk)
    assert petition.status == Status.CLOSED
    assert petition.ratings.get().reasons == ["solved", "timely"]


def test_the_citizen_who_filed_rates_with_their_account_and_a_poor_rating_reopens(world, api):
    result = _answered(world)

    response = act_as(api, world, "citizen").post(
        f"/api/v1/petitions/{result.petition.code}/rate/",
        {"stars": 1, "reasons": ["not_solved"]},
        format="json",
    )

    assert response.status_code == 201
    assert Petition.objects.get(pk=result.petition.pk).status == Status.REOPENED


# Those who did not file the petition: staff who can see it are refused (403), others
# cannot find it (404), an anonymous visitor without the secret must identify (401).
NOT_PETITIONER = {
    "other_citizen": 404,
    "officer_a": 403,
    "leader_a": 403,
    "officer_b": 404,
    "supervisor": 403,
    "supervisor_elsewhere": 404,
    "admin": 403,
    "anonymous": 401,
}


def _petitioner_request(action: str) -> dict:
    return {
        "rate": {"stars": 5},
        "reopen": {"reason": "Rác vẫn còn nguyên sau ba ngày."},
        "withdraw": {"reason": "Tôi đã tự thoả thuận được với hàng xóm."},
        "appeal": {"reason": "Không đồng ý với quyết định giải quyết lần đầu."},
    }[action]


@pytest.mark.parametrize("action", ["rate", "reopen", "withdraw", "appeal"])
@pytest.mark.parametrize("persona", sorted(NOT_PETITIONER))
def test_only_the_petitioner_may_rate_reopen_withdraw_or_appeal(world, api, action, persona):
    result = _answered(world, kind=Kind.COMPLAINT)
    before = state_of(result.petition)

    response = act_as(api, world, persona).post(
        f"/api/v1/petitions/{result.petition.code}/{action}/",
        _petitioner_request(action),
        format="json",
    )

    error_of(response, NOT_PETITIONER[persona])
    assert state_of(result.petition) == before


@pytest.mark.parametrize("action", ["rate", "reopen", "withdraw", "appeal"])
def test_a_wrong_secret_is_not_found(world, api, action):
    result = _answered(world, kind=Kind.COMPLAINT)
    before = state_of(result.petition)

    response = api.post(
        f"/api/v1/petitions/{result.petition.code}/{action}/",
        _petitioner_request(action),
        format="json",
        HTTP_X_PETITION_SECRET="mot-ma-doan-bua",
    )

    error_of(response, 404)
    assert state_of(result.petition) == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"stars": 9}, "stars"),
        ({"stars": 0}, "stars"),
        ({"stars": "năm"}, "stars"),
        ({}, "stars"),
        ({"stars": 4, "reasons": ["dep-trai"]}, "reasons.0"),
        ({"stars": 4, "reasons": "solved"}, "reasons"),
    ],
)
def test_a_rating_out_of_range_or_with_unknown_reasons_is_refused(world, api, payload, field):
    result = _answered(world)
    before = state_of(result.petition)

    response = api.post(
        f"/api/v1/petitions/{result.petition.code}/rate/",
        payload,
        format="json",
        HTTP_X_PETITION_SECRET=result.secret,
    )

    error = error_of(response, 400)
    assert error["code"] == "invalid"
    assert list(error["fields"]) == [field]
    assert list(error["fields_en"]) == [field]
    assert error["message"] != error["message_en"]
    assert state_of(result.petition) == before


def test_stars_nine_is_explained_in_vietnamese_and_in_english(world, api):
    result = _answered(world)

    response = api.post(
        f"/api/v1/petitions/{result.petition.code}/rate/",
        {"stars": 9},
        format="json",
        HTTP_X_PETITION_SECRET=result.secret,
    )

    error = error_of(response, 400)
    assert error["fields"] == {"stars": ["Giá trị phải nhỏ hơn hoặc bằng 5."]}
    assert error["fields_en"] == {"stars": ["Ensure this value is less than or equal to 5."]}


def test_rating_before_there_is_an_answer_is_a_conflict(world, api):
    result = submit(world)
    before = state_of(result.petition)

    response = api.post(
        f"/api/v1/petitions/{result.petition.code}/rate/",
        {"stars": 5},
        format="json",
        HTTP_X_PETITION_SECRET=result.secret,
    )

    assert error_of(response, 409)["code"] == "transition_not_allowed"
    assert state_of(result.petition) == before


def test_the_petitioner_reopens_an_answered_petition_with_a_reason(world, api):
    result = _answered(world)

    response = api.post(
        f"/api/v1/petitions/{result.petition.code}/reopen/",
        {"reason": "Rác vẫn còn nguyên sau ba ngày."},
        format="json",
        HTTP_X_PETITION_SECRET=result.secret,
    )

    assert response.status_code == 200
    assert response.json()["status"] == Status.REOPENED
    assert response.json()["events"][-1]["reason"] == "Rác vẫn còn nguyên sau ba ngày."


def test_the_petitioner_withdraws_a_petition_not_yet_handled(world, api):
    result = submit(world)

    response = api.post(
        f"/api/v1/petitions/{result.petition.code}/withdraw/",
        {},
        format="json",
        HTTP_X_PETITION_SECRET=result.secret,
    )

    assert response.status_code == 200
    assert response.json()["status"] == Status.WITHDRAWN
    assert Petition.objects.get(pk=result.petition.pk).status == Status.WITHDRAWN


def test_an_answered_complaint_is_appealed_to_the_parent_agency(world, api):
    result = _answered(world, kind=Kind.COMPLAINT)

    response = api.post(
        f"/api/v1/petitions/{result.petition.code}/appeal/",
        {"reason": "Không đồng ý với quyết định giải quyết lần đầu."},
        format="json",
        HTTP_X_PETITION_SECRET=result.secret,
    )

    assert response.status_code == 201
    body = response.json()
    assert body["code"] != result.petition.code
    assert body["appeal_of"] == result.petition.code
    assert body["agency"]["code"] == world.agency_a.parent.code
    assert Petition.objects.get(pk=result.petition.pk).status == Status.APPEALED
    # The same secret follows the appeal.
    followed = api.get(f"/api/v1/petitions/{body['code']}/", HTTP_X_PETITION_SECRET=result.secret)
    assert followed.status_code == 200


def test_feedback_cannot_be_appealed(world, api):
    result = _answered(world)
    before = state_of(result.petition)

    response = api.post(
        f"/api/v1/petitions/{result.petition.code}/appeal/",
        {"reason": "Không đồng ý với câu trả lời."},
        format="json",
        HTTP_X_PETITION_SECRET=result.secret,
    )

    assert error_of(response, 409)["code"] == "appeal_complaints_only"
    assert state_of(result.petition) == before
