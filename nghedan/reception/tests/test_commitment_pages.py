"""The commitment pages: who sees what, and the forms that change a commitment."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from nghedan.lib import clock
from nghedan.reception.actions.commitments import commitment_add_evidence, commitment_make
from nghedan.reception.models import Commitment, CommitmentStatus, ReceptionEvent
from nghedan.test import sign_in, submit

pytestmark = pytest.mark.django_db
TEXT = "Thu gom rác đầu ngõ 120 Đội Cấn trong tuần"


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        sign_in(client, user)
    return client


def commitment_scene(world) -> dict:
    """A commitment by leader_a on the citizen's petition, due in a week, with one note."""
    petition = submit(world, user=world.citizen).petition
    commitment = commitment_make(
        acting_user=world.leader_a,
        text=TEXT,
        due_date=clock.today() + timedelta(days=7),
        petition=petition,
    )
    commitment_add_evidence(
        acting_user=world.officer_a, commitment=commitment, note="Ảnh hiện trường"
    )
    return {"commitment": commitment, "petition": petition, "marker": TEXT}


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("citizen", 200),
        ("officer_a", 200),
        ("leader_a", 200),
        ("supervisor", 200),
        ("admin", 200),
        ("other_citizen", 404),
        ("officer_b", 404),
        ("supervisor_elsewhere", 404),
    ],
)
def test_who_sees_a_commitment(world, who, status):
    commitment = commitment_scene(world)["commitment"]

    response = client_for(getattr(world, who)).get(
        reverse("commitment_detail", args=[commitment.pk])
    )

    assert response.status_code == status
    assert (TEXT in response.content.decode()) == (status == 200)


def test_anonymous_visitors_are_sent_to_log_in(world):
    commitment = commitment_scene(world)["commitment"]

    for url in (reverse("commitments"), reverse("commitment_detail", args=[commitment.pk])):
        response = Client().get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_the_list_shows_each_user_their_commitments(world):
    commitment_scene(world)

    assert TEXT in client_for(world.citizen).get(reverse("commitments")).content.decode()
    assert TEXT in client_for(world.leader_a).get("/commitments/?status=open").content.decode()
    assert TEXT not in client_for(world.leader_a).get("/commitments/?status=kept").content.decode()
    assert TEXT not in client_for(world.officer_b).get(reverse("commitments")).content.decode()
    assert TEXT not in client_for(world.other_citizen).get(reverse("commitments")).content.decode()


def test_a_leader_makes_a_commitment_from_a_petition(world):
    petition = submit(world, user=world.citizen).petition
    client = client_for(world.leader_a)
    url = reverse("commitment_new") + f"?petition={petition.code}"
    assert petition.code in client.get(url).content.decode()

    due = clock.today() + timedelta(days=10)
    response = client.post(
        reverse("commitment_new"),
        {"text": TEXT, "due_date": due.isoformat(), "petition": petition.code},
    )

    commitment = Commitment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("commitment_detail", args=[commitment.pk])
    assert commitment.petition == petition
    assert list(commitment.people.all()) == [world.citizen]


def test_bad_input_shows_a_vietnamese_error_and_makes_nothing(world):
    response = client_for(world.leader_a).post(
        reverse("commitment_new"),
        {"text": "ngắn", "due_date": clock.today().isoformat()},
    )

    assert response.status_code == 200
    assert "ít nhất 10 ký tự" in response.content.decode()
    assert Commitment.objects.count() == 0


def test_only_leaders_open_the_new_commitment_form(world):
    assert client_for(world.officer_a).get(reverse("commitment_new")).status_code == 403
    assert client_for(world.citizen).get(reverse("commitment_new")).status_code == 403


def test_evidence_resolve_and_respond_through_the_pages(world):
    commitment = commitment_scene(world)["commitment"]
    detail = reverse("commitment_detail", args=[commitment.pk])
    out = io.BytesIO()
    Image.new("RGB", (10, 10), "red").save(out, format="PNG")
    leader = client_for(world.leader_a)

    response = leader.post(
        reverse("commitment_evidence", args=[commitment.pk]),
        {"note": "", "file": SimpleUploadedFile("anh.png", out.getvalue(), "image/png")},
    )
    assert response.status_code == 302
    evidence = commitment.evidence.exclude(file="").get()
    download = client_for(world.citizen).get(f"{detail}?evidence={evidence.pk}")
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert client_for(world.officer_b).get(f"{detail}?evidence={evidence.pk}").status_code == 404

    leader.post(
        reverse("commitment_resolve", args=[commitment.pk]),
        {"outcome": "kept", "note": "Đã thu gom xong"},
    )
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.KEPT
    page = client_for(world.citizen).get(detail).content.decode()
    assert 'data-testid="response-form"' in page

    events = ReceptionEvent.objects.count()
    assert (
        client_for(world.other_citizen)
        .post(reverse("commitment_respond", args=[commitment.pk]), {"agrees": "yes"})
        .status_code
        == 404
    )
    assert ReceptionEvent.objects.count() == events
    response = client_for(world.citizen).post(
        reverse("commitment_respond", args=[commitment.pk]), {"agrees": "yes"}
    )
    assert response.status_code == 302
    assert commitment.responses.get().agrees is True


def test_outsiders_posting_change_nothing(world):
    commitment = commitment_scene(world)["commitment"]
    events = ReceptionEvent.objects.count()

    officer_b = client_for(world.officer_b).post(
        reverse("commitment_resolve", args=[commitment.pk]), {"outcome": "broken", "note": "Không"}
    )
    citizen = client_for(world.citizen).post(
        reverse("commitment_evidence", args=[commitment.pk]), {"note": "Tôi thêm"}
    )

    assert (officer_b.status_code, citizen.status_code) == (404, 403)
    assert ReceptionEvent.objects.count() == events
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.OPEN


def test_a_malformed_evidence_number_is_a_404_not_a_crash(client, world):
    from datetime import timedelta

    from nghedan.reception.actions.commitments import commitment_make
    from nghedan.test import submit

    commitment = commitment_make(
        acting_user=world.leader_a,
        text="Thu gom rác đầu ngõ 120 Đội Cấn trong tuần",
        due_date=clock.today() + timedelta(days=7),
        petition=submit(world, user=world.citizen).petition,
    )
    client.force_login(world.leader_a)

    response = client.get(f"/commitments/{commitment.pk}/", {"evidence": "abc"})

    assert response.status_code == 404
