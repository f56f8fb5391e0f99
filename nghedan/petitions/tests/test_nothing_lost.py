"""A petition is committed before its code is shown; a failure after that keeps it."""

from unittest import mock

from django.test import Client

from nghedan.petitions.models import Petition, PetitionEvent


def _form(world):
    return {
        "kind": "feedback",
        "topic": world.topic("giao-thong-ha-tang").pk,
        "province": "01",
        "commune": "00004",
        "title": "Ổ gà trước số 45 Kim Mã",
        "body": "Ổ gà sâu 20 cm trước số 45 Kim Mã, đã có người ngã xe.",
        "signatories": "1",
        "petitioner_name": "Lê Thị Hồng",
        "petitioner_phone": "0903123456",
    }


def test_a_crash_after_filing_keeps_the_petition_and_its_history(world):
    # Given the page that shows the code fails after the petition was filed
    client = Client(raise_request_exception=False)
    with mock.patch("nghedan.web.views.citizen.redirect", side_effect=RuntimeError("disk full")):
        # When the citizen submits
        response = client.post("/petitions/new/", _form(world))

    # Then the citizen sees an error page, but the petition and its first event are stored
    assert response.status_code == 500
    petition = Petition.objects.get(title="Ổ gà trước số 45 Kim Mã")
    assert petition.agency == world.agency_a
    assert list(
        PetitionEvent.objects.filter(petition=petition).values_list("action", flat=True)
    ) == ["submitted"]


def test_a_crash_before_filing_stores_nothing_half_done(world):
    # Given recording the first event fails inside the filing transaction
    client = Client(raise_request_exception=False)
    with mock.patch(
        "nghedan.petitions.actions.intake.petition_event_record",
        side_effect=RuntimeError("db gone"),
    ):
        response = client.post("/petitions/new/", _form(world))

    # Then no petition without its history is left behind
    assert response.status_code == 500
    assert not Petition.objects.filter(title="Ổ gà trước số 45 Kim Mã").exists()
