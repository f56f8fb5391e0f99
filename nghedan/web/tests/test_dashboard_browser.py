"""The internal dashboard, the roster and the good-practice register in a real browser,
on a phone: a leader reads the charts and the worst-rated answer, opens the roster,
registers a practice, and the leader of another agency marks it replicated."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from nghedan.accounts.models import DisciplineRecord
from nghedan.lib import clock
from nghedan.petitions import actions
from nghedan.petitions.models import Petition
from nghedan.scorecards.cells import cells_rebuild
from nghedan.scorecards.models import Practice, PracticeAdoption
from nghedan.test import PASSWORD, submit
from nghedan.web.tests.browser import chromium, log_in, new_phone_page
from nghedan.web.tests.scenes import ANSWER

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SHOTS = Path(os.environ.get("NGHEDAN_SHOTS_DIR", "/tmp/shots-b"))
COMMENT = "Rác vẫn còn nguyên ở đầu ngõ, không thấy ai đến thu gom."


def _rated(world, *, stars: int, comment: str = "", topic: str = "moi-truong") -> Petition:
    petition = submit(world, user=world.citizen, topic=topic).petition
    petition = actions.petition_accept(acting_user=world.officer_a, petition=petition)
    actions.answer_submit(acting_user=world.leader_a, petition=petition, body=ANSWER)
    petition.refresh_from_db()
    actions.petition_rate(
        acting_user=world.citizen,
        petition=petition,
        stars=stars,
        reasons=["not_solved"] if stars < 3 else ["solved"],
        comment=comment,
    )
    return petition


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_leader_reads_the_dashboard_registers_a_practice_and_another_replicates_it(
    live_server, live_world
):
    base = live_server.url
    world = live_world
    # Given answers of agency A rated by the citizen, one badly, and the cells refreshed
    bad = _rated(world, stars=1, comment=COMMENT)
    _rated(world, stars=5)
    _rated(world, stars=4, topic="giao-thong-ha-tang")
    # And an officer of agency A under a warning, and a leader of agency B
    users = get_user_model()
    warned = users.objects.create_user(
        username="canbo_a2", role="officer", agency=world.agency_a, full_name="Lê Văn Cảnh"
    )
    today = clock.today()
    DisciplineRecord.objects.create(
        user=warned,
        kind="warning",
        reason="Vi phạm quy định tiếp công dân",
        valid_from=today - timedelta(days=20),
        valid_to=today + timedelta(days=160),
    )
    leader_b = users.objects.create_user(
        username="lanhdao_b",
        password=PASSWORD,
        role="leader",
        agency=world.agency_b,
        full_name="Trần Thị Bình",
    )
    cells_rebuild()

    with chromium() as browser:
        # When leader A opens the dashboard
        leader = new_phone_page(browser)
        log_in(leader, base, world.leader_a.username, PASSWORD)
        leader.goto(f"{base}/dashboard/")

        # Then the charts are drawn and the worst-rated answer is there with its comment
        assert leader.locator("svg.chart").count() == 5
        worst = leader.locator("[data-testid=worst-rated]")
        assert bad.code in worst.inner_text()
        assert COMMENT in worst.inner_text()
        assert leader.evaluate("document.documentElement.scrollWidth") <= 390
        _shot(leader, "dashboard")

        # When she opens the roster
        leader.click("[data-testid=roster-link]")
        leader.wait_for_url("**/roster/**")

        # Then the officer under discipline carries the badge
        badge = leader.locator("[data-username=canbo_a2] [data-testid=discipline]")
        assert "không được phân công tiếp dân" in badge.inner_text()
        assert leader.evaluate("document.documentElement.scrollWidth") <= 390
        _shot(leader, "roster")

        # When she registers a practice led by officer A
        leader.goto(f"{base}/practices/")
        leader.click("[data-testid=practice-new-link]")
        leader.fill("input[name=title]", "Tối thứ Năm nghe dân nói")
        leader.fill(
            "textarea[name=summary]",
            "Mỗi tối thứ Năm, cán bộ phường cùng tổ trưởng dân phố đến từng ngõ nghe "
            "người dân phản ánh về rác và trả lời ngay tại chỗ.",
        )
        leader.select_option("select[name=topic]", str(world.topic().pk))
        leader.fill("input[name=started_on]", (today - timedelta(days=45)).isoformat())
        leader.select_option("select[name=lead]", str(world.officer_a.pk))
        _shot(leader, "practice_new")
        leader.click("[data-testid=practice-form] button[type=submit]")
        practice = Practice.objects.get()
        leader.wait_for_url(f"**/practices/{practice.pk}/")

        # Then its page names the lead and shows the agency's before and after
        assert leader.inner_text("[data-testid=practice-lead]") == world.officer_a.display_name
        assert "Đơn tiếp nhận" in leader.inner_text("[data-testid=effect]")
        assert leader.locator("[data-testid=adopt-form]").count() == 0

        # When the leader of agency B marks it replicated
        other = new_phone_page(browser)
        log_in(other, base, leader_b.username, PASSWORD)
        other.goto(f"{base}/practices/{practice.pk}/")
        other.fill("[data-testid=adopt-form] input[name=started_on]", today.isoformat())
        other.fill(
            "[data-testid=adopt-form] textarea[name=note]", "Áp dụng cho các tổ dân phố ven hồ."
        )
        other.click("[data-testid=adopt-form] button[type=submit]")
        other.wait_for_selector("[data-testid=adopted]")

        # Then agency B is listed among those that replicated it
        assert "Ủy ban nhân dân Phường Hoàn Kiếm" in other.inner_text("[data-testid=adoptions]")
        assert other.evaluate("document.documentElement.scrollWidth") <= 390
        _shot(other, "practice_detail")
        other.goto(f"{base}/practices/")
        assert "1 cơ quan đã nhân rộng" in other.inner_text("[data-testid=practices]")
        _shot(other, "practice_list")
    adoption = PracticeAdoption.objects.get()
    assert (adoption.practice, adoption.agency) == (practice, world.agency_b)
