"""Each role's main pages in a real browser, on a phone (390×844) and a desktop
(1280×800): every page opens, nothing pushes the page sideways, the header stays one
compact row on a phone with the whole menu behind one button, and each person finds
their own work in it. Each page is photographed to NGHEDAN_SHOTS_DIR (default
/tmp/shots/journeys) for a person to look at."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from nghedan.test import PASSWORD
from nghedan.web.tests.browser import (
    CHROMIUM_ARGS,
    chromium,
    log_in,
    new_phone_page,
    petition_form_fill,
)
from nghedan.web.tests.scenes import GIVEN

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
assert CHROMIUM_ARGS  # the browser module's flags apply to every page here

SHOTS = Path(os.environ.get("NGHEDAN_SHOTS_DIR", "/tmp/shots")) / "journeys"
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


def _desktop_page(browser):
    context = browser.new_context(locale="vi-VN", **DESKTOP)
    context.set_default_timeout(15_000)
    return context.new_page()


def _visit(page, url: str, name: str, size: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{name}: {url}"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        f"{name} ({size}) is wider than the screen"
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)


def _journeys(world) -> dict[str, list[tuple[str, str]]]:
    """Who looks at what: (shot name, path) per persona; "anonymous" is a visitor."""
    answered = GIVEN["answered"](world)
    grouped = GIVEN["grouped"](world)
    alert = GIVEN["alert"](world)
    consultation = GIVEN["consultation"](world)
    return {
        "anonymous": [
            ("home", reverse("home")),
            ("file", reverse("petition_new")),
            ("public-list", reverse("public_list")),
            ("public-petition", reverse("public_detail", args=[answered.petition.code])),
            ("consultation", reverse("consultation_detail", args=[consultation.ids["consultation_id"]])),
            ("transparency", reverse("transparency")),
            ("reception", reverse("reception_calendar")),
        ],
        "citizen": [
            ("my-petitions", reverse("my_petitions")),
            ("petition", reverse("track_detail", args=[answered.petition.code])),
        ],
        "officer_a": [
            ("inbox", reverse("inbox")),
            ("staff-petition", reverse("staff_detail", args=[grouped.petition.code])),
        ],
        "leader_a": [
            ("approvals", reverse("approvals")),
            ("alerts", reverse("alerts")),
            ("alert", reverse("alert_detail", args=[alert.alert.pk])),
            ("dashboard", reverse("dashboard")),
        ],
    }


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_each_role_s_main_pages_fit_the_screen_and_open_from_the_menu(
    live_server, live_world, size
):
    base = live_server.url
    journeys = _journeys(live_world)
    landing = {"citizen": "/my/", "officer_a": "/inbox/", "leader_a": "/inbox/"}
    with chromium() as browser:
        for persona, pages in journeys.items():
            page = new_phone_page(browser) if size == "phone" else _desktop_page(browser)
            if persona != "anonymous":
                log_in(page, base, getattr(live_world, persona).username, PASSWORD)
                # Staff land on their inbox, citizens on their petitions.
                assert page.url == f"{base}{landing[persona]}", persona
            for name, path in pages:
                _visit(page, f"{base}{path}", f"{persona}-{name}", size)

            if size == "phone":
                # One compact header row; the menu opens on a tap and lists the person's work.
                assert page.locator(".site-header").bounding_box()["height"] < 80
                assert not page.locator("nav.quick").is_visible()
                page.click(".menu > summary")
                menu = page.inner_text(".menu-panel")
                page.screenshot(path=str(SHOTS / f"{persona}-menu-phone.png"))
                expected = {
                    "anonymous": ["Gửi phản ánh", "Lấy ý kiến dự thảo", "Dân vận khéo"],
                    "citizen": ["Đơn của tôi", "Lịch tiếp dân"],
                    "officer_a": ["Hộp đơn", "Bảng điều hành"],
                    "leader_a": ["Duyệt trả lời", "Cảnh báo"],
                }[persona]
                assert all(word in menu for word in expected), (persona, menu)
            else:
                assert page.locator("nav.quick").is_visible()
            page.context.close()


def test_after_filing_the_code_and_secret_are_copied_with_one_tap(live_server, live_world):
    base = live_server.url
    with chromium() as browser:
        citizen = new_phone_page(browser)
        citizen.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
        petition_form_fill(
            citizen,
            base,
            title="Rac thai ton dong o ngo 120 Doi Can",
            body="Rac thai ton dong 4 ngay chua thu gom, boc mui hoi.",
        )
        citizen.click("#petition-form button[type=submit]")

        secret = citizen.inner_text("[data-testid=secret]")
        assert len(secret) == 19 and secret.count("-") == 3
        citizen.click("button[data-copy=tracking-secret]")
        assert citizen.evaluate("navigator.clipboard.readText()") == secret
        said = "document.querySelector('[data-copied-message]').textContent"
        assert citizen.evaluate(said) == "Đã chép vào bộ nhớ tạm."
        assert citizen.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        SHOTS.mkdir(parents=True, exist_ok=True)
        citizen.screenshot(path=str(SHOTS / "anonymous-filed-phone.png"), full_page=True)

        # Typed back in lower case without the dashes, it opens the petition.
        code = citizen.inner_text("[data-testid=tracking-code]")
        citizen.goto(f"{base}/track/")
        citizen.fill("input[name=code]", code)
        citizen.fill("input[name=secret]", secret.lower().replace("-", ""))
        citizen.click("main form button[type=submit]")
        assert citizen.url.endswith(f"/track/{code}/")
