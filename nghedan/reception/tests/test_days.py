"""Reception days: scheduling, booking, walk-ins and receiving, through the actions."""

from datetime import time, timedelta

import pytest

from nghedan.accounts.models import DisciplineRecord
from nghedan.alerts.models import Alert
from nghedan.audit.models import AuditEntry
from nghedan.lib import clock
from nghedan.lib.errors import ActionError, NotPermitted
from nghedan.notifications.models import Notification
from nghedan.petitions.models import Channel, Petition
from nghedan.reception.actions.days import (
    booking_make,
    booking_mark_absent,
    booking_receive,
    booking_walk_in,
    reception_day_cancel,
    reception_day_schedule,
)
from nghedan.reception.models import (
    Booking,
    BookingKind,
    BookingStatus,
    DayStatus,
    ReceptionDay,
    ReceptionEvent,
)
from nghedan.reception.tasks_days import booking_reminders
from nghedan.test import submit

MATTER = "Đường ngõ 120 Đội Cấn ngập nước mỗi khi mưa, đề nghị khơi thông cống thoát nước."


def _day(world, *, on=None, starts=time(8), ends=time(11), slot=20, leader=None):
    return reception_day_schedule(
        acting_user=leader or world.leader_a,
        leader=leader or world.leader_a,
        date=on or clock.today(),
        starts_at=starts,
        ends_at=ends,
        place="Phòng tiếp công dân, UBND phường Ba Đình",
        slot_minutes=slot,
    )


def _counts():
    return (ReceptionDay.objects.count(), Booking.objects.count(), ReceptionEvent.objects.count())


def test_a_leader_schedules_their_own_day_and_one_event_is_written(world):
    day = _day(world, on=clock.today() + timedelta(days=3))

    assert day.agency == world.agency_a
    assert day.status == DayStatus.SCHEDULED
    assert list(ReceptionEvent.objects.values_list("action", flat=True)) == ["day_scheduled"]
    assert AuditEntry.objects.filter(action="reception.day_scheduled").count() == 1


def test_an_admin_schedules_for_a_leader_but_an_officer_may_not(world):
    tomorrow = clock.today() + timedelta(days=1)
    day = reception_day_schedule(
        acting_user=world.admin,
        leader=world.leader_a,
        date=tomorrow,
        starts_at=time(8),
        ends_at=time(10),
        place="Hội trường",
    )
    assert day.leader == world.leader_a
    with pytest.raises(NotPermitted):
        reception_day_schedule(
            acting_user=world.officer_a,
            leader=world.leader_a,
            date=tomorrow + timedelta(days=1),
            starts_at=time(8),
            ends_at=time(10),
            place="Hội trường",
        )


def test_a_leader_under_discipline_is_not_put_on_the_rota_and_nothing_is_written(world):
    on = clock.today() + timedelta(days=2)
    DisciplineRecord.objects.create(
        user=world.leader_a, kind="warning", reason="Vi phạm quy chế", valid_from=on
    )
    before = _counts()

    with pytest.raises(ActionError) as refused:
        _day(world, on=on)

    assert refused.value.code == "under_discipline"
    assert refused.value.field == "leader"
    assert "không được phân công tiếp công dân" in str(refused.value.message)
    assert "Cảnh cáo" in str(refused.value.message)
    assert _counts() == before


@pytest.mark.parametrize(
    ("offset", "starts", "ends", "code"),
    [(-1, time(8), time(10), "past_date"), (1, time(10), time(8), "bad_hours")],
)
def test_a_past_date_or_hours_out_of_order_are_refused(world, offset, starts, ends, code):
    with pytest.raises(ActionError) as refused:
        _day(world, on=clock.today() + timedelta(days=offset), starts=starts, ends=ends)
    assert refused.value.code == code
    assert _counts() == (0, 0, 0)


def test_a_citizen_books_the_next_number_with_their_account_name(world):
    day = _day(world)
    first = booking_make(acting_user=world.citizen, day=day, matter=MATTER)
    second = booking_make(acting_user=world.other_citizen, day=day, matter="Xin cấp sổ đỏ cho nhà")

    assert (first.queue_number, second.queue_number) == (1, 2)
    assert first.name == world.citizen.full_name
    assert first.kind == BookingKind.BOOKED
    assert first.returning_of is None


def test_a_full_day_refuses_a_booking_and_nothing_changes(world):
    day = _day(world, starts=time(8), ends=time(8, 40), slot=20)  # two slots
    booking_make(acting_user=world.citizen, day=day, matter=MATTER)
    booking_make(acting_user=world.other_citizen, day=day, matter="Xin cấp sổ đỏ cho nhà")
    before = _counts()
    late = type(world.citizen).objects.create_user(username="muon", role="citizen")

    with pytest.raises(ActionError) as refused:
        booking_make(acting_user=late, day=day, matter="Hỏi về trợ cấp người cao tuổi")

    assert refused.value.code == "day_full"
    assert _counts() == before


def test_a_group_must_name_representatives_and_is_linked_to_the_open_alert(world):
    day = _day(world)
    with pytest.raises(ActionError) as refused:
        booking_make(acting_user=world.citizen, day=day, matter=MATTER, group_size=8)
    assert refused.value.code == "representatives_required"
    assert "Điều 30" in str(refused.value.message)
    assert Booking.objects.count() == 0

    now = clock.now()
    alert = Alert.objects.create(
        kind="mass",
        key="mass:ba-dinh",
        area=world.ba_dinh,
        province=world.hanoi,
        title="Đông người về ngập nước",
        opened_at=now,
        updated_at=now,
    )
    booking = booking_make(
        acting_user=world.citizen,
        day=day,
        matter=MATTER,
        group_size=8,
        representatives="Nguyễn Văn An, Trần Thị Bình",
    )
    assert booking.alert == alert


def test_the_same_person_on_the_same_matter_is_recognised_by_account_or_phone(world):
    earlier_day = _day(world)
    earlier = booking_make(
        acting_user=world.citizen, day=earlier_day, matter=MATTER, phone="0912 345 678"
    )
    later_day = _day(world, on=clock.today() + timedelta(days=7))

    again = booking_make(acting_user=world.citizen, day=later_day, matter=MATTER + " Lần hai.")
    at_desk = booking_walk_in(
        acting_user=world.officer_a,
        day=later_day,
        name="Nguyễn Văn An",
        phone="+84912345678",
        matter=MATTER,
    )
    other_matter = booking_walk_in(
        acting_user=world.officer_a,
        day=later_day,
        name="Nguyễn Văn An",
        phone="0912345678",
        matter="Tranh chấp ranh giới đất với hộ liền kề tại tổ 5",
    )

    assert again.returning_of == earlier
    assert at_desk.returning_of in (earlier, again)
    assert other_matter.returning_of is None


def test_only_staff_of_the_agency_register_walk_ins(world):
    day = _day(world)
    booking = booking_walk_in(
        acting_user=world.leader_a, day=day, name="Lê Văn Cường", matter=MATTER
    )
    assert booking.kind == BookingKind.WALK_IN
    assert booking.citizen is None
    before = _counts()
    for outsider in (world.officer_b, world.citizen, world.supervisor):
        with pytest.raises(NotPermitted):
            booking_walk_in(acting_user=outsider, day=day, name="Lê Văn Cường", matter=MATTER)
    assert _counts() == before


def test_receiving_creates_a_petition_through_the_reception_channel_and_holds_the_day(world):
    day = _day(world)
    booking = booking_make(acting_user=world.citizen, day=day, matter=MATTER, phone="0912345678")

    booking = booking_receive(
        acting_user=world.leader_a, booking=booking, minutes="Lãnh đạo ghi nhận, giao phòng QLĐT."
    )

    petition = booking.petition
    assert petition.channel == Channel.RECEPTION
    assert petition.area == world.ba_dinh
    assert petition.petitioner_name == world.citizen.full_name
    assert MATTER in petition.body and "giao phòng QLĐT" in petition.body
    assert booking.status == BookingStatus.RECEIVED
    assert booking.received_by == world.leader_a
    day.refresh_from_db()
    assert day.status == DayStatus.HELD
    assert ReceptionEvent.objects.filter(booking=booking, action="received").count() == 1


def test_receiving_links_an_existing_petition_without_filing_another(world):
    existing = submit(world, user=world.citizen).petition
    day = _day(world)
    booking = booking_walk_in(acting_user=world.officer_a, day=day, name="An", matter=MATTER)
    petitions = Petition.objects.count()

    booking = booking_receive(
        acting_user=world.officer_a,
        booking=booking,
        minutes="Đã giải thích tiến độ xử lý đơn.",
        link_petition=existing,
    )

    assert booking.petition == existing
    assert Petition.objects.count() == petitions


def test_refused_receipts_change_nothing(world):
    day = _day(world)
    booking = booking_make(acting_user=world.citizen, day=day, matter=MATTER)
    before = (_counts(), Petition.objects.count())

    with pytest.raises(ActionError) as short:
        booking_receive(acting_user=world.leader_a, booking=booking, minutes="ngắn")
    with pytest.raises(NotPermitted):
        booking_receive(
            acting_user=world.officer_b, booking=booking, minutes="Biên bản đầy đủ nội dung."
        )
    with pytest.raises(NotPermitted):
        booking_mark_absent(acting_user=world.citizen, booking=booking)

    assert short.value.field == "minutes"
    assert (_counts(), Petition.objects.count()) == before
    booking.refresh_from_db()
    assert booking.status == BookingStatus.WAITING


def test_an_absent_citizen_is_marked_and_a_cancelled_day_takes_no_more(world):
    day = _day(world)
    booking = booking_make(acting_user=world.citizen, day=day, matter=MATTER)
    assert booking_mark_absent(acting_user=world.officer_a, booking=booking).status == "absent"

    later = _day(world, on=clock.today() + timedelta(days=1))
    waiting = booking_make(acting_user=world.citizen, day=later, matter=MATTER)
    reception_day_cancel(acting_user=world.leader_a, day=later, reason="Lãnh đạo đi công tác")
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.CANCELLED
    with pytest.raises(ActionError) as refused:
        booking_make(acting_user=world.other_citizen, day=later, matter=MATTER)
    assert refused.value.code == "day_closed"


def test_citizens_booked_for_tomorrow_are_reminded_once(world):
    tomorrow = _day(world, on=clock.today() + timedelta(days=1))
    booking_make(acting_user=world.citizen, day=tomorrow, matter=MATTER)
    booking_walk_in(
        acting_user=world.officer_a, day=tomorrow, name="Không tài khoản", matter=MATTER
    )

    booking_reminders()
    booking_reminders()

    notes = Notification.objects.filter(kind="booking_reminder")
    assert [note.recipient for note in notes] == [world.citizen]
