"""Driving Debian's Chromium through Playwright, as a person on a phone would."""

import os
from contextlib import contextmanager

from django.db import connections
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("NGHEDAN_CHROMIUM", "/usr/bin/chromium")
# Flags for a closed network and a root user; no downloads of any browser build.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@contextmanager
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            # Inside Playwright's sync API the test's own ORM calls run in another context
            # and open their own connection; close it, or PostgreSQL cannot drop the test
            # database at the end of the run.
            connections.close_all()


def new_phone_page(browser, *, locale: str = "vi-VN"):
    context = browser.new_context(locale=locale, **PHONE)
    context.set_default_timeout(15_000)
    return context.new_page()


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.card button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
