"""Reception, commitments and dialogues in a real browser: a citizen books a turn, the
leader receives them, writes the minutes, the matter becomes a petition, a commitment is
made, evidence added and the commitment kept, and the citizen confirms; a dialogue's
questions are voted up and answered."""

import os
from datetime import time, timedelta

import pytest

from nghedan.lib import clock
from nghedan.petitions.models import Channel, Petition
from nghedan.reception.actions.days import reception_day_schedule
from nghedan.reception.actions.dialogues import dialogue_schedule
from nghedan.reception.models import Booking, Commitment, CommitmentResponse, DialogueQuestion
from nghedan.test import PASSWORD
from nghedan.web.tests.browser import chromium, log_in, new_phone_page

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_book_receive_commit_keep_and_confirm(live_server, live_world, tmp_path):
    base = live_server.url
    day = reception_day_schedule(
        acting_user=live_world.leader_a,
        leader=live_world.leader_a,
        date=clock.today(),
        starts_at=time(7, 30),
        ends_at=time(11, 30),
        place="Phòng tiếp công dân, UBND phường Ba Đình",
    )
    with chromium() as browser:
        # Given a citizen who finds the day on the public calendar and books a turn
        citizen = new_phone_page(browser)
        log_in(citizen, base, live_world.citizen.username, PASSWORD)
        citizen.goto(f"{base}/reception/")
        citizen.click(f"a[href='/reception/days/{day.pk}/']")
        citizen.fill(
            "[data-testid=booking-form] textarea[name=matter]",
            "Cống thoát nước ngõ 120 Đội Cấn tắc, mưa là ngập vào nhà.",
        )
        citizen.click("[data-testid=booking-form] button[type=submit]")
        booking = Booking.objects.get()
        assert booking.queue_number == 1

        # When the leader receives them and writes the minutes
        leader = new_phone_page(browser)
        log_in(leader, base, live_world.leader_a.username, PASSWORD)
        leader.goto(f"{base}/reception/days/{day.pk}/")
        form = leader.locator("[data-testid=minutes-form]").first
        form.locator("textarea[name=minutes]").fill(
            "Công dân trình bày việc cống tắc; phường hứa nạo vét trong tuần."
        )
        form.locator("button[type=submit]").first.click()

        # Then the matter is a petition filed through the reception channel
        booking.refresh_from_db()
        assert booking.status == "received"
        petition = Petition.objects.get(pk=booking.petition_id)
        assert petition.channel == Channel.RECEPTION

        # When the leader commits to a date on that petition, adds evidence and keeps it
        leader.goto(f"{base}/commitments/new/?petition={petition.code}")
        leader.fill("textarea[name=text]", "Nạo vét cống ngõ 120 Đội Cấn trong 7 ngày")
        leader.fill("input[name=due_date]", (clock.today() + timedelta(days=7)).isoformat())
        leader.click("[data-testid=commitment-form] button[type=submit]")
        commitment = Commitment.objects.get()
        photo = tmp_path / "cong.png"
        from PIL import Image

        Image.new("RGB", (40, 30), (90, 120, 90)).save(photo)
        leader.goto(f"{base}/commitments/{commitment.pk}/")
        leader.set_input_files("input[name=file]", str(photo))
        leader.fill("form[action$='/evidence/'] textarea[name=note]", "Ảnh sau khi nạo vét")
        leader.click("form[action$='/evidence/'] button[type=submit]")
        leader.check("form[action$='/resolve/'] input[name=outcome][value=kept]")
        leader.fill("form[action$='/resolve/'] textarea[name=note]", "Đã nạo vét xong ngày 20/11.")
        leader.click("form[action$='/resolve/'] button[type=submit]")
        assert leader.inner_text("[data-testid=commitment-status]") == "Đã thực hiện"

        # Then the citizen sees it kept, with the evidence, and agrees
        citizen.goto(f"{base}/commitments/{commitment.pk}/")
        assert "Ảnh sau khi nạo vét" in citizen.inner_text("[data-testid=commitment-evidence]")
        citizen.check("form[action$='/respond/'] input[name=agrees][value=yes]")
        citizen.click("form[action$='/respond/'] button[type=submit]")
    commitment.refresh_from_db()
    assert commitment.status == "kept"
    assert CommitmentResponse.objects.get().agrees is True


def test_dialogue_questions_are_voted_up_and_answered(live_server, live_world):
    base = live_server.url
    starts = clock.now() + timedelta(days=5)
    dialogue = dialogue_schedule(
        acting_user=live_world.leader_a,
        host=live_world.leader_a,
        title="Đối thoại về chỉnh trang vỉa hè phường Ba Đình",
        audience="residents",
        area=live_world.ba_dinh,
        starts_at=starts,
        place="Hội trường UBND phường",
        agenda="Trao đổi kế hoạch chỉnh trang vỉa hè năm 2027.",
        questions_close_at=starts - timedelta(days=1),
    )
    with chromium() as browser:
        # Given a citizen who asks a question before the session
        citizen = new_phone_page(browser)
        log_in(citizen, base, live_world.citizen.username, PASSWORD)
        citizen.goto(f"{base}/dialogues/{dialogue.pk}/")
        citizen.fill(
            "textarea[name=text]", "Vỉa hè phố Đội Cấn có được lát lại trong năm nay không?"
        )
        citizen.click("form[action$='/ask/'] button[type=submit]")
        question = DialogueQuestion.objects.get()

        # When another citizen supports it
        other = new_phone_page(browser)
        log_in(other, base, live_world.other_citizen.username, PASSWORD)
        other.goto(f"{base}/dialogues/{dialogue.pk}/")
        other.click(f"form[action$='/questions/{question.pk}/vote/'] button[type=submit]")

        # And the host answers it
        leader = new_phone_page(browser)
        log_in(leader, base, live_world.leader_a.username, PASSWORD)
        leader.goto(f"{base}/dialogues/{dialogue.pk}/")
        leader.locator(f"#q-{question.pk} summary").click()
        answer_form = leader.locator(f"#q-{question.pk} [data-testid=answer-form]")
        answer_form.locator("textarea[name=answer]").fill(
            "Phường sẽ lát lại trong quý II năm 2027."
        )
        answer_form.locator("button[type=submit]").first.click()

        # Then everyone sees the question with its votes and its answer
        citizen.goto(f"{base}/dialogues/{dialogue.pk}/")
        item = citizen.locator(f"#q-{question.pk}")
        assert "quý II năm 2027" in item.locator("[data-testid=question-answer]").inner_text()
        assert item.locator("[data-testid=vote-count]").inner_text() == "1"
    question.refresh_from_db()
    assert question.votes == 1
    assert question.answered
