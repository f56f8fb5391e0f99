"""Reading petitions through the REST API: the caller's list, one petition, its petitioner."""

import pytest

from nghedan.api.tests.support import act_as, error_of
from nghedan.audit.models import AuditEntry
from nghedan.petitions.actions import PetitionerInfo, answer_submit, petition_accept
from nghedan.petitions.models import Kind, Status
from nghedan.test import PERSONAS, submit

PETITIONER_NAME, PETITIONER_PHONE = "Nguyễn Văn An", "0912345678"


@pytest.fixture
def petitions(world):
    """One petition in each place: the citizen's in Ba Đình (agency A), an anonymous one in
    Hoàn Kiếm (agency B), one in Đà Nẵng."""
    return {
        "own": submit(world, user=world.citizen).petition,
        "hoan_kiem": submit(world, area=world.hoan_kiem).petition,
        "danang": submit(world, area=world.hai_van).petition,
    }


# What each persona's list holds, by the keys of the `petitions` fixture.
VISIBLE = {
    "citizen": {"own"},
    "other_citizen": set(),
    "officer_a": {"own"},
    "leader_a": {"own"},
    "officer_b": {"hoan_kiem"},
    "supervisor": {"own", "hoan_kiem"},
    "supervisor_elsewhere": {"danang"},
    "admin": {"own", "hoan_kiem", "danang"},
}


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_the_list_holds_what_the_caller_may_see(world, api, petitions, persona):
    response = act_as(api, world, persona).get("/api/v1/petitions/")

    assert response.status_code == 200
    codes = {item["code"] for item in response.json()["results"]}
    assert codes == {petitions[key].code for key in VISIBLE[persona]}
    assert response.json()["count"] == len(VISIBLE[persona])


def test_an_anonymous_visitor_must_sign_in_to_list_petitions(world, api, petitions):
    response = api.get("/api/v1/petitions/")

    error = error_of(response, 401)
    assert error["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"


def test_the_list_filters_by_status_kind_and_topic(world, api):
    feedback = submit(world, user=world.citizen).petition
    complaint = submit(world, user=world.citizen, kind=Kind.COMPLAINT).petition
    security = submit(world, user=world.citizen, topic="an-ninh-trat-tu").petition
    petition_accept(acting_user=world.officer_a, petition=feedback)
    act_as(api, world, "admin")

    def codes(**query):
        return {item["code"] for item in api.get("/api/v1/petitions/", query).json()["results"]}

    assert codes(status="accepted") == {feedback.code}
    assert codes(kind="complaint") == {complaint.code}
    assert codes(topic="an-ninh-trat-tu") == {security.code}
    assert codes(topic="moi-truong", kind="feedback") == {feedback.code}


@pytest.mark.parametrize("query", [{"status": "lost"}, {"kind": "gossip"}, {"limit": "x"}])
def test_the_list_refuses_filters_it_does_not_know(world, api, query):
    response = act_as(api, world, "admin").get("/api/v1/petitions/", query)

    if "limit" in query:  # LimitOffsetPagination ignores a bad limit and uses the default
        assert response.status_code == 200
        return
    error = error_of(response, 400)
    assert list(error["fields"]) == list(query)


def test_the_list_is_paginated(world, api):
    for _ in range(3):
        submit(world, user=world.citizen)

    body = act_as(api, world, "citizen").get("/api/v1/petitions/", {"limit": 2}).json()

    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"] is not None


def test_the_list_costs_the_same_few_queries_however_many_petitions(
    world, api, django_assert_max_num_queries
):
    for topic in ("moi-truong", "an-ninh-trat-tu", "giao-thong-ha-tang", "dat-dai") * 5:
        submit(world, user=world.citizen, topic=topic, area=world.ba_dinh)
    act_as(api, world, "supervisor")

    with django_assert_max_num_queries(3):
        response = api.get("/api/v1/petitions/")

    assert response.status_code == 200
    assert response.json()["count"] == 20


# --- one petition -----------------------------------------------------------------------

DETAIL = {
    "citizen": 200,
    "other_citizen": 404,
    "officer_a": 200,
    "leader_a": 200,
    "officer_b": 404,
    "supervisor": 200,
    "supervisor_elsewhere": 404,
    "admin": 200,
    "anonymous": 404,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_petition_is_shown_to_who_may_see_it_and_to_nobody_else(world, api, persona):
    petition = submit(world, user=world.citizen).petition

    response = act_as(api, world, persona).get(f"/api/v1/petitions/{petition.code}/")

    if DETAIL[persona] == 200:
        assert response.status_code == 200
        assert response.json()["code"] == petition.code
    else:
        error_of(response, 404)


@pytest.mark.parametrize("persona", ["officer_a", "supervisor", "admin", "citizen"])
def test_a_petition_never_shows_who_filed_it(world, api, persona):
    petition = submit(
        world,
        user=world.citizen,
        petitioner=PetitionerInfo(
            name=PETITIONER_NAME,
            phone=PETITIONER_PHONE,
            email="an@example.vn",
            address="Số 5 Kim Mã",
        ),
    ).petition

    response = act_as(api, world, persona).get(f"/api/v1/petitions/{petition.code}/")

    text = response.content.decode()
    for secret in (PETITIONER_NAME, PETITIONER_PHONE, "an@example.vn", "Số 5 Kim Mã"):
        assert secret not in text
    assert world.citizen.username not in text
    assert world.citizen.display_name not in text
    assert not {"petitioner", "petitioner_name", "citizen"} & set(response.json())


def test_the_secret_opens_the_petition_to_an_anonymous_petitioner(world, api):
    result = submit(world)

    response = api.get(
        f"/api/v1/petitions/{result.petition.code.lower()}/",
        HTTP_X_PETITION_SECRET=result.secret,
    )

    assert response.status_code == 200
    assert response.json()["code"] == result.petition.code


def test_a_wrong_secret_opens_nothing(world, api):
    result = submit(world)

    response = api.get(
        f"/api/v1/petitions/{result.petition.code}/", HTTP_X_PETITION_SECRET="doan-bua"
    )

    error_of(response, 404)


def test_the_petitioner_sees_published_answers_but_not_the_drafts(world, api):
    result = submit(world, user=world.citizen)
    petition_accept(acting_user=world.officer_a, petition=result.petition)
    answer_submit(
        acting_user=world.officer_a,
        petition=result.petition,
        body="Dự thảo: đã giao tổ dân phố kiểm tra, xử lý.",
    )

    own = api.get(
        f"/api/v1/petitions/{result.petition.code}/", HTTP_X_PETITION_SECRET=result.secret
    ).json()
    staff = act_as(api, world, "leader_a").get(f"/api/v1/petitions/{result.petition.code}/").json()

    assert own["answers"] == [] and own["drafts"] == []
    assert [event["action"] for event in own["events"]] == ["submitted", "accepted"]
    assert all(event["actor"] is None for event in own["events"])
    assert [draft["status"] for draft in staff["drafts"]] == ["pending_approval"]
    assert [event["action"] for event in staff["events"]] == [
        "submitted",
        "accepted",
        "answer_submitted",
    ]
    assert staff["events"][0]["actor"] is None  # filed by the citizen: never named


def test_a_petition_shows_its_published_answer_and_rating(world, api):
    result = submit(world, user=world.citizen)
    petition_accept(acting_user=world.leader_a, petition=result.petition)
    answer_submit(
        acting_user=world.leader_a,
        petition=result.petition,
        body="Đã thu gom rác và nhắc nhở các hộ dân đổ rác đúng giờ.",
    )
    api.post(
        f"/api/v1/petitions/{result.petition.code}/rate/",
        {"stars": 4, "reasons": ["solved"]},
        format="json",
        HTTP_X_PETITION_SECRET=result.secret,
    )

    body = act_as(api, world, "officer_a").get(f"/api/v1/petitions/{result.petition.code}/").json()

    assert body["status"] == Status.CLOSED
    assert [answer["body"] for answer in body["answers"]] == [
        "Đã thu gom rác và nhắc nhở các hộ dân đổ rác đúng giờ."
    ]
    assert body["rating"]["stars"] == 4
    assert body["rating"]["reasons"] == ["solved"]


# --- who filed it -----------------------------------------------------------------------

IDENTITY = {
    "citizen": 403,
    "other_citizen": 404,
    "officer_a": 200,
    "leader_a": 200,
    "officer_b": 404,
    "supervisor": 200,
    "supervisor_elsewhere": 404,
    "admin": 200,
    "anonymous": 401,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_petitioners_identity_is_shown_only_where_permitted_and_every_read_is_audited(
    world, api, persona
):
    petition = submit(world, user=world.citizen).petition
    audited = AuditEntry.objects.filter(action="identity.read").count()

    response = act_as(api, world, persona).get(
        f"/api/v1/petitions/{petition.code}/identity/", {"purpose": "liên hệ xác minh"}
    )

    if IDENTITY[persona] == 200:
        assert response.status_code == 200
        assert response.json() == {
            "name": PETITIONER_NAME,
            "phone": PETITIONER_PHONE,
            "email": "",
            "address": "",
            "citizen_username": world.citizen.username,
        }
        entry = AuditEntry.objects.filter(action="identity.read").latest("id")
        assert entry.actor == getattr(world, persona)
        assert entry.data["purpose"] == "liên hệ xác minh"
    else:
        error_of(response, IDENTITY[persona])
        assert AuditEntry.objects.filter(action="identity.read").count() == audited


@pytest.mark.parametrize("persona", ["supervisor", "admin"])
def test_a_denouncers_identity_is_kept_even_from_supervisors_and_admins(world, api, persona):
    petition = submit(world, user=world.citizen, kind=Kind.DENUNCIATION).petition

    response = act_as(api, world, persona).get(f"/api/v1/petitions/{petition.code}/identity/")

    assert error_of(response, 403)["code"] == "not_permitted"
    assert not AuditEntry.objects.filter(action="identity.read").exists()
