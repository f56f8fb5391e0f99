"""Reception-day pages through Django's test client: happy paths and refusals."""

from datetime import time, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from nghedan.accounts.models import DisciplineRecord
from nghedan.lib import clock
from nghedan.petitions.models import Channel, Petition
from nghedan.reception.actions.days import booking_make, reception_day_schedule
from nghedan.reception.models import Booking, BookingStatus, ReceptionDay, ReceptionEvent
from nghedan.test import PASSWORD, sign_in

PLACE = "Phòng tiếp công dân số 1, UBND phường Ba Đình"
MATTER = "Ngõ 120 Đội Cấn ngập nước mỗi khi mưa, đề nghị khơi thông cống."
PHONE = "0987654321"


def reception_day_scene(world) -> dict:
    """A day of leader_a today in Ba Đình (agency A), with a waiting booking by the
    citizen. The marker is the booking's matter: personal, shown to staff of agency A and
    to the citizen who booked; the public sees the place and counts only."""
    day = reception_day_schedule(
        acting_user=world.leader_a,
        leader=world.leader_a,
        date=clock.today(),
        starts_at=time(7, 30),
        ends_at=time(11, 30),
        place=PLACE,
    )
    booking = booking_make(acting_user=world.citizen, day=day, matter=MATTER, phone=PHONE)
    return {"day": day, "booking": booking, "marker": MATTER}


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        sign_in(client, user)
    return client


def _state():
    return (
        ReceptionDay.objects.count(),
        list(Booking.objects.values_list("pk", "status")),
        ReceptionEvent.objects.count(),
        Petition.objects.count(),
    )


def test_the_public_calendar_shows_the_day_with_counts_but_no_personal_data(world):
    reception_day_scene(world)
    response = _client().get(reverse("reception_calendar"))
    page = response.content.decode()
    assert response.status_code == 200
    assert PLACE in page and "11/12" in page
    assert MATTER not in page and PHONE not in page
    elsewhere = _client().get(reverse("reception_calendar"), {"province": "48"})
    assert PLACE not in elsewhere.content.decode()


def test_the_calendar_pins_its_query_count(world, django_assert_max_num_queries):
    reception_day_scene(world)
    with django_assert_max_num_queries(4):
        _client().get(reverse("reception_calendar"))


def test_the_day_shows_the_queue_to_staff_of_the_agency_only(world):
    reception_day_scene(world)
    day_url = reverse("reception_day", args=[ReceptionDay.objects.get().pk])
    for staff in (world.officer_a, world.leader_a):
        page = _client(staff).get(day_url).content.decode()
        assert MATTER in page and PHONE in page
        assert 'data-testid="queue-row"' in page and 'data-testid="minutes-form"' in page
    for outsider in (None, world.other_citizen, world.officer_b, world.supervisor, world.admin):
        response = _client(outsider).get(day_url)
        assert response.status_code == 200
        page = response.content.decode()
        assert PLACE in page and MATTER not in page and PHONE not in page
    mine = _client(world.citizen).get(day_url).content.decode()
    assert MATTER in mine and PHONE not in mine


def test_a_citizen_books_a_turn_and_bad_input_keeps_what_was_typed(world):
    day = reception_day_scene(world)["day"]
    client = _client(world.other_citizen)
    url = reverse("reception_book", args=[day.pk])

    refused = client.post(url, {"matter": "Đoàn về đất đai ở tổ 5", "group_size": 7})
    assert refused.status_code == 200
    assert "Điều 30" in refused.content.decode()
    assert "Đoàn về đất đai ở tổ 5" in refused.content.decode()
    assert Booking.objects.count() == 1

    done = client.post(url, {"matter": "Hỏi về trợ cấp người cao tuổi", "group_size": 1})
    assert done.status_code == 302
    assert Booking.objects.get(citizen=world.other_citizen).queue_number == 2

    # The page then shows the turn taken, no second booking form.
    page = client.get(reverse("reception_day", args=[day.pk])).content.decode()
    assert 'data-testid="my-bookings"' in page and "Hỏi về trợ cấp người cao tuổi" in page
    assert 'data-testid="booking-form"' not in page


@pytest.mark.parametrize("who", ["anonymous", "officer_a", "officer_b"])
def test_only_signed_in_citizens_book(world, who):
    day = reception_day_scene(world)["day"]
    before = _state()
    user = None if who == "anonymous" else getattr(world, who)
    response = _client(user).post(
        reverse("reception_book", args=[day.pk]), {"matter": MATTER, "group_size": 1}
    )
    assert response.status_code == (302 if who == "anonymous" else 403)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    assert _state() == before


def test_staff_register_a_walk_in_and_the_wrong_agency_is_refused(world):
    day = reception_day_scene(world)["day"]
    url = reverse("reception_walk_in", args=[day.pk])
    data = {"name": "Lê Văn Cường", "matter": MATTER, "group_size": 1}
    before = _state()
    assert _client(world.officer_b).post(url, data).status_code == 403
    assert _client(world.citizen).post(url, data).status_code == 403
    assert _state() == before

    bad = _client(world.officer_a).post(url, {**data, "name": ""})
    assert bad.status_code == 200 and "Lê Văn Cường" not in bad.content.decode()
    assert _state() == before

    assert _client(world.officer_a).post(url, data).status_code == 302
    assert Booking.objects.filter(kind="walk_in").count() == 1


def test_the_leader_records_minutes_and_a_petition_is_filed(world):
    booking = reception_day_scene(world)["booking"]
    url = reverse("reception_receive", args=[booking.pk])
    client = _client(world.leader_a)

    short = client.post(url, {"outcome": "create", "minutes": "ngắn", "kind": "feedback"})
    assert short.status_code == 200
    assert "Biên bản tiếp cần ít nhất 10 ký tự." in short.content.decode()

    done = client.post(
        url, {"outcome": "create", "minutes": "Đã nghe, giao phòng kinh tế.", "kind": "feedback"}
    )
    assert done.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.RECEIVED
    assert booking.petition.channel == Channel.RECEPTION


def test_linking_an_unknown_code_is_refused_on_the_form(world):
    booking = reception_day_scene(world)["booking"]
    before = _state()
    response = _client(world.officer_a).post(
        reverse("reception_receive", args=[booking.pk]),
        {"outcome": "link", "minutes": "Đã giải thích tiến độ.", "petition_code": "KHONGCO"},
    )
    assert response.status_code == 200
    assert "Không tìm thấy đơn có mã này." in response.content.decode()
    assert "Đã giải thích tiến độ." in response.content.decode()
    assert _state() == before


@pytest.mark.parametrize("who", ["citizen", "officer_b", "supervisor"])
def test_outsiders_may_not_record_minutes(world, who):
    booking = reception_day_scene(world)["booking"]
    before = _state()
    response = _client(getattr(world, who)).post(
        reverse("reception_receive", args=[booking.pk]),
        {"outcome": "create", "minutes": "Biên bản đầy đủ nội dung.", "kind": "feedback"},
    )
    assert response.status_code == 403
    assert _state() == before


def test_a_leader_schedules_a_day_and_discipline_is_shown_on_the_form(world):
    url = reverse("reception_day_new")
    client = _client(world.leader_a)
    on = clock.today() + timedelta(days=5)
    data = {
        "leader": world.leader_a.pk,
        "date": on.isoformat(),
        "starts_at": "08:00",
        "ends_at": "11:00",
        "place": PLACE,
        "slot_minutes": 20,
    }
    assert client.get(url).status_code == 200

    DisciplineRecord.objects.create(
        user=world.leader_a, kind="warning", reason="Vi phạm", valid_from=on
    )
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "không được phân công tiếp công dân" in refused.content.decode()
    assert PLACE in refused.content.decode()
    assert ReceptionDay.objects.count() == 0

    DisciplineRecord.objects.all().delete()
    done = client.post(url, data)
    assert done.status_code == 302
    assert ReceptionDay.objects.get().leader == world.leader_a


@pytest.mark.parametrize("who", ["citizen", "officer_a", "officer_b", "supervisor"])
def test_only_leaders_and_admins_open_the_scheduling_form(world, who):
    assert _client(getattr(world, who)).get(reverse("reception_day_new")).status_code == 403
    response = _client().get(reverse("reception_day_new"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_leader_may_not_schedule_for_a_leader_of_another_agency(world):
    other = type(world.leader_a).objects.create_user(
        username="lanhdao_b", password=PASSWORD, role="leader", agency=world.agency_b
    )
    response = _client(world.leader_a).post(
        reverse("reception_day_new"),
        {
            "leader": other.pk,
            "date": (clock.today() + timedelta(days=1)).isoformat(),
            "starts_at": "08:00",
            "ends_at": "11:00",
            "place": PLACE,
            "slot_minutes": 20,
        },
    )
    assert response.status_code == 200  # not a choice on the form
    assert ReceptionDay.objects.count() == 0
