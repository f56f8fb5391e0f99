"""The public transparency pages in a real browser, on a phone, without logging in: a
citizen opens the national page, shades the map by satisfaction, taps Hà Nội, reads its
chart and its ranked communes, and opens the page of her ward's people's committee.
Each page is photographed to NGHEDAN_SHOTS_DIR (default /tmp/shots) for a person to look at.
"""

import os
from pathlib import Path

import pytest

from nghedan.web.tests.browser import chromium, new_phone_page
from nghedan.web.tests.test_transparency import rated_three

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SHOTS = Path(os.environ.get("NGHEDAN_SHOTS_DIR", "/tmp/shots"))


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"transparency-{name}.png"), full_page=True)


def _fits_the_phone(page) -> bool:
    """Nothing makes the page wider than the screen (wide tables scroll in their box)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_citizen_reads_the_map_a_province_and_an_agency_on_a_phone(live_server, live_world):
    base = live_server.url
    # Given three answers of agency A rated 5, 4 and 2, one in Đà Nẵng rated 1, and the
    # cells refreshed
    rated_three(live_world)

    with chromium() as browser:
        page = new_phone_page(browser)

        # When she opens the national page
        page.goto(f"{base}/transparency/")
        assert page.locator("h1").inner_text() == "Minh bạch kết quả giải quyết đơn"
        satisfied = page.locator("[data-testid=indicators] [data-code=satisfied] .value")
        assert satisfied.inner_text() == "50%"  # the nation: 2 of 4
        assert page.locator("[data-testid=province-map] .tile").count() == 2
        assert _fits_the_phone(page)
        _shot(page, "home")

        # And shades the map by satisfaction
        page.select_option("#map-indicator", "satisfied")
        page.wait_for_url("**indicator=satisfied**")
        assert "Hài lòng" in page.inner_text("[data-testid=map-legend]")
        hanoi = page.locator("[data-testid=province-map] [data-code='01']")
        assert hanoi.locator(".tile-value").inner_text() == "67%"
        _shot(page, "home-satisfied")

        # And taps Hà Nội
        hanoi.click()
        page.wait_for_url("**/transparency/areas/01/**")
        assert page.locator("h1").inner_text() == "Thành phố Hà Nội"
        assert page.locator("svg.chart").first.is_visible()
        communes = page.locator("[data-testid=commune-table] tbody tr")
        assert communes.count() == 2  # Ba Đình and Hoàn Kiếm have petitions
        assert "Phường Ba Đình" in communes.first.inner_text()
        assert "chưa có dữ liệu" in page.inner_text("[data-testid=commune-table-no-data]")
        assert _fits_the_phone(page)
        _shot(page, "province")

        # Then opens her ward, and its people's committee
        communes.first.locator("a").click()
        page.wait_for_url("**/transparency/areas/00004/**")
        assert page.locator("h1").inner_text() == "Phường Ba Đình"
        assert _fits_the_phone(page)
        _shot(page, "commune")
        page.click("[data-testid=agencies] >> text=Ủy ban nhân dân Phường Ba Đình")
        page.wait_for_url(f"**/transparency/agencies/{live_world.agency_a.code}/**")

        # Then the agency's scorecard shows its ratings, rank and charts
        assert page.locator("h1").inner_text() == "Ủy ban nhân dân Phường Ba Đình"
        assert satisfied.inner_text() == "67%"
        assert page.inner_text("[data-testid=rank]").startswith("Hạng 1 (")
        assert page.locator("[data-testid=trends] svg.chart").count() == 3
        assert _fits_the_phone(page)
        _shot(page, "agency")
