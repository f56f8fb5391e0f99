"""The redacted projection of a petition (petitions/public.py) and every public output
built from it: Open311 over real HTTP, the public pages, open data in CSV and JSON.

Personal data is planted everywhere a person can type it: a name after a form of address,
a phone number, a citizen ID (CCCD) number and an e-mail in the title, the body, the
address of the problem and the officer's answer, and the petitioner's own name where no
form of address gives it away."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.db.models import Prefetch
from django.test import Client
from django.urls import reverse

from nghedan.api.tests.support import http
from nghedan.petitions.actions import PetitionerInfo, answer_submit, petition_accept
from nghedan.petitions.models import Answer, AnswerStatus, Kind, Petition
from nghedan.petitions.public import (
    notice_title,
    public_petition,
    reader_text,
    reader_title,
)
from nghedan.test import submit

NAME, PHONE, CCCD, EMAIL = "Nguyễn Văn An", "0912345678", "001085012345", "an.nguyen@example.vn"
# The petitioner, whose name the text gives with no form of address before it.
PETITIONER = PetitionerInfo(
    name="Trần Thị Bình", phone="0987654321", email="binh.tran@example.vn", address="15 Hàng Bông"
)
PERSONAL = (NAME, PHONE, CCCD, EMAIL, PETITIONER.name, PETITIONER.phone, PETITIONER.email)

TITLE = f"Ông {NAME} báo rác ở ngõ 3 phố Huế, gọi {PHONE}"
BODY = (
    f"Rác tồn đọng nhiều ngày trước nhà ông {NAME} ở ngõ 3 phố Huế. Liên hệ {PHONE}, "
    f"CCCD {CCCD}, thư {EMAIL}."
)
ADDRESS = (
    f"nhà ông {NAME}, số nhà 12 ngõ 3 phố Huế, gần nhà {PETITIONER.name}, ĐT {PHONE}, "
    f"CCCD {CCCD}, {EMAIL}"
)
ANSWER = (
    f"Kính gửi ông {NAME} ({PHONE}, CCCD {CCCD}, {EMAIL}) và {PETITIONER.name}: UBND phường "
    "đã thu gom rác ở ngõ 3 phố Huế."
)


def _planted(world, **overrides) -> Petition:
    fields = {
        "title": TITLE,
        "body": BODY,
        "address": ADDRESS,
        "petitioner": PETITIONER,
        "publish_consent": True,
    }
    fields.update(overrides)
    return submit(world, **fields).petition


def _answered(world, **overrides) -> Petition:
    """Answered by the leader herself, so the answer is published at once."""
    petition = petition_accept(acting_user=world.leader_a, petition=_planted(world, **overrides))
    answer_submit(acting_user=world.leader_a, petition=petition, body=ANSWER)
    petition.refresh_from_db()
    return petition


def _no_personal_data(text: str, where: str) -> None:
    for personal in PERSONAL:
        assert personal not in text, (where, personal)


# --- the projection -------------------------------------------------------------------


def test_the_projection_of_an_answered_petition_holds_only_redacted_text(world):
    petition = _answered(world)

    shown = public_petition(petition)

    assert shown.title == "Ông [họ tên] báo rác ở ngõ 3 phố Huế, gọi [số điện thoại]"
    assert shown.body == (
        "Rác tồn đọng nhiều ngày trước nhà ông [họ tên] ở ngõ 3 phố Huế. Liên hệ "
        "[số điện thoại], CCCD [số giấy tờ], thư [email]."
    )
    assert shown.address == (
        "nhà ông [họ tên], [số nhà] ngõ 3 phố Huế, gần nhà [họ tên], ĐT [số điện thoại], "
        "CCCD [số giấy tờ], [email]"
    )
    [answer] = shown.answers
    assert "UBND phường đã thu gom rác ở ngõ 3 phố Huế." in answer.body
    _no_personal_data(answer.body, "answer")
    assert (shown.code, shown.kind, shown.area, shown.agency) == (
        petition.code,
        Kind.FEEDBACK,
        world.ba_dinh,
        world.agency_a,
    )


def test_the_projection_redacts_from_the_petitioners_words_when_no_public_text_is_stored(world):
    # Given a petition whose stored public text is empty (as an appeal's is)
    petition = _planted(world)
    Petition.objects.filter(pk=petition.pk).update(public_title="", public_body="")
    petition.refresh_from_db()

    # When it is projected, then the text is redacted now, never shown as written
    shown = public_petition(petition)

    assert shown.title == "Ông [họ tên] báo rác ở ngõ 3 phố Huế, gọi [số điện thoại]"
    assert "[số giấy tờ]" in shown.body and "[email]" in shown.body
    _no_personal_data(shown.title + shown.body, "fallback")


def test_an_empty_address_reads_as_the_area_and_coordinates_only_when_published(world):
    published = _planted(
        world, address="", latitude=Decimal("21.0357"), longitude=Decimal("105.8235")
    )
    private = _planted(
        world, publish_consent=False, latitude=Decimal("21.0357"), longitude=Decimal("105.8235")
    )

    shown, hidden = public_petition(published), public_petition(private)

    assert shown.address == str(world.ba_dinh)
    assert (float(shown.latitude), float(shown.longitude)) == (21.0357, 105.8235)
    assert (hidden.latitude, hidden.longitude) == (None, None)


def test_answers_are_read_from_the_prefetch_without_a_query(world, django_assert_num_queries):
    _answered(world)
    published = Answer.objects.filter(status=AnswerStatus.PUBLISHED)
    petition = (
        Petition.objects.select_related("topic", "area", "area__parent", "agency")
        .prefetch_related(Prefetch("answers", queryset=published, to_attr="published_answers"))
        .get()
    )

    with django_assert_num_queries(0):
        shown = public_petition(petition)

    assert len(shown.answers) == 1


# --- every public output, over real HTTP ----------------------------------------------


def test_no_public_output_shows_the_personal_data_planted_in_a_petition(live_server, live_world):
    world = live_world
    # Given an answered public petition and one just received, both full of personal data
    answered = _answered(world)
    received = _planted(world)
    client = Client()

    # When Open311 clients read the list and each request, over HTTP
    status, listed = http("GET", f"{live_server.url}/open311/v2/requests.json")
    assert status == 200
    details = []
    for petition in (answered, received):
        status, found = http("GET", f"{live_server.url}/open311/v2/requests/{petition.code}.json")
        assert status == 200
        details += found
    # And anyone reads the public pages and downloads open data
    pages = [
        client.get(reverse("public_list")),
        client.get(reverse("public_detail", args=[answered.code])),
    ]
    csv_text = b"".join(
        client.get(reverse("open_data_petitions", args=["csv"])).streaming_content
    ).decode()
    json_text = b"".join(
        client.get(reverse("open_data_petitions", args=["json"])).streaming_content
    ).decode()

    # Then both requests are listed, with their redacted text and address
    assert sorted(item["service_request_id"] for item in listed) == sorted(
        [answered.code, received.code]
    )
    for item in listed + details:
        _no_personal_data(json.dumps(item, ensure_ascii=False), f"open311 {item['status']}")
        assert "[số điện thoại]" in item["address"] and "ngõ 3 phố Huế" in item["address"]
        assert "[số giấy tờ]" in item["description"]
    # And the public pages show the answer without personal data
    for page in pages:
        assert page.status_code == 200
        _no_personal_data(page.content.decode(), page.request["PATH_INFO"])
    assert "UBND phường đã thu gom rác ở ngõ 3 phố Huế." in pages[1].content.decode()
    # And open data has the published text, redacted, and nothing personal
    _no_personal_data(csv_text, "csv")
    _no_personal_data(json_text, "json")
    rows = list(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff"))))
    published = [row for row in rows if row["public_title"]]
    assert [row["public_title"] for row in published] == [
        "Ông [họ tên] báo rác ở ngõ 3 phố Huế, gọi [số điện thoại]"
    ]
    assert "CCCD [số giấy tờ]" in published[0]["public_body"]


# --- readers inside the system and messages -------------------------------------------


@pytest.mark.parametrize(
    ("persona", "as_written"),
    [
        ("officer_a", True),
        ("leader_a", True),
        ("supervisor", False),
        ("admin", False),
    ],
)
def test_a_denunciations_words_are_as_written_for_its_handlers_only(world, persona, as_written):
    petition = _planted(world, kind=Kind.DENUNCIATION, publish_consent=False)
    user = getattr(world, persona)

    text = reader_text(petition, user=user)

    assert text.is_redacted is not as_written
    if as_written:
        assert (text.title, text.body, text.address) == (TITLE, BODY, ADDRESS)
        assert text.of(ANSWER) == ANSWER
        assert reader_title(petition, user=user) == TITLE
    else:
        _no_personal_data(text.title + text.body + text.address + text.of(ANSWER), persona)
        assert reader_title(petition, user=user) == text.title


def test_the_petitioner_reads_their_own_denunciation_as_written(world):
    petition = _planted(world, kind=Kind.DENUNCIATION, publish_consent=False)

    text = reader_text(petition, user=None, as_petitioner=True)

    assert (text.title, text.body, text.is_redacted) == (TITLE, BODY, False)


def test_feedback_reads_as_written_for_a_supervisor(world):
    petition = _planted(world)

    assert reader_text(petition, user=world.supervisor).body == BODY


def test_a_message_names_a_denunciation_by_kind_and_code_and_anything_else_by_redacted_title(
    world,
):
    denunciation = _planted(world, kind=Kind.DENUNCIATION, publish_consent=False)
    feedback = _planted(world)

    assert notice_title(denunciation) == f"Tố cáo {denunciation.code}"
    assert notice_title(feedback) == "Ông [họ tên] báo rác ở ngõ 3 phố Huế, gọi [số điện thoại]"
