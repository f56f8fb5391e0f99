"""The whole petition lifecycle in a real browser: submit → accept → answer → approve →
rate → reopen, each step by the person whose job it is."""

import io
import os

import pytest
from PIL import Image

from nghedan.petitions.models import Attachment, Petition, Status
from nghedan.test import PASSWORD
from nghedan.web.tests.browser import chromium, log_in, new_phone_page, petition_form_fill

pytestmark = pytest.mark.browser
# Playwright's sync API runs an event loop in this thread; the ORM calls made by the
# test itself (not by the server) are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _photo(tmp_path):
    path = tmp_path / "ngap-duong.jpg"
    image = Image.new("RGB", (64, 48), (120, 160, 200))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_a_petition_goes_from_citizen_to_answer_rating_and_reopening(
    live_server, live_world, tmp_path
):
    base = live_server.url
    with chromium() as browser:
        # Given an anonymous citizen on a phone, when they file a petition about Ba Đình
        citizen = new_phone_page(browser)
        petition_form_fill(
            citizen,
            base,
            title="Rac thai ton dong o ngo 120 Doi Can",
            body="Rac thai ton dong 4 ngay chua thu gom, boc mui hoi. De nghi phuong cho thu gom.",
        )
        citizen.set_input_files("input[name=attachments]", str(_photo(tmp_path)))
        citizen.fill("input[name=petitioner_name]", "Nguyễn Văn An")
        citizen.fill("input[name=petitioner_phone]", "0912 345 678")
        citizen.click("#petition-form button[type=submit]")

        # Then they get a tracking code and a secret at once, and the petition is stored
        code = citizen.inner_text("[data-testid=tracking-code]")
        assert citizen.inner_text("[data-testid=secret]")
        petition = Petition.objects.get(code=code)
        assert petition.agency == live_world.agency_a
        assert petition.status == Status.RECEIVED
        assert Attachment.objects.filter(petition=petition, file_kind="image").count() == 1

        # When the officer of the responsible agency accepts it and drafts an answer
        officer = new_phone_page(browser)
        log_in(officer, base, live_world.officer_a.username, PASSWORD)
        officer.goto(f"{base}/inbox/")
        officer.click(f"text={code}")
        officer.click("form[action$='/accept/'] button")
        assert officer.inner_text("[data-testid=status]") == "Đã thụ lý"
        officer.fill(
            "textarea[name=body]",
            "UBND phường đã chỉ đạo thu gom rác tại ngõ 120 Đội Cấn "
            "trong ngày và bố trí giờ thu gom cố định 18h hằng ngày.",
        )
        officer.click("form[action$='/answer/'] button")
        assert officer.inner_text("[data-testid=status]") == "Đang giải quyết"

        # Then the citizen does not see the draft before the leader approves it
        citizen.goto(f"{base}/track/{code}/")
        assert citizen.locator("[data-testid=answer]").count() == 0

        # When the leader approves the answer
        leader = new_phone_page(browser)
        log_in(leader, base, live_world.leader_a.username, PASSWORD)
        leader.goto(f"{base}/inbox/approvals/")
        leader.click(f"text={code}")
        leader.click("form[action$='/approve/'] button:not([formaction])")
        assert leader.inner_text("[data-testid=status]") == "Đã trả lời"

        # Then the citizen reads it and rates it 4 of 5, which closes the petition
        citizen.goto(f"{base}/track/{code}/")
        assert "18h hằng ngày" in citizen.inner_text("[data-testid=answer]")
        citizen.check("input[name=stars][value='4']")
        citizen.check("input[name=reasons][value=timely]")
        citizen.click("form[action$='/rate/'] button")
        assert citizen.inner_text("[data-testid=status]") == "Đã kết thúc"

        # When the problem comes back and the citizen reopens the petition
        citizen.click("text=Vấn đề chưa được giải quyết? Yêu cầu xem xét lại")
        citizen.fill(
            "form[action$='/reopen/'] textarea[name=reason]", "Rác lại tồn đọng từ hôm qua."
        )
        citizen.click("form[action$='/reopen/'] button")

        # Then it is open again for the agency, with the whole history kept
        assert citizen.inner_text("[data-testid=status]") == "Đã mở lại"
        petition.refresh_from_db()
        assert petition.status == Status.REOPENED
        assert list(petition.events.values_list("action", flat=True)) == [
            "submitted",
            "accepted",
            "answer_submitted",
            "answer_published",
            "rated_closed",
            "reopened",
        ]
        officer.goto(f"{base}/inbox/")
        assert officer.locator(f"text={code}").count() == 1
