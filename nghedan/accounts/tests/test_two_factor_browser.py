"""An administrator's first sign-in in a real browser: the password, the set-up page with
its QR code, the first code, the admin site; then the next sign-in asks for the code."""

import os
from base64 import b32decode
from datetime import timedelta

import pytest
import time_machine
from django_otp.oath import TOTP

from nghedan.lib import clock
from nghedan.test import PASSWORD
from nghedan.web.tests.browser import chromium, new_phone_page

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _code(secret: str) -> str:
    """What the authenticator app shows for the secret typed into it."""
    secret = secret.replace(" ", "")
    return f"{TOTP(b32decode(secret + '=' * (-len(secret) % 8))).token():06d}"


def _password(page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.card button[type=submit]")


def test_an_administrator_sets_up_the_authenticator_then_signs_in_with_its_code(
    live_server, live_world
):
    base = live_server.url
    with chromium() as browser:
        page = new_phone_page(browser)

        # When the administrator signs in with the password for the first time
        _password(page, base, live_world.admin.username)

        # Then the set-up page shows a QR code and the secret, and no other page opens
        page.wait_for_url(lambda url: "/accounts/security/two-factor/" in url)
        page.goto(f"{base}/inbox/")
        assert "/accounts/security/two-factor/?next=%2Finbox%2F" in page.url
        assert page.locator("[data-testid=qr] svg").is_visible()
        secret = page.inner_text("[data-testid=secret]")

        # When the code of the app is typed, then the page asked for opens, and the admin
        page.fill("input[name=code]", _code(secret))
        page.click("form button.primary")
        page.wait_for_url(lambda url: url.endswith("/inbox/"))
        page.goto(f"{base}/admin/")
        assert page.locator("#site-name").is_visible()

        # And the next sign-in asks for the code before anything else
        fresh = new_phone_page(browser)
        _password(fresh, base, live_world.admin.username)
        fresh.wait_for_url(lambda url: "/accounts/login/code/" in url)
        with time_machine.travel(clock.now() + timedelta(seconds=31)):
            fresh.fill("input[name=code]", _code(secret))
            fresh.click("form.card button[type=submit]")
            fresh.wait_for_url(lambda url: url.rstrip("/").endswith("/admin"))
        assert fresh.locator("#site-name").is_visible()
