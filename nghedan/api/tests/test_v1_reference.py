"""The OpenAPI document, signing in for a token, topics and areas, and errors in one shape."""

import json

import pytest
from rest_framework.authtoken.models import Token

from nghedan.api.tests.support import error_of
from nghedan.test import PASSWORD, authenticator, submit, totp_code


def test_the_openapi_document_is_served_and_lists_every_operation(world, api):
    response = api.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Nghe Dân API"
    paths = document["paths"]
    assert set(paths["/api/v1/petitions/"]) == {"get", "post"}
    for path in (
        "/api/v1/auth/token/",
        "/api/v1/topics/",
        "/api/v1/areas/",
        "/api/v1/areas/{code}/",
        "/api/v1/petitions/{code}/",
        "/api/v1/petitions/{code}/identity/",
        "/api/v1/petitions/{code}/accept/",
        "/api/v1/petitions/{code}/decline/",
        "/api/v1/petitions/{code}/extend/",
        "/api/v1/petitions/{code}/transfer/",
        "/api/v1/petitions/{code}/start/",
        "/api/v1/petitions/{code}/answer/",
        "/api/v1/petitions/{code}/answers/{answer_id}/approve/",
        "/api/v1/petitions/{code}/answers/{answer_id}/return/",
        "/api/v1/petitions/{code}/rate/",
        "/api/v1/petitions/{code}/reopen/",
        "/api/v1/petitions/{code}/withdraw/",
        "/api/v1/petitions/{code}/appeal/",
        "/api/v1/inbox/",
        "/api/v1/approvals/",
        "/api/v1/suggestions/",
    ):
        assert path in paths, path
    assert not [path for path in paths if not path.startswith("/api/v1/")]
    # Every $ref points at a schema the document defines.
    schemas = document["components"]["schemas"]
    refs = {ref.rsplit("/", 1)[-1] for ref in _refs(document)}
    assert refs <= set(schemas)
    secret = schemas["PetitionSubmitOutput"]["properties"]["secret"]
    assert "MỘT LẦN" in secret["description"] and "ONCE" in secret["description"]
    assert "ErrorOut" in schemas


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


@pytest.mark.parametrize("persona", ["officer_a", "leader_a", "supervisor", "admin", "citizen"])
def test_a_user_exchanges_username_and_password_for_a_token_that_signs_requests(
    world, api, persona
):
    user = getattr(world, persona)
    credentials = {"username": user.username, "password": PASSWORD}
    if persona == "admin":  # administrators must pass the second step (test_v1_sign_in_security)
        credentials["otp"] = totp_code(authenticator(user))

    response = api.post("/api/v1/auth/token/", credentials, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["token"] == Token.objects.get(user=user).key
    assert body["role"] == user.role
    assert body["agency"] == (user.agency.code if user.agency_id else None)
    api.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert api.get("/api/v1/petitions/").status_code == 200


def test_asking_twice_gives_the_same_token(world, api):
    credentials = {"username": world.officer_a.username, "password": PASSWORD}

    first = api.post("/api/v1/auth/token/", credentials, format="json").json()["token"]
    second = api.post("/api/v1/auth/token/", credentials, format="json").json()["token"]

    assert first == second


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "canbo_a", "password": "sai-mat-khau"},
        {"username": "khong-ai", "password": PASSWORD},
    ],
)
def test_a_wrong_password_or_unknown_user_gets_no_token(world, api, credentials):
    response = api.post("/api/v1/auth/token/", credentials, format="json")

    error = error_of(response, 400)
    assert error["code"] == "invalid_credentials"
    assert error["message_en"] == "The username or password is wrong."
    assert not Token.objects.exists()


def test_password_guessing_is_slowed_down(world, api):
    # Guesses at many user names: each name alone stays under its lockout (accounts tests),
    # the address's allowance runs out.
    for n in range(20):
        credentials = {"username": f"{world.officer_a.username}{n}", "password": "doan-thu"}
        error_of(api.post("/api/v1/auth/token/", credentials, format="json"), 400)

    response = api.post(
        "/api/v1/auth/token/",
        {"username": world.officer_a.username, "password": PASSWORD},
        format="json",
    )

    error = error_of(response, 429)
    assert error["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
    assert not Token.objects.exists()


def test_a_disabled_account_gets_no_token(world, api):
    world.officer_a.is_active = False
    world.officer_a.save()

    response = api.post(
        "/api/v1/auth/token/",
        {"username": world.officer_a.username, "password": PASSWORD},
        format="json",
    )

    error_of(response, 400)
    assert not Token.objects.exists()


def test_a_bad_token_is_refused_as_unauthenticated(world, api):
    api.credentials(HTTP_AUTHORIZATION="Token khong-phai-ma-that")

    response = api.get("/api/v1/petitions/")

    error = error_of(response, 401)
    assert error["code"] == "authentication_failed"


def test_the_topics_are_listed_in_order_with_their_keywords(world, api):
    response = api.get("/api/v1/topics/")

    assert response.status_code == 200
    topics = response.json()
    assert topics[0]["code"] == "dat-dai"
    environment = next(topic for topic in topics if topic["code"] == "moi-truong")
    assert environment["name"] == "Môi trường"
    assert environment["name_en"] == "Environment"
    assert "rác" in environment["keywords"]


@pytest.mark.parametrize("query", ["ba dinh", "Ba Đình", "phường ba đình"])
def test_areas_are_found_by_name_with_or_without_diacritics(world, api, query):
    response = api.get("/api/v1/areas/", {"q": query, "province": "01"})

    assert response.status_code == 200
    areas = response.json()
    assert areas[0]["code"] == "00004"
    assert areas[0]["province"] == {"code": "01", "name": world.hanoi.name}


def test_without_a_query_the_areas_are_the_provinces_or_a_provinces_communes(world, api):
    provinces = api.get("/api/v1/areas/").json()
    communes = api.get("/api/v1/areas/", {"province": "01"}).json()

    assert {area["code"] for area in provinces} == {"01", "48"}
    assert all(area["level"] == "commune" for area in communes)
    assert "00004" in {area["code"] for area in communes}


@pytest.mark.parametrize(
    "query", [{"level": "district"}, {"province": "1"}, {"q": "x", "limit": 1000}]
)
def test_area_search_refuses_what_it_does_not_know(world, api, query):
    error = error_of(api.get("/api/v1/areas/", query), 400)

    assert set(error["fields"]) <= {"level", "province", "limit"}


def test_one_area_is_read_by_its_official_code(world, api):
    response = api.get("/api/v1/areas/00004/")

    assert response.status_code == 200
    assert response.json()["full_name"] == world.ba_dinh.full_name
    error_of(api.get("/api/v1/areas/99999/"), 404)


def test_an_unknown_api_path_is_a_404_in_the_error_shape(world, api):
    error = error_of(api.get("/api/v1/khong-co/"), 404)

    assert error["code"] == "not_found"
    assert error["message_en"] == "Not found."


def test_a_method_the_endpoint_does_not_take_is_a_405_in_both_languages(world, api):
    petition = submit(world).petition

    response = api.delete(f"/api/v1/petitions/{petition.code}/")

    error = error_of(response, 405)
    assert error["code"] == "method_not_allowed"
    assert "DELETE" in error["message"] and "DELETE" in error["message_en"]
