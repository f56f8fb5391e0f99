"""A crash answers each client in its own format, in Vietnamese and English."""

from unittest import mock

import pytest
from django.test import Client
from django.urls import get_resolver


@pytest.fixture
def crashing_client(world):
    # The pages are loaded before a test breaks the database under them: loading them
    # builds forms whose choices are queries.
    get_resolver().url_patterns  # noqa: B018
    return Client(raise_request_exception=False)


def test_an_api_crash_answers_with_the_api_error_shape(crashing_client):
    with mock.patch("nghedan.api.v1.reference.Topic.objects") as topics:
        topics.filter.side_effect = RuntimeError("database went away")
        response = crashing_client.get("/api/v1/topics/")

    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "server_error"
    assert error["message"].startswith("Lỗi hệ thống") and error["message_en"].startswith("Server")


def test_a_page_crash_shows_the_bilingual_error_page(crashing_client):
    with mock.patch("nghedan.web.views.home.render", side_effect=RuntimeError("template lost")):
        response = crashing_client.get("/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Lỗi hệ thống" in page and "Something went wrong" in page
