"""Reception days, dialogues and commitments over the REST API."""

from datetime import time, timedelta

import pytest
from django.contrib.auth import get_user_model

from nghedan.api.tests.support import act_as, error_of
from nghedan.lib import clock
from nghedan.reception.actions.commitments import (
    commitment_add_evidence,
    commitment_make,
    commitment_resolve,
)
from nghedan.reception.actions.days import reception_day_schedule
from nghedan.reception.actions.dialogues import dialogue_schedule
from nghedan.reception.models import Booking, CommitmentResponse, DialogueQuestion
from nghedan.test import submit


@pytest.fixture
def day(world):
    return reception_day_schedule(
        acting_user=world.leader_a,
        leader=world.leader_a,
        date=clock.today() + timedelta(days=2),
        starts_at=time(8),
        ends_at=time(9),
        place="Phòng tiếp công dân, UBND phường Ba Đình",
        slot_minutes=30,
    )


@pytest.fixture
def dialogue(world):
    starts = clock.now() + timedelta(days=5)
    return dialogue_schedule(
        acting_user=world.leader_a,
        host=world.leader_a,
        title="Đối thoại về vỉa hè",
        audience="residents",
        area=world.ba_dinh,
        starts_at=starts,
        place="Hội trường",
        agenda="Kế hoạch chỉnh trang vỉa hè.",
        questions_close_at=starts - timedelta(days=1),
    )


def test_the_calendar_is_public_with_free_turns(world, api, day):
    results = api.get("/api/v1/reception/days/", {"province": "01"}).json()["results"]

    assert [(row["id"], row["free_slots"], row["agency"]) for row in results] == [
        (day.pk, 2, world.agency_a.code)
    ]


def test_a_citizen_books_a_turn_and_a_full_day_is_refused(world, api, day):
    first = act_as(api, world, "citizen").post(
        f"/api/v1/reception/days/{day.pk}/bookings/",
        {"matter": "Hỏi về trợ cấp người cao tuổi cho bố mẹ tôi."},
        format="json",
    )
    second = act_as(api, world, "other_citizen").post(
        f"/api/v1/reception/days/{day.pk}/bookings/",
        {"matter": "Đề nghị sửa đèn đường ngõ 5 phố Đội Cấn."},
        format="json",
    )
    third_citizen = get_user_model().objects.create_user(username="dan3", role="citizen")
    api.force_authenticate(third_citizen)
    third = api.post(
        f"/api/v1/reception/days/{day.pk}/bookings/",
        {"matter": "Xin hỏi lịch thu gom rác của phường."},
        format="json",
    )

    assert (first.status_code, first.json()["queue_number"]) == (201, 1)
    assert (second.status_code, second.json()["queue_number"]) == (201, 2)
    assert error_of(third, 400)["code"] == "day_full"
    assert Booking.objects.count() == 2


def test_booking_needs_an_account(world, api, day):
    response = api.post(
        f"/api/v1/reception/days/{day.pk}/bookings/", {"matter": "Hỏi về trợ cấp."}, format="json"
    )

    error_of(response, 401)
    assert not Booking.objects.exists()


def test_questions_are_asked_and_voted_once_per_person(world, api, dialogue):
    asked = act_as(api, world, "citizen").post(
        f"/api/v1/dialogues/{dialogue.pk}/questions/",
        {"text": "Vỉa hè phố Đội Cấn có được lát lại năm nay không?"},
        format="json",
    )
    question_id = asked.json()["id"]
    voter = act_as(api, world, "other_citizen")
    voter.post(f"/api/v1/dialogue-questions/{question_id}/vote/")
    again = voter.post(f"/api/v1/dialogue-questions/{question_id}/vote/")
    detail = api.get(f"/api/v1/dialogues/{dialogue.pk}/").json()

    assert asked.status_code == 201
    assert again.json()["votes"] == 1
    assert detail["questions"][0]["votes"] == 1
    assert DialogueQuestion.objects.get().votes == 1


def test_the_person_a_kept_commitment_was_made_to_says_whether_it_was_kept(world, api):
    petition = submit(world, user=world.citizen).petition
    commitment = commitment_make(
        acting_user=world.leader_a,
        text="Thu gom rác đầu ngõ 120 Đội Cấn trong tuần",
        due_date=clock.today() + timedelta(days=7),
        petition=petition,
    )
    commitment_add_evidence(acting_user=world.officer_a, commitment=commitment, note="Ảnh")
    commitment_resolve(acting_user=world.leader_a, commitment=commitment, kept=True, note="Xong.")

    mine = act_as(api, world, "citizen").get("/api/v1/commitments/").json()["results"]
    answered = act_as(api, world, "citizen").post(
        f"/api/v1/commitments/{commitment.pk}/respond/", {"agrees": False}, format="json"
    )
    stranger = act_as(api, world, "other_citizen").post(
        f"/api/v1/commitments/{commitment.pk}/respond/", {"agrees": True}, format="json"
    )

    assert [row["status"] for row in mine] == ["kept"]
    assert answered.status_code == 200
    error_of(stranger, 404)
    assert list(CommitmentResponse.objects.values_list("agrees", flat=True)) == [False]
