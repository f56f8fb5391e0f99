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


# What the Content-Security-Policy blocked, per browser: the pages' console says it.
_CSP_BLOCKED: dict[int, list[str]] = {}


@contextmanager
def chromium():
    """The browser; a test that ends with something blocked by the site's Content-Security-
    Policy (an inline script, style or event handler) fails, naming the page and what."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        blocked = _CSP_BLOCKED.setdefault(id(browser), [])
        try:
            yield browser
        finally:
            _CSP_BLOCKED.pop(id(browser), None)
            browser.close()
            # Inside Playwright's sync API the test's own ORM calls run in another context
            # and open their own connection; close it, or PostgreSQL cannot drop the test
            # database at the end of the run.
            connections.close_all()
        assert blocked == [], "blocked by the Content-Security-Policy:\n" + "\n".join(blocked)


def new_phone_page(browser, *, locale: str = "vi-VN"):
    context = browser.new_context(locale=locale, **PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    blocked = _CSP_BLOCKED.get(id(browser))
    if blocked is not None:

        def on_console(message) -> None:
            if message.type == "error" and "Content Security Policy" in message.text:
                blocked.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
    return page


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.card button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def petition_form_fill(page, base_url: str, *, title: str, body: str) -> None:
    """Open the petition form and fill in feedback on the environment in Phường Ba Đình,
    Hà Nội (the commune list loads after the province is chosen)."""
    page.goto(f"{base_url}/petitions/new/")
    page.check("input[name=kind][value=feedback]")
    page.select_option("select[name=topic]", label="Môi trường")
    page.fill("input[name=title]", title)
    page.fill("textarea[name=body]", body)
    page.select_option("select[name=province]", value="01")
    page.wait_for_selector("select[name=commune] option[value='00004']", state="attached")
    page.select_option("select[name=commune]", value="00004")
