"""The language pipeline as people meet it in a real browser: the citizen leaves the
topic and commune open and takes the suggestions; the officer sees urgency, the place
and the group, re-labels, and splits a petition out of its group."""

import os

import pytest
from playwright.sync_api import expect

from nghedan.jobs.runner import run_pending
from nghedan.language.models import PetitionAnalysis
from nghedan.petitions.models import Petition
from nghedan.test import PASSWORD, submit
from nghedan.web.tests.browser import chromium, log_in, new_phone_page

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BODY = (
    "Cay xanh bat goc do sap vao nha dan tren pho Doi Can, phuong Ba Dinh, "
    "day dien dut roi xuong duong rat nguy hiem. De nghi xu ly gap."
)


def test_citizen_takes_the_suggestions_and_the_officer_handles_what_the_pipeline_read(
    live_server, live_world
):
    base = live_server.url
    # Given a petition already filed on the same fallen tree by a neighbour
    earlier = submit(live_world, title="Cây đổ phố Đội Cấn", body=BODY, topic="moi-truong").petition
    with chromium() as browser:
        # When a citizen types, without diacritics, and leaves topic and place open
        citizen = new_phone_page(browser)
        citizen.goto(f"{base}/petitions/new/")
        citizen.check("input[name=kind][value=feedback]")
        citizen.fill("input[name=title]", "Cay do, day dien dut")
        citizen.fill("textarea[name=body]", BODY)

        # Then the page offers the place named in the text and says where the petition
        # would go, and the citizen takes the place
        offer = citizen.locator("#suggestions p:has(button)", has_text="Phường Ba Đình")
        offer.wait_for()
        assert "đơn sẽ được chuyển đến" in citizen.inner_text("#suggestions")
        offer.locator("button").click()
        # Waited for through the locator: a polled page function is a string Playwright
        # evaluates in the page, which the site's CSP (no 'unsafe-eval') refuses.
        expect(citizen.locator("select[name=commune]")).to_have_value("00004")
        assert citizen.input_value("select[name=province]") == "01"
        citizen.fill("input[name=petitioner_name]", "Trần Thị Bình")
        citizen.fill("input[name=petitioner_phone]", "0987 654 321")
        citizen.click("#petition-form button[type=submit]")
        code = citizen.inner_text("[data-testid=tracking-code]")
        petition = Petition.objects.get(code=code)
        assert petition.area == live_world.ba_dinh
        assert petition.topic_source in ("model", "triage")

        # When the worker has read both petitions
        run_pending()
        assert PetitionAnalysis.objects.get(petition=petition).is_urgent

        # Then the officer finds it among the urgent ones, with its words, place and group
        officer = new_phone_page(browser)
        log_in(officer, base, live_world.officer_a.username, PASSWORD)
        officer.goto(f"{base}/inbox/?view=urgent")
        officer.click(f"text={code}")
        analysis = officer.locator("#analysis")
        assert "day dien dut" in analysis.inner_text()
        assert "Phường Ba Đình" in analysis.inner_text()
        assert earlier.code in analysis.inner_text()

        # When the officer re-labels it and splits it out of the group
        officer.locator("#analysis summary", has_text="Đổi lĩnh vực").click()
        officer.select_option("#analysis select[name=topic]", label="Điện, nước")
        officer.click("#analysis form[action$='/relabel/'] button")
        officer.click("#analysis form[action$='/ungroup/'] button")

        # Then the petition has the officer's topic and stands alone
        petition.refresh_from_db()
        assert (petition.topic.code, petition.topic_source) == ("dien-nuoc", "officer")
        assert PetitionAnalysis.objects.get(petition=petition).group is None
        assert "Chưa thấy đơn nào cùng vụ việc." in officer.locator("#analysis").inner_text()
