"""The API's sign-in for a token and the second step: a person with an authenticator
sends its code as `otp`; an administrator must have one."""

from rest_framework.authtoken.models import Token

from nghedan.api.tests.support import error_of
from nghedan.test import PASSWORD, authenticator, totp_code

URL = "/api/v1/auth/token/"


def _ask(api, user, **extra):
    return api.post(URL, {"username": user.username, "password": PASSWORD, **extra}, format="json")


def test_an_officer_with_an_authenticator_gets_a_token_with_the_code(world, api):
    device = authenticator(world.officer_a)

    response = _ask(api, world.officer_a, otp=totp_code(device))

    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=world.officer_a).key


def test_without_the_code_there_is_no_token(world, api):
    authenticator(world.officer_a)

    error = error_of(_ask(api, world.officer_a), 400)

    assert error["code"] == "otp_required"
    assert error["message_en"] == (
        "This account uses two-step sign-in: send the code from the authenticator app (field otp)."
    )
    assert list(error["fields"]) == ["otp"]
    assert not Token.objects.exists()


def test_a_wrong_code_gets_no_token(world, api):
    authenticator(world.officer_a)

    error = error_of(_ask(api, world.officer_a, otp="000000"), 400)

    assert error["code"] == "wrong_code"
    assert error["fields_en"] == {
        "otp": ["The code is wrong or has expired. Type the code the authenticator app shows now."]
    }
    assert not Token.objects.exists()


def test_an_administrator_without_an_authenticator_gets_no_token(world, api):
    error = error_of(_ask(api, world.admin), 403)

    assert error["code"] == "second_factor_setup_required"
    assert error["message"].startswith("Tài khoản quản trị phải cài đặt xác thực hai bước")
    assert not Token.objects.exists()


def test_an_administrator_with_an_authenticator_gets_a_token_with_the_code(world, api):
    device = authenticator(world.admin)

    assert error_of(_ask(api, world.admin), 400)["code"] == "otp_required"
    response = _ask(api, world.admin, otp=totp_code(device))

    assert response.status_code == 200
    assert Token.objects.get().user == world.admin


def test_a_citizen_signs_in_with_the_password_alone(world, api):
    response = _ask(api, world.citizen, otp="")

    assert response.status_code == 200
