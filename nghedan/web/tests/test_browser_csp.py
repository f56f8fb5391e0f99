"""Under the Content-Security-Policy, in a real browser: the pages of each kind of visitor
load with nothing blocked (`browser.chromium()` fails the test on any blocked script,
style or handler), and the lists that send their form when changed still do, from the
site's own script instead of inline handlers."""

import os

import pytest

from nghedan.test import PASSWORD
from nghedan.web.tests.browser import chromium, log_in, new_phone_page
from nghedan.web.tests.scenes import alerted, consultation

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PUBLIC_PAGES = [
    "/",
    "/petitions/new/",
    "/track/",
    "/public/",
    "/reception/",
    "/dialogues/",
    "/transparency/",
    "/open-data/",
    "/consultations/",
    "/accounts/login/",
]
LEADER_PAGES = [
    "/inbox/",
    "/inbox/approvals/",
    "/alerts/",
    "/dashboard/",
    "/commitments/",
    "/reception/compliance/",
    "/practices/",
    "/notifications/",
]


def test_pages_load_with_nothing_blocked_by_the_policy(live_server, live_world):
    base = live_server.url
    scene = alerted(live_world)
    talk = consultation(live_world).ids["consultation_id"]
    with chromium() as browser:
        visitor = new_phone_page(browser)
        for path in [*PUBLIC_PAGES, f"/consultations/{talk}/"]:
            response = visitor.goto(f"{base}{path}")
            assert response.status == 200, path

        leader = new_phone_page(browser)
        log_in(leader, base, live_world.leader_a.username, PASSWORD)
        pages = [
            *LEADER_PAGES,
            f"/inbox/{scene.petition.code}/",
            f"/alerts/{scene.alert.pk}/",
            f"/consultations/{talk}/groups/",
        ]
        for path in pages:
            response = leader.goto(f"{base}{path}")
            assert response.status == 200, path


def test_a_list_marked_to_send_its_form_sends_it_when_changed(live_server, live_world):
    base = live_server.url
    alerted(live_world)
    with chromium() as browser:
        leader = new_phone_page(browser)
        log_in(leader, base, live_world.leader_a.username, PASSWORD)
        leader.goto(f"{base}/alerts/")

        with leader.expect_navigation():
            leader.select_option("select[name=kind]", "mass")

        assert "kind=mass" in leader.url
        assert leader.locator("select[name=kind]").input_value() == "mass"


def test_changing_the_province_sends_the_form_without_the_old_commune(live_server, live_world):
    base = live_server.url
    with chromium() as browser:
        visitor = new_phone_page(browser)
        visitor.goto(f"{base}/public/?province=01&commune=00004")

        with visitor.expect_navigation():
            visitor.select_option("select[name=province]", "48")

        assert "province=48" in visitor.url
        assert "commune=00004" not in visitor.url
