"""Demo reception days, a dialogue and commitments for the demo leader of Ba Đình, made
through the real actions; a second run adds nothing."""

from datetime import time, timedelta

from django.contrib.auth import get_user_model

from nghedan.lib import clock
from nghedan.reception.actions.commitments import commitment_add_evidence, commitment_make
from nghedan.reception.actions.days import (
    booking_make,
    booking_receive,
    reception_day_schedule,
)
from nghedan.reception.actions.dialogues import dialogue_schedule, question_ask, question_vote
from nghedan.reception.models import Dialogue, ReceptionDay

PLACE = "Phòng tiếp công dân, UBND phường Ba Đình, 1 Phan Đình Phùng"


def load_reception() -> int:
    """Reception days this week and next (today's with a received citizen and a
    commitment), and a coming dialogue with questions. Returns how many days were made."""
    users = get_user_model().objects
    leader = users.get(username="lanhdao")
    if ReceptionDay.objects.filter(leader=leader).exists():
        return 0
    citizen = users.get(username="nguoidan")
    today = clock.today()
    days = [
        reception_day_schedule(
            acting_user=leader,
            leader=leader,
            date=today + timedelta(days=offset),
            starts_at=time(7, 30),
            ends_at=time(11, 30),
            place=PLACE,
        )
        for offset in (0, 7, 14)
    ]
    booking = booking_make(
        acting_user=citizen,
        day=days[0],
        matter="Cống thoát nước ngõ 120 Đội Cấn tắc nhiều tháng, mưa là ngập vào nhà dân.",
    )
    booking = booking_receive(
        acting_user=leader,
        booking=booking,
        minutes="Bà Trang trình bày việc cống tắc; lãnh đạo phường hứa nạo vét trong 7 ngày.",
    )
    commitment = commitment_make(
        acting_user=leader,
        text="Nạo vét cống thoát nước ngõ 120 Đội Cấn trong 7 ngày",
        due_date=today + timedelta(days=7),
        booking=booking,
    )
    commitment_add_evidence(
        acting_user=leader, commitment=commitment, note="Đã giao tổ môi trường khảo sát."
    )
    booking_make(
        acting_user=citizen,
        day=days[1],
        matter="Đề nghị lắp thêm đèn chiếu sáng ở ngõ 5 phố Đội Cấn.",
    )
    if not Dialogue.objects.filter(host=leader).exists():
        starts = clock.now() + timedelta(days=10)
        dialogue = dialogue_schedule(
            acting_user=leader,
            host=leader,
            title="Đối thoại với nhân dân phường Ba Đình về chống ngập và chỉnh trang ngõ phố",
            audience="residents",
            area=leader.agency.area,
            starts_at=starts,
            place="Hội trường UBND phường Ba Đình",
            agenda="1. Báo cáo kế hoạch chống ngập mùa mưa 2027.\n"
            "2. Chỉnh trang ngõ phố.\n3. Trả lời câu hỏi của nhân dân.",
            questions_close_at=starts - timedelta(days=1),
        )
        question = question_ask(
            acting_user=citizen,
            dialogue=dialogue,
            text="Khi nào phường cải tạo hệ thống thoát nước khu Đội Cấn?",
        )
        question_vote(acting_user=citizen, question=question)
    return len(days)
