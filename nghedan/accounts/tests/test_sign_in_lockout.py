"""Password guessing: after five wrong passwords for one user name from one address, that
pair is refused for 15 minutes (django-axes, counted in the database), on the web's
sign-in page and on the API's alike; the page says so in Vietnamese or English."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from nghedan.lib import clock
from nghedan.test import PASSWORD

WRONG = "doan-mat-khau"
OTHER_ADDRESS = "203.0.113.7"


def _sign_in(client, username: str, password: str, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _signed_in_as(client) -> str | None:
    return client.session.get("_auth_user_id")


def _fail(client, username: str, times: int, **extra) -> list[int]:
    return [_sign_in(client, username, WRONG, **extra).status_code for _ in range(times)]


def test_the_fifth_wrong_password_locks_the_sign_in_and_even_the_right_one_is_refused(
    client, world
):
    # Given four wrong passwords for the officer's user name, each answered by the form
    assert _fail(client, world.officer_a.username, 4) == [200, 200, 200, 200]

    # When a fifth is typed
    fifth = _sign_in(client, world.officer_a.username, WRONG)

    # Then the page says the sign-in is locked for 15 minutes, with a way out
    assert fifth.status_code == 429
    assert fifth["Retry-After"] == "900"
    html = fifth.content.decode()
    assert "Đăng nhập tạm bị khoá vì nhập sai mật khẩu quá nhiều lần" in html
    assert "thử lại sau 15 phút" in html
    assert reverse("password_reset") in html
    # And the right password is refused too, and nobody is signed in
    right = _sign_in(client, world.officer_a.username, PASSWORD)
    assert right.status_code == 429
    assert _signed_in_as(client) is None
    # And the failures are kept in the database, shared by every process
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == (world.officer_a.username, "127.0.0.1")
    assert attempt.failures_since_start == 6


def test_the_lockout_page_speaks_english_to_an_english_reader(client, world):
    _fail(client, world.officer_a.username, 5)

    response = _sign_in(
        client, world.officer_a.username, PASSWORD, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9"
    )

    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in is locked for now: too many wrong passwords." in html
    assert "try again in 15 minutes" in html


def test_the_lock_holds_only_that_user_name_from_that_address(client, world):
    _fail(client, world.officer_a.username, 5)

    # The same person from another address signs in
    elsewhere = _sign_in(client, world.officer_a.username, PASSWORD, REMOTE_ADDR=OTHER_ADDRESS)
    assert elsewhere.status_code == 302
    assert _signed_in_as(client) == str(world.officer_a.pk)
    client.logout()
    # And another person from the first address signs in
    other = _sign_in(client, world.leader_a.username, PASSWORD)
    assert other.status_code == 302
    assert _signed_in_as(client) == str(world.leader_a.pk)


def test_the_lock_ends_after_15_minutes(client, world):
    _fail(client, world.officer_a.username, 5)

    with time_machine.travel(clock.now() + timedelta(minutes=16), tick=False):
        response = _sign_in(client, world.officer_a.username, PASSWORD)

    assert response.status_code == 302
    assert _signed_in_as(client) == str(world.officer_a.pk)


def test_a_successful_sign_in_forgets_the_failures_before_it(client, world):
    _fail(client, world.officer_a.username, 4)
    assert _sign_in(client, world.officer_a.username, PASSWORD).status_code == 302
    client.logout()

    # Four more wrong passwords are not a fifth and later ones
    assert _fail(client, world.officer_a.username, 4) == [200, 200, 200, 200]
    assert AccessAttempt.objects.get().failures_since_start == 4


@pytest.mark.parametrize(("web_failures", "api_failures"), [(3, 2), (0, 5)])
def test_wrong_passwords_on_the_api_count_toward_the_same_lock(
    client, world, web_failures, api_failures
):
    api = APIClient()
    _fail(client, world.officer_a.username, web_failures)
    for _ in range(api_failures):
        api.post(
            "/api/v1/auth/token/",
            {"username": world.officer_a.username, "password": WRONG},
            format="json",
        )

    # Then the API refuses the right password, in its error shape and both languages
    response = api.post(
        "/api/v1/auth/token/",
        {"username": world.officer_a.username, "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 429
    error = response.json()["error"]
    assert error["code"] == "locked_out"
    assert error["message"].startswith("Đăng nhập tạm bị khoá")
    assert error["message_en"].startswith("Sign-in is locked for now")
    assert not Token.objects.exists()
    # And so does the web
    assert _sign_in(client, world.officer_a.username, PASSWORD).status_code == 429


def test_the_admin_site_signs_in_through_the_same_page(client, world):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/admin/"


def test_one_address_trying_many_user_names_is_slowed_down_on_the_web_too(
    client, world, settings
):
    # Given a limit of 3 sign-in attempts a minute per address, shared with the API
    settings.NGHEDAN_SIGN_IN_RATE = "3/minute"
    names = ["canbo_a", "lanhdao_a", "giamsat"]

    # When one address tries one password on three user names, then on a fourth
    tried = [_sign_in(client, name, WRONG).status_code for name in names]
    refused = _sign_in(client, "canbo_b", PASSWORD)

    # Then the fourth is refused before any password is checked, with when to come back
    assert tried == [200, 200, 200]
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert "Quá nhiều lần đăng nhập từ địa chỉ này" in refused.content.decode()
    assert _signed_in_as(client) is None
    assert not AccessAttempt.objects.filter(username="canbo_b").exists()
    # And another address is not held up by it
    assert _sign_in(client, "canbo_b", PASSWORD, REMOTE_ADDR=OTHER_ADDRESS).status_code == 302


def test_the_api_token_sign_in_and_the_web_page_share_one_count_per_address(
    client, world, settings
):
    settings.NGHEDAN_SIGN_IN_RATE = "2/minute"
    api = APIClient()

    api.post("/api/v1/auth/token/", {"username": "canbo_a", "password": WRONG})
    api.post("/api/v1/auth/token/", {"username": "canbo_a", "password": WRONG})

    assert _sign_in(client, "canbo_a", PASSWORD).status_code == 429
