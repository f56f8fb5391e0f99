"""A consultation in a real browser: read the draft → comment on a section → vote on a
statement → see the opinion groups → the agency answers the comment → the report."""

import os
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model

from nghedan.consultations.actions.drafts import (
    consultation_create,
    consultation_publish,
    draft_import,
)
from nghedan.consultations.actions.participation import opinion_recompute, statement_add
from nghedan.consultations.models import Comment, Statement, StatementVote
from nghedan.lib import clock
from nghedan.test import PASSWORD
from nghedan.web.tests.browser import chromium, log_in, new_phone_page

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DRAFT = (
    "# Chương I. Quy định chung\n\n"
    "## Điều 1. Mức đóng góp\n\nMỗi hộ đóng góp 200.000 đồng để xây nhà văn hoá.\n\n"
    "## Điều 2. Miễn, giảm\n\nHộ nghèo được miễn đóng góp.\n"
)


def _consultation(world):
    now = clock.now()
    consultation = consultation_create(
        acting_user=world.officer_a,
        title="Dự thảo mức đóng góp xây nhà văn hoá tổ dân phố",
        kind="budget",
        areas=[world.ba_dinh],
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=20),
    )
    draft_import(
        acting_user=world.officer_a,
        consultation=consultation,
        name="du-thao.md",
        content=DRAFT.encode(),
    )
    consultation = consultation_publish(acting_user=world.leader_a, consultation=consultation)
    statements = [
        statement_add(acting_user=world.leader_a, consultation=consultation, text=text)
        for text in (
            "Mức 200.000 đồng mỗi hộ là hợp lý.",
            "Hộ cận nghèo cũng nên được giảm.",
            "Nên kêu gọi doanh nghiệp tài trợ thêm.",
            "Nhà văn hoá cần có sân chơi cho trẻ em.",
        )
    ]
    return consultation, statements


def _planted_votes(statements):
    """Forty neighbours in two camps on the first two statements, all agreeing on the
    last one (made directly: the browser casts one vote, the camps are the background)."""
    users = get_user_model().objects
    for i in range(40):
        voter = users.create_user(username=f"cutri{i}", role="citizen")
        camp = 1 if i % 2 else -1
        for statement, value in zip(statements, (camp, -camp, camp, 1), strict=True):
            StatementVote.objects.create(statement=statement, participant=voter, value=value)


def test_comment_vote_groups_reply_and_report(live_server, live_world):
    base = live_server.url
    consultation, statements = _consultation(live_world)
    type(live_world.citizen).objects.filter(pk=live_world.citizen.pk).update(
        email_verified_at=clock.now(), email="trang@example.vn"
    )
    with chromium() as browser:
        # Given a citizen reading the published draft
        citizen = new_phone_page(browser)
        log_in(citizen, base, live_world.citizen.username, PASSWORD)
        citizen.goto(f"{base}/consultations/{consultation.pk}/")
        assert citizen.locator("[data-testid=section]").count() >= 2

        # When they comment on article 2 and agree with a statement
        article = consultation.sections.get(heading__startswith="Điều 2")
        form = citizen.locator(f"form:has(input[name=section][value='{article.pk}'])").first
        form.locator("textarea[name=text]").fill(
            "Đề nghị giảm cho cả hộ cận nghèo, gọi 0912345678."
        )
        form.locator("button[type=submit]").click()
        vote = f"form[action$='/statements/{statements[1].pk}/vote/']"
        citizen.evaluate("window.sameDocument = true")  # gone if the page reloads
        citizen.locator(f"{vote} button[value=agree]").click()

        # Then the vote is counted in place, without reloading the page, and said aloud
        citizen.wait_for_selector(f"{vote} button[value=agree][aria-pressed=true]")
        assert citizen.evaluate("window.sameDocument") is True
        assert "1 đồng ý" in citizen.inner_text(f"#statement-{statements[1].pk}")
        said = "document.querySelector('[data-inline-status]').textContent"
        assert citizen.evaluate(said) == "Đã ghi nhận phiếu của bạn."

        # And the comment is public without the phone number
        comment = Comment.objects.get(author=live_world.citizen)
        assert "0912345678" not in comment.public_text
        assert StatementVote.objects.get(participant=live_world.citizen).value == 1

        # When the neighbours' votes are in and the groups are recomputed
        _planted_votes(statements)
        opinion_recompute(consultation=consultation)
        citizen.goto(f"{base}/consultations/{consultation.pk}/groups/")

        # Then the page shows two opinion groups and what they all agree on
        assert citizen.locator("[data-testid^=group-]").count() == 2
        assert "sân chơi" in citizen.inner_text("[data-testid=consensus]")

        # When the officer answers the comment and the leader closes and reports
        officer = new_phone_page(browser)
        log_in(officer, base, live_world.officer_a.username, PASSWORD)
        officer.goto(f"{base}/consultations/{consultation.pk}/")
        dispose = officer.locator(f"[data-testid=dispose-form-{comment.pk}]")
        dispose.locator("select[name=disposition]").select_option("partly")
        dispose.locator("textarea[name=reason]").fill("Giảm 50% cho hộ cận nghèo.")
        dispose.locator("button[type=submit]").click()
        leader = new_phone_page(browser)
        log_in(leader, base, live_world.leader_a.username, PASSWORD)
        leader.goto(f"{base}/consultations/{consultation.pk}/")
        leader.click("[data-testid=close-form] button[type=submit]")
        leader.goto(f"{base}/consultations/{consultation.pk}/report/")
        leader.click("[data-testid=publish-report-form] button[type=submit]")

        # Then the citizen reads the answer in the public report and can download it
        citizen.goto(f"{base}/consultations/{consultation.pk}/report/")
        report = citizen.inner_text("main")
        assert "Giảm 50% cho hộ cận nghèo." in report
        pdf = citizen.request.get(f"{base}/consultations/{consultation.pk}/report/?format=pdf")
        xlsx = citizen.request.get(f"{base}/consultations/{consultation.pk}/report/?format=xlsx")
        assert pdf.ok and pdf.body().startswith(b"%PDF")
        assert xlsx.ok and xlsx.body().startswith(b"PK")
    assert Statement.objects.count() == 4
