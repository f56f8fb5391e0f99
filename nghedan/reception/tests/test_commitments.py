"""Commitments: made by a leader, proven with evidence, resolved, answered by the people
they were made to, reminded, escalated and counted."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from nghedan.jobs.runner import run_pending
from nghedan.lib import clock
from nghedan.lib.errors import ActionError
from nghedan.notifications.models import Notification
from nghedan.reception.actions.commitments import (
    commitment_add_evidence,
    commitment_make,
    commitment_resolve,
    commitment_respond,
)
from nghedan.reception.indicators import commitment_indicators
from nghedan.reception.models import (
    Commitment,
    CommitmentResponse,
    CommitmentStatus,
    ReceptionEvent,
)
from nghedan.reception.tasks_commitments import (
    commitment_overdue_escalate,
    commitment_reminders_send,
)
from nghedan.test import submit

pytestmark = pytest.mark.django_db
TEXT = "Thu gom rác đầu ngõ 120 Đội Cấn trong tuần"


def photo(name="anh.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "green").save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def made(world, *, days=7, **extra):
    petition = submit(world, user=world.citizen).petition
    return commitment_make(
        acting_user=world.leader_a,
        text=TEXT,
        due_date=clock.today() + timedelta(days=days),
        petition=petition,
        **extra,
    )


def test_a_leader_makes_a_commitment_on_a_petition_to_its_citizen(world):
    commitment = made(world)

    assert commitment.owner == world.leader_a
    assert commitment.agency == world.agency_a
    assert commitment.status == CommitmentStatus.OPEN
    assert list(commitment.people.all()) == [world.citizen]
    assert list(ReceptionEvent.objects.values_list("action", flat=True)) == ["commitment_made"]


@pytest.mark.parametrize(
    ("who", "text", "days", "code"),
    [
        ("officer_a", TEXT, 3, "not_permitted"),
        ("leader_a", "ngắn", 3, "commitment_text_short"),
        ("leader_a", TEXT, -1, "commitment_due_past"),
    ],
)
def test_making_is_refused_for_non_leaders_short_text_and_past_dates(world, who, text, days, code):
    petition = submit(world, user=world.citizen).petition
    with pytest.raises(ActionError) as refused:
        commitment_make(
            acting_user=getattr(world, who),
            text=text,
            due_date=clock.today() + timedelta(days=days),
            petition=petition,
        )

    assert refused.value.code == code
    assert Commitment.objects.count() == 0
    assert ReceptionEvent.objects.count() == 0


def test_a_leader_may_not_promise_on_another_agency_s_petition(world):
    petition = submit(world, user=world.citizen, area=world.hoan_kiem).petition
    assert petition.agency_id != world.agency_a.pk

    with pytest.raises(ActionError):
        commitment_make(
            acting_user=world.leader_a,
            text=TEXT,
            due_date=clock.today(),
            petition=petition,
        )

    assert Commitment.objects.count() == 0


def test_a_photo_as_evidence_is_re_encoded_and_kept(world):
    commitment = made(world)

    evidence = commitment_add_evidence(
        acting_user=world.officer_a, commitment=commitment, note="Đã thu gom", file=photo()
    )

    assert evidence.content_type == "image/jpeg"
    assert evidence.original_name == "anh.jpg"
    assert evidence.file.name.endswith(".jpg")
    assert ReceptionEvent.objects.filter(action="commitment_evidence").count() == 1


def test_evidence_that_is_not_an_image_or_pdf_is_refused(world):
    commitment = made(world)
    bad = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")

    with pytest.raises(ActionError):
        commitment_add_evidence(acting_user=world.leader_a, commitment=commitment, file=bad)
    with pytest.raises(ActionError):
        commitment_add_evidence(acting_user=world.officer_b, commitment=commitment, note="Xong")

    assert commitment.evidence.count() == 0


def test_kept_needs_evidence_and_the_people_are_told(world):
    commitment = made(world)

    with pytest.raises(ActionError) as refused:
        commitment_resolve(
            acting_user=world.leader_a, commitment=commitment, kept=True, note="Đã làm xong"
        )
    assert refused.value.code == "evidence_required"
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.OPEN

    commitment_add_evidence(acting_user=world.leader_a, commitment=commitment, note="Ảnh chụp")
    commitment_resolve(
        acting_user=world.leader_a, commitment=commitment, kept=True, note="Đã làm xong"
    )
    run_pending()
    run_pending()

    told = Notification.objects.filter(kind="commitment_resolved")
    assert [n.recipient for n in told] == [world.citizen]
    assert "đã được thực hiện" in told[0].title
    assert f"/commitments/{commitment.pk}/" in told[0].body


def test_a_broken_commitment_needs_no_evidence(world):
    commitment = made(world)

    commitment_resolve(
        acting_user=world.leader_a, commitment=commitment, kept=False, note="Thiếu kinh phí"
    )
    run_pending()

    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.BROKEN
    assert "không thực hiện được" in Notification.objects.get(kind="commitment_resolved").title


def test_only_a_person_it_was_made_to_responds_and_once(world):
    commitment = made(world)
    commitment_add_evidence(acting_user=world.leader_a, commitment=commitment, note="Ảnh")

    with pytest.raises(ActionError):  # not kept yet
        commitment_respond(acting_user=world.citizen, commitment=commitment, agrees=True)
    commitment_resolve(
        acting_user=world.leader_a, commitment=commitment, kept=True, note="Xong rồi"
    )
    with pytest.raises(ActionError):
        commitment_respond(acting_user=world.other_citizen, commitment=commitment, agrees=True)
    commitment_respond(acting_user=world.citizen, commitment=commitment, agrees=True)
    commitment_respond(
        acting_user=world.citizen, commitment=commitment, agrees=False, comment="Vẫn còn rác"
    )

    response = CommitmentResponse.objects.get()
    assert (response.person, response.agrees, response.comment) == (
        world.citizen,
        False,
        "Vẫn còn rác",
    )


def test_the_owner_is_reminded_three_days_and_one_day_before_once(world):
    three = made(world, days=3)
    made(world, days=2)

    assert commitment_reminders_send() == 1
    assert commitment_reminders_send() == 0
    assert commitment_reminders_send(today=clock.today() + timedelta(days=2)) == 1

    reminded = Notification.objects.filter(kind="commitment_due")
    assert [n.recipient for n in reminded] == [world.leader_a, world.leader_a]
    assert f"#{three.pk}" in reminded[0].title


def test_an_overdue_commitment_escalates_once(world):
    commitment = made(world, days=1)
    kept_one = made(world, days=1)
    commitment_resolve(acting_user=world.leader_a, commitment=kept_one, kept=False, note="Không")
    later = clock.today() + timedelta(days=3)

    assert commitment_overdue_escalate(today=clock.today()) == 0
    assert commitment_overdue_escalate(today=later) == 1
    assert commitment_overdue_escalate(today=later) == 0

    commitment.refresh_from_db()
    assert commitment.escalated_at is not None
    assert ReceptionEvent.objects.filter(action="escalated", commitment=commitment).count() == 1
    told = {n.recipient for n in Notification.objects.filter(kind="commitment_overdue")}
    assert world.leader_a in told
    assert world.supervisor in told
    assert world.supervisor_elsewhere not in told
    assert world.officer_a not in told


def _hand_built(world, *, due_offset, status, resolved_offset=None, votes=()):
    today = clock.today()
    commitment = Commitment.objects.create(
        owner=world.leader_a,
        agency=world.agency_a,
        text=TEXT,
        due_date=today + timedelta(days=due_offset),
        status=status,
        resolved_at=(
            clock.now() + timedelta(days=resolved_offset)
            if resolved_offset is not None
            else None
        ),
    )
    people = [world.citizen, world.other_citizen, world.admin]
    for person, agrees in zip(people, votes, strict=False):
        CommitmentResponse.objects.create(commitment=commitment, person=person, agrees=agrees)
    return commitment


def test_indicators_count_hand_built_commitments(world):
    _hand_built(world, due_offset=5, status="open")
    _hand_built(world, due_offset=-2, status="open")  # overdue
    _hand_built(world, due_offset=0, status="kept", resolved_offset=-1, votes=(True, True, False))
    _hand_built(world, due_offset=-5, status="kept", resolved_offset=0, votes=(True, False))
    _hand_built(world, due_offset=-3, status="broken", resolved_offset=0)
    Commitment.objects.create(
        owner=world.leader_a,
        agency=world.agency_b,
        text=TEXT,
        due_date=clock.today(),
    )

    assert commitment_indicators(agency=world.agency_a) == {
        "made": 5,
        "kept": 2,
        "broken": 1,
        "open": 2,
        "overdue": 1,
        "kept_on_time": 1,
        "agreed": 1,
    }
    today = clock.today()
    assert commitment_indicators(agency=world.agency_a, since=today, until=today) == {
        "made": 1,
        "kept": 1,
        "broken": 0,
        "open": 0,
        "overdue": 0,
        "kept_on_time": 1,
        "agreed": 1,
    }
    assert commitment_indicators(owner=world.leader_a)["made"] == 6
