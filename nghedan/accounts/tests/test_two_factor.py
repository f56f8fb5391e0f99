"""Two-step sign-in: administrators must set up an authenticator app and type its code
before any page is served; officers and leaders may turn it on, and are then asked for
the code at sign-in. Codes are computed here from the device's key on the pinned clock,
as the app on a phone would."""

import re
from base64 import b32decode
from datetime import timedelta
from io import StringIO
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from nghedan.audit.models import AuditEntry
from nghedan.lib import clock
from nghedan.test import PASSWORD, authenticator, sign_in, totp_code


def _password_step(client, user, next_url: str = ""):
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def _signed_in_as(client) -> str | None:
    return client.session.get("_auth_user_id")


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?next={next_url.replace('/', '%2F')}"


def _secret_on_page(html: str) -> str:
    """The secret the set-up page shows for typing by hand."""
    shown = re.search(r'data-testid="secret">([A-Z2-7 ]+)<', html).group(1)
    return shown.replace(" ", "")


def _code_for(secret_b32: str) -> str:
    key = b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    return f"{TOTP(key).token():06d}"


# An administrator without an authenticator


def test_an_administrator_without_an_authenticator_is_sent_to_set_one_up(client, world):
    response = _password_step(client, world.admin, next_url="/admin/")

    assert response.status_code == 302
    assert response["Location"] == _with_next("two_factor_setup", "/admin/")
    # Signed in with the password, yet no page but the set-up is served
    assert _signed_in_as(client) == str(world.admin.pk)
    for page in ("/admin/", reverse("inbox"), reverse("dashboard"), reverse("home")):
        refused = client.get(page)
        assert refused.status_code == 302, page
        assert refused["Location"].startswith(reverse("two_factor_setup")), page


def test_the_set_up_page_shows_a_qr_code_the_otpauth_address_and_the_secret(client, world):
    _password_step(client, world.admin)

    html = client.get(reverse("two_factor_setup")).content.decode()

    secret = _secret_on_page(html)
    assert len(secret) == 32  # 20 bytes in base32
    assert re.search(r'data-testid="qr"><svg [^>]*xmlns="http://www.w3.org/2000/svg"', html)
    uri = re.search(r'data-testid="uri">(otpauth://[^<]+)<', html).group(1).replace("&amp;", "&")
    parsed = urlparse(uri)
    assert (parsed.scheme, parsed.netloc) == ("otpauth", "totp")
    assert parsed.path == "/Nghe%20D%C3%A2n%3Aquantri"
    query = parse_qs(parsed.query)
    assert query["secret"] == [secret]
    assert query["issuer"] == ["Nghe Dân"]
    assert (query["digits"], query["period"]) == (["6"], ["30"])
    assert "Tài khoản quản trị bắt buộc dùng xác thực hai bước" in html
    # Reloading keeps the same secret (a QR code already scanned stays good)
    again = client.get(reverse("two_factor_setup")).content.decode()
    assert _secret_on_page(again) == secret
    assert not TOTPDevice.objects.exists()


def test_the_first_right_code_stores_the_authenticator_and_opens_the_admin(client, world):
    _password_step(client, world.admin, next_url="/admin/")
    secret = _secret_on_page(client.get(reverse("two_factor_setup")).content.decode())

    response = client.post(
        reverse("two_factor_setup"), {"code": _code_for(secret), "next": "/admin/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    device = TOTPDevice.objects.get()
    assert (device.user, device.confirmed) == (world.admin, True)
    assert device.config_url.split("secret=")[1].startswith(secret)
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("inbox")).status_code == 200
    entry = AuditEntry.objects.get(action="account.second_factor_enabled")
    assert entry.actor_id == world.admin.pk


def test_a_wrong_first_code_stores_nothing(client, world):
    _password_step(client, world.admin)
    client.get(reverse("two_factor_setup"))

    response = client.post(reverse("two_factor_setup"), {"code": "123456"})

    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "Mã xác thực không đúng. Hãy nhập mã đang hiện trên ứng dụng vừa cài."
    ]
    assert not TOTPDevice.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="account.second_factor").exists()
    assert client.get("/admin/").status_code == 302


# An administrator with an authenticator


def test_an_administrator_with_an_authenticator_is_signed_in_only_after_the_code(client, world):
    device = authenticator(world.admin)

    # The password alone signs nobody in
    response = _password_step(client, world.admin, next_url="/admin/")
    assert response["Location"] == _with_next("sign_in_code", "/admin/")
    assert _signed_in_as(client) is None
    assert client.get("/admin/").status_code == 302

    # A wrong code neither
    wrong = client.post(reverse("sign_in_code"), {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 400
    assert "Mã xác thực không đúng hoặc đã hết hạn" in wrong.content.decode()
    assert _signed_in_as(client) is None

    # The right one does, once the pause after the wrong one has passed
    with time_machine.travel(clock.now() + timedelta(seconds=2)):
        right = client.post(reverse("sign_in_code"), {"code": totp_code(device), "next": "/admin/"})
    assert right.status_code == 302
    assert right["Location"] == "/admin/"
    assert _signed_in_as(client) == str(world.admin.pk)
    assert client.get("/admin/").status_code == 200


def test_a_session_signed_in_without_the_code_is_sent_to_the_code_page(client, world):
    authenticator(world.admin)
    client.force_login(world.admin)

    assert client.get("/admin/")["Location"] == _with_next("sign_in_code", "/admin/")
    assert client.get(reverse("inbox"))["Location"].startswith(reverse("sign_in_code"))
    # Nor may the authenticator be replaced without a code from it
    assert client.get(reverse("two_factor_setup"))["Location"].startswith(reverse("sign_in_code"))


def test_the_api_refuses_an_administrator_s_session_without_the_code(client, world):
    authenticator(world.admin)
    client.force_login(world.admin)

    response = client.get("/api/v1/petitions/")

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "second_factor_required"
    assert error["message"].startswith("Tài khoản quản trị cần xác thực hai bước")
    assert error["message_en"].startswith("Administrator accounts need two-step sign-in")


def test_a_code_is_accepted_once_only(client, world):
    device = authenticator(world.admin)
    code = totp_code(device)
    _password_step(client, world.admin)
    assert client.post(reverse("sign_in_code"), {"code": code}).status_code == 302
    client.logout()

    _password_step(client, world.admin)
    replay = client.post(reverse("sign_in_code"), {"code": code})

    assert replay.status_code == 400
    assert _signed_in_as(client) is None


def test_wrong_codes_in_a_row_make_the_next_try_wait(client, world):
    device = authenticator(world.admin)
    _password_step(client, world.admin)
    with time_machine.travel(clock.now(), tick=False):
        client.post(reverse("sign_in_code"), {"code": "000000"})

        # A second try in the same second is not even checked, right code or not
        response = client.post(reverse("sign_in_code"), {"code": totp_code(device)})

    assert response.status_code == 429
    assert "Bạn đã nhập sai mã nhiều lần. Vui lòng chờ" in response.content.decode()
    assert _signed_in_as(client) is None


def test_the_code_step_expires_after_five_minutes(client, world):
    device = authenticator(world.admin)
    _password_step(client, world.admin)

    with time_machine.travel(clock.now() + timedelta(minutes=6)):
        response = client.post(reverse("sign_in_code"), {"code": totp_code(device)})

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert _signed_in_as(client) is None


def test_the_test_helper_completes_the_second_step_for_the_administrator(client, world):
    sign_in(client, world.admin)

    assert client.get("/admin/").status_code == 200


# Officers and leaders


def test_an_officer_without_an_authenticator_signs_in_with_the_password(client, world):
    response = _password_step(client, world.officer_a, next_url=reverse("inbox"))

    assert response["Location"] == reverse("inbox")
    assert _signed_in_as(client) == str(world.officer_a.pk)
    assert client.get(reverse("inbox")).status_code == 200


def test_an_officer_turns_on_the_second_step_and_is_asked_for_the_code_next_time(client, world):
    sign_in(client, world.officer_a)
    page = client.get(reverse("account_security")).content.decode()
    assert "Chưa bật" in page
    secret = _secret_on_page(client.get(reverse("two_factor_setup")).content.decode())

    turned_on = client.post(reverse("two_factor_setup"), {"code": _code_for(secret)}, follow=True)

    assert turned_on.redirect_chain == [(reverse("account_security"), 302)]
    assert "Đã bật xác thực hai bước." in turned_on.content.decode()
    device = TOTPDevice.objects.get(user=world.officer_a, confirmed=True)
    client.logout()
    assert _password_step(client, world.officer_a)["Location"] == reverse("sign_in_code")
    assert _signed_in_as(client) is None
    with time_machine.travel(clock.now() + timedelta(seconds=31)):
        assert client.post(reverse("sign_in_code"), {"code": totp_code(device)}).status_code == 302
    assert _signed_in_as(client) == str(world.officer_a.pk)


def test_an_officer_turns_the_second_step_off_with_the_password(client, world):
    authenticator(world.leader_a)
    sign_in(client, world.leader_a)
    _verify(client, world.leader_a)

    wrong = client.post(reverse("two_factor_disable"), {"password": "khong-dung"})
    assert wrong.status_code == 400
    assert TOTPDevice.objects.filter(user=world.leader_a).exists()

    right = client.post(reverse("two_factor_disable"), {"password": PASSWORD})
    assert right["Location"] == reverse("account_security")
    assert not TOTPDevice.objects.filter(user=world.leader_a).exists()
    assert AuditEntry.objects.filter(action="account.second_factor_disabled").count() == 1


def test_an_administrator_cannot_turn_the_second_step_off(client, world):
    sign_in(client, world.admin)

    response = client.post(reverse("two_factor_disable"), {"password": PASSWORD})

    assert response.status_code == 400
    assert "bắt buộc dùng xác thực hai bước" in response.content.decode()
    assert TOTPDevice.objects.filter(user=world.admin).exists()


def test_a_citizen_has_no_second_step_to_set_up(client, world):
    sign_in(client, world.citizen)

    assert client.get(reverse("two_factor_setup")).status_code == 403
    assert "Xác thực hai bước" not in client.get(reverse("account_security")).content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for name in ("account_security", "two_factor_setup"):
        response = client.get(reverse(name))
        assert response["Location"].startswith(reverse("login")), name
    assert client.get(reverse("sign_in_code"))["Location"] == reverse("login")


@pytest.mark.parametrize("persona", ["officer_a", "admin"])
def test_a_lost_phone_is_reset_by_the_command_and_logged(world, persona):
    user = getattr(world, persona)
    authenticator(user)
    out = StringIO()

    call_command("twofactor_reset", user.username, stdout=out)

    assert not TOTPDevice.objects.filter(user=user).exists()
    assert "Đã xoá ứng dụng xác thực" in out.getvalue()
    entry = AuditEntry.objects.get(action="account.second_factor_reset")
    assert (entry.target_id, entry.data) == (str(user.pk), {"removed": 1})


def test_an_administrator_resets_a_lost_authenticator_from_the_admin(client, world):
    authenticator(world.officer_a)
    sign_in(client, world.admin)

    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_second_factor", "_selected_action": [world.officer_a.pk]},
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.officer_a).exists()
    entry = AuditEntry.objects.get(action="account.second_factor_reset")
    assert (entry.actor_id, entry.target_id) == (world.admin.pk, str(world.officer_a.pk))


def test_resetting_an_account_without_an_authenticator_records_nothing(world):
    assert call_command("twofactor_reset", world.citizen.username, stdout=StringIO()) is None
    assert not AuditEntry.objects.filter(action="account.second_factor_reset").exists()


def _verify(client, user) -> None:
    """The code step for a session already signed in with the password."""
    with time_machine.travel(clock.now() + timedelta(seconds=31)):
        response = client.post(reverse("sign_in_code"), {"code": totp_code(authenticator(user))})
    assert response.status_code == 302
