"""The maps in a real browser on a phone (390×844), under the site's Content-Security-
Policy: a visitor files a petition by tapping the place on the map, and the public answers
show where they are. The tile server is out of reach here, as it may be for a citizen on a
poor connection: a tap on the map still sets the place."""

import os
from decimal import Decimal

import pytest

from nghedan.petitions.models import Petition
from nghedan.web.tests.browser import chromium, new_phone_page, petition_form_fill
from nghedan.web.tests.scenes import published

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def test_a_visitor_on_a_phone_files_a_petition_by_tapping_the_map(live_server, live_world):
    base = live_server.url
    with chromium() as browser:
        # Given a visitor on a phone who fills in the petition form
        citizen = new_phone_page(browser)
        petition_form_fill(
            citizen,
            base,
            title="Cay do chan ngang duong Kim Ma",
            body="Cay xanh bi do sau con mua, chan ngang mot nua duong. De nghi phuong don ngay.",
        )
        citizen.fill("input[name=petitioner_name]", "Nguyễn Văn An")

        # When they tap the middle of the map (showing all of Việt Nam)
        place_map = citizen.locator("#place-map")
        place_map.scroll_into_view_if_needed()
        box = place_map.bounding_box()
        assert box is not None and box["width"] <= 390
        place_map.click(position={"x": box["width"] / 2, "y": box["height"] / 2})

        # Then a marker stands there and the coordinates are written into the form
        assert citizen.locator("#place-map .leaflet-marker-icon").count() == 1
        latitude = citizen.input_value("input[name=latitude]")
        longitude = citizen.input_value("input[name=longitude]")
        assert abs(float(latitude) - 16.0) < 1 and abs(float(longitude) - 106.5) < 1
        assert len(latitude.split(".")[1]) == 6
        # And the page does not scroll sideways
        assert citizen.evaluate(NO_SIDEWAYS_SCROLL)

        # When they send the form, then the petition is filed at that point
        citizen.click("#petition-form button[type=submit]")
        code = citizen.inner_text("[data-testid=tracking-code]")
        petition = Petition.objects.get(code=code)
        assert (petition.latitude, petition.longitude) == (Decimal(latitude), Decimal(longitude))


def test_the_public_answers_show_on_a_map_on_a_phone(live_server, live_world):
    base = live_server.url
    published(
        live_world,
        title="Đèn đường hỏng ở phố Kim Mã",
        latitude=Decimal("21.031800"),
        longitude=Decimal("105.818000"),
    )
    published(live_world, title="Rác ở ngõ không rõ vị trí")
    with chromium() as browser:
        visitor = new_phone_page(browser)
        visitor.goto(f"{base}/public/")

        answers_map = visitor.locator("#answers-map")
        assert answers_map.is_visible()
        markers = visitor.locator("#answers-map .leaflet-marker-icon")
        assert markers.count() == 1
        assert markers.get_attribute("title") == "Đèn đường hỏng ở phố Kim Mã"
        assert visitor.evaluate(NO_SIDEWAYS_SCROLL)
