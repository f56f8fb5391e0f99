"""From a booked turn to a kept promise: the matter raised becomes a petition, and a
commitment made on that petition is owed to the citizen who raised it."""

from datetime import time, timedelta

import pytest

from nghedan.lib import clock
from nghedan.reception.actions.commitments import commitment_make
from nghedan.reception.actions.days import booking_make, booking_receive, reception_day_schedule

pytestmark = pytest.mark.django_db


def test_a_commitment_on_a_reception_petition_is_owed_to_the_citizen_received(world):
    day = reception_day_schedule(
        acting_user=world.leader_a,
        leader=world.leader_a,
        date=clock.today(),
        starts_at=time(8),
        ends_at=time(11),
        place="Phòng tiếp công dân",
    )
    booking = booking_make(
        acting_user=world.citizen, day=day, matter="Cống ngõ 120 Đội Cấn tắc, mưa là ngập."
    )
    booking = booking_receive(
        acting_user=world.leader_a, booking=booking, minutes="Phường sẽ nạo vét trong tuần."
    )

    commitment = commitment_make(
        acting_user=world.leader_a,
        text="Nạo vét cống ngõ 120 Đội Cấn trong 7 ngày",
        due_date=clock.today() + timedelta(days=7),
        petition=booking.petition,
    )

    assert booking.petition.citizen is None  # filed by the desk, not by the citizen
    assert list(commitment.people.all()) == [world.citizen]
