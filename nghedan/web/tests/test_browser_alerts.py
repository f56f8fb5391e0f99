"""Early warning in a real browser: people on one issue become an alert on the map; the
leader opens it from the map, sees the evidence, takes it and records what was done."""

import os

import pytest
from django.contrib.auth import get_user_model

from nghedan.alerts.actions import alerts_scan
from nghedan.alerts.models import Alert
from nghedan.language.actions import petition_analyse
from nghedan.test import PASSWORD, submit
from nghedan.web.tests.browser import chromium, log_in, new_phone_page

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

LAND = (
    "Chúng tôi là các hộ dân tổ 5 phường Ba Đình, phản đối mức bồi thường khi thu hồi đất "
    "làm đường, giá đền bù quá thấp so với giá thị trường, đề nghị xem xét lại."
)


def test_a_leader_finds_a_mass_alert_on_the_map_and_handles_it(live_server, live_world):
    base = live_server.url
    # Given five households filing on the same land compensation in Ba Đình, and a scan
    for i in range(5):
        person = get_user_model().objects.create_user(username=f"ho{i}", role="citizen")
        petition = submit(live_world, user=person, topic="dat-dai", title="Bồi thường", body=LAND)
        petition_analyse(petition_id=petition.petition.pk)
    (alert,) = alerts_scan().opened
    with chromium() as browser:
        leader = new_phone_page(browser)
        log_in(leader, base, live_world.leader_a.username, PASSWORD)

        # When the leader opens the alerts page, Hà Nội's tile counts one open alert
        leader.goto(f"{base}/alerts/")
        tile = leader.locator("[data-testid=province-map] [data-code='01']")
        assert tile.locator(".tile-value").inner_text() == "1"
        tile.click()
        leader.click(f"text=#{alert.pk}")

        # Then the alert shows its numbers and the five petitions behind it
        assert "5" in leader.inner_text("[data-testid=alert-numbers]")
        assert leader.locator("[data-testid=alert-evidence] li").count() == 5

        # When the leader takes it, then records what was done
        leader.click("form[action$='/acknowledge/'] button")
        assert leader.inner_text("[data-testid=alert-status]") == "Đã tiếp nhận"
        leader.fill("textarea[name=text]", "Đã tổ chức đối thoại với các hộ dân ngày 20/11.")
        leader.click("form[action$='/handle/'] button:has-text('Đã xử lý')")

        # Then the alert is handled, with the note in its history
        assert leader.inner_text("[data-testid=alert-status]") == "Đã xử lý"
        assert "Đã tổ chức đối thoại" in leader.inner_text("main")
    assert Alert.objects.get().status == "handled"
