"""The place of a petition picked on a map, photos kept when the form goes back for
correction and shown as thumbnails to those who may open them, and the public answers
searched by place, topic, kind and date, with a map of them. Each test says given / when /
then; the map itself, in a browser, is in test_browser_map.py."""

import dataclasses
import io
import os
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from nghedan.lib import clock
from nghedan.lib.tests.samples import PDF
from nghedan.petitions.models import Attachment, Kind, Petition
from nghedan.petitions.public import public_petition
from nghedan.web.tests.scenes import (
    PETITIONER,
    filed,
    form_values,
    jpeg,
    log_in,
    published,
    unlock,
)
from nghedan.web.tests.test_petition_pages import _typed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _held_uploads(settings, tmp_path):
    settings.NGHEDAN_HELD_UPLOADS_DIR = tmp_path / "held"
    return settings.NGHEDAN_HELD_UPLOADS_DIR


def _stored_files(settings) -> list[str]:
    folder = settings.MEDIA_ROOT / "petitions"
    return sorted(path.name for path in folder.rglob("*") if path.is_file())


def _directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in header.split(";") if part.strip()
    )


# --- the place, picked on the map ----------------------------------------------------


def test_a_place_picked_on_the_map_is_filed_with_six_decimals(client, world):
    # When a visitor files feedback with the point the map wrote into the form
    response = client.post(
        reverse("petition_new"), _typed(world, latitude="21.0341235", longitude="105.8142")
    )

    # Then the petition keeps the point, to about 10 cm
    petition = Petition.objects.get()
    assert response.status_code == 302
    assert (petition.latitude, petition.longitude) == (Decimal("21.034124"), Decimal("105.814200"))


def test_a_form_sent_without_a_place_is_filed_with_the_address_only(client, world):
    response = client.post(reverse("petition_new"), _typed(world))

    petition = Petition.objects.get()
    assert response.status_code == 302
    assert (petition.latitude, petition.longitude, petition.address) == (
        None,
        None,
        "Ngõ 120 Đội Cấn",
    )


def test_a_latitude_without_its_longitude_is_refused_on_the_missing_field(client, world):
    response = client.post(reverse("petition_new"), _typed(world, latitude="21.03"))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "longitude": ["Cần gửi cả vĩ độ và kinh độ, hoặc bỏ trống cả hai."]
    }
    assert Petition.objects.count() == 0


@pytest.mark.parametrize("latitude", ["91", "-90.5", "NaN", "Infinity", "hai mốt"])
def test_a_latitude_that_is_no_place_on_earth_is_refused(client, world, latitude):
    response = client.post(
        reverse("petition_new"), _typed(world, latitude=latitude, longitude="105.81")
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["latitude"]
    assert Petition.objects.count() == 0


def test_the_form_offers_the_map_and_plain_coordinate_fields(client, world):
    response = client.get(reverse("petition_new"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="place-map"' in html
    assert 'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html
    assert "/static/vendor/leaflet/leaflet.js" in html and "/static/nghedan/map.js" in html
    # The fields the map fills are plain inputs, for a browser without JavaScript
    assert form_values(html)["latitude"] == [""] and form_values(html)["longitude"] == [""]


def test_only_the_pages_with_a_map_allow_images_from_the_tile_server(client, world):
    tiles = "'self' https://tile.openstreetmap.org"

    assert _directives(client.get(reverse("petition_new")))["img-src"] == tiles
    assert _directives(client.get(reverse("public_list")))["img-src"] == tiles
    assert _directives(client.get(reverse("home")))["img-src"] == "'self'"
    assert _directives(client.get(reverse("track")))["img-src"] == "'self'"


def test_without_a_tile_server_the_form_has_no_map_but_keeps_its_fields(client, world, settings):
    settings.NGHEDAN_MAP_TILES = ""
    settings.NGHEDAN_MAP_TILE_ORIGIN = ""

    response = client.get(reverse("petition_new"))

    html = response.content.decode()
    assert 'id="place-map"' not in html and "leaflet.js" not in html
    assert _directives(response)["img-src"] == "'self'"
    assert form_values(html)["latitude"] == [""]


# --- photos kept across a form sent back for correction ------------------------------


def test_a_photo_is_kept_when_the_form_goes_back_and_filed_when_it_is_sent_again(
    client, world, settings, _held_uploads
):
    # Given a visitor who attached a photo but forgot the title
    first = client.post(
        reverse("petition_new"), {**_typed(world, title=""), "attachments": [jpeg()]}
    )

    # Then the form comes back with the title to fill in, and the photo held, not stored
    html = first.content.decode()
    assert first.status_code == 200
    assert list(first.context["form"].errors) == ["title"]
    [held] = first.context["held"]
    assert (held.original_name, held.file_kind) == ("ngap-duong.jpg", "image")
    assert "Ảnh đã đính kèm: <strong>ngap-duong.jpg</strong> (giữ lại)" in html
    assert f'name="kept_attachments" value="{held.token}" checked' in html
    assert (Petition.objects.count(), Attachment.objects.count()) == (0, 0)
    assert _stored_files(settings) == []
    assert len(list(_held_uploads.iterdir())) == 1

    # When they type the title and send the form again without attaching anything
    second = client.post(
        reverse("petition_new"),
        {**_typed(world), "kept_attachments": [held.token]},
    )

    # Then the petition is filed with the photo, and the held copy is gone
    petition = Petition.objects.get()
    assert second.status_code == 302
    attachment = petition.attachments.get()
    assert (attachment.file_kind, attachment.original_name) == ("image", "ngap-duong.jpg")
    assert list(_held_uploads.iterdir()) == []


def test_a_held_photo_unticked_is_not_filed(client, world):
    first = client.post(
        reverse("petition_new"), {**_typed(world, title=""), "attachments": [jpeg()]}
    )
    assert len(first.context["held"]) == 1

    # When the visitor unticks the kept photo and sends the form again
    response = client.post(reverse("petition_new"), _typed(world))

    assert response.status_code == 302
    assert Attachment.objects.count() == 0


def test_a_held_photo_and_a_new_one_are_filed_together(client, world):
    first = client.post(
        reverse("petition_new"),
        {**_typed(world, title=""), "attachments": [jpeg("truoc.jpg")]},
    )
    [held] = first.context["held"]

    response = client.post(
        reverse("petition_new"),
        {**_typed(world), "kept_attachments": [held.token], "attachments": [jpeg("sau.jpg")]},
    )

    assert response.status_code == 302
    names = list(Petition.objects.get().attachments.values_list("original_name", flat=True))
    assert names == ["truoc.jpg", "sau.jpg"]


def test_a_photo_is_kept_when_the_law_sends_the_form_back(client, world):
    # Given a complaint sent anonymously with a photo: refused by the action, not the form
    response = client.post(
        reverse("petition_new"),
        {**_typed(world, kind="complaint", is_anonymous="on"), "attachments": [jpeg()]},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["is_anonymous"]
    assert [file.original_name for file in response.context["held"]] == ["ngap-duong.jpg"]
    assert Attachment.objects.count() == 0


def test_a_refused_file_is_named_and_not_held_when_the_form_goes_back(client, world):
    fake = SimpleUploadedFile("anh.jpg", b"khong phai anh", content_type="image/jpeg")

    response = client.post(
        reverse("petition_new"), {**_typed(world, title=""), "attachments": [fake]}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "title": ["Trường này là bắt buộc."],
        "attachments": [
            "Tệp “anh.jpg” không được chấp nhận: chỉ nhận ảnh (JPEG, PNG, WebP) hoặc PDF."
        ],
    }
    assert response.context["held"] == []


@pytest.mark.parametrize("token", ["", "gia-mao", "eyJmIjoiLi4vLi4vc2VjcmV0X2tleSJ9:abc:def"])
def test_a_forged_kept_file_is_ignored(client, world, token):
    response = client.post(reverse("petition_new"), {**_typed(world), "kept_attachments": [token]})

    assert response.status_code == 302
    assert Attachment.objects.count() == 0


def test_a_photo_held_longer_than_an_hour_is_no_longer_filed(client, world):
    first = client.post(
        reverse("petition_new"), {**_typed(world, title=""), "attachments": [jpeg()]}
    )
    [held] = first.context["held"]

    with time_machine.travel(clock.now() + timedelta(hours=1, seconds=5)):
        response = client.post(
            reverse("petition_new"), {**_typed(world), "kept_attachments": [held.token]}
        )

    assert response.status_code == 302
    assert Attachment.objects.count() == 0


# --- thumbnails, for those who may open the photo ------------------------------------


def _thumbnail_size(response) -> tuple[int, int]:
    return Image.open(io.BytesIO(response.content)).size


def test_the_petitioner_sees_thumbnails_of_their_photos(client, world):
    scene = filed(world)
    photo = scene.petition.attachments.get()
    log_in(client, world, "citizen")

    page = client.get(reverse("track_detail", args=[scene.petition.code])).content.decode()
    thumbnail = client.get(reverse("attachment_thumbnail", args=[photo.pk]))

    assert f'src="{reverse("attachment_thumbnail", args=[photo.pk])}"' in page
    assert f'href="{reverse("attachment", args=[photo.pk])}"' in page
    assert thumbnail.status_code == 200
    assert thumbnail["Content-Type"] == "image/jpeg"
    assert thumbnail["X-Content-Type-Options"] == "nosniff"
    assert thumbnail["Cache-Control"] == "private, max-age=3600"
    assert _thumbnail_size(thumbnail) == (32, 24)


def test_a_large_photo_has_a_small_thumbnail(client, world):
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), (10, 120, 60)).save(out, format="PNG")
    big = SimpleUploadedFile("lon.png", out.getvalue(), content_type="image/png")
    scene = filed(world, files=[big])
    log_in(client, world, "citizen")

    thumbnail = client.get(
        reverse("attachment_thumbnail", args=[scene.petition.attachments.get().pk])
    )

    assert _thumbnail_size(thumbnail) == (480, 360)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("citizen", 404), ("other_citizen", 404), ("officer_b", 404), ("anonymous", 404)],
)
def test_the_public_page_shows_no_photo_to_those_who_may_not_open_it(
    client, world, persona, status
):
    # Given a public answer to feedback filed by a visitor with a photo
    scene = published(world, files=[jpeg()])
    photo = scene.petition.attachments.get()
    log_in(client, world, persona)

    page = client.get(reverse("public_detail", args=[scene.petition.code]))
    thumbnail = client.get(reverse("attachment_thumbnail", args=[photo.pk]))

    assert page.status_code == 200
    assert "attachments/" not in page.content.decode()
    assert thumbnail.status_code == status


@pytest.mark.parametrize("persona", ["officer_a", "leader_a", "supervisor", "admin"])
def test_the_public_page_shows_the_photo_to_the_agency_and_its_overseers(client, world, persona):
    scene = published(world, files=[jpeg()])
    photo = scene.petition.attachments.get()
    log_in(client, world, persona)

    page = client.get(reverse("public_detail", args=[scene.petition.code])).content.decode()

    assert f'src="{reverse("attachment_thumbnail", args=[photo.pk])}"' in page
    assert client.get(reverse("attachment_thumbnail", args=[photo.pk])).status_code == 200


def test_the_public_page_shows_the_photo_to_the_visitor_who_filed_it(client, world):
    scene = published(world, files=[jpeg()])
    photo = scene.petition.attachments.get()
    unlock(client, scene)

    page = client.get(reverse("public_detail", args=[scene.petition.code])).content.decode()

    assert f'src="{reverse("attachment_thumbnail", args=[photo.pk])}"' in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("officer_a", 200), ("leader_a", 200), ("supervisor", 404), ("admin", 404)],
)
def test_a_denunciation_photo_has_a_thumbnail_only_for_its_handlers(world, persona, status):
    scene = filed(world, kind=Kind.DENUNCIATION, files=[jpeg()])
    client = Client()
    log_in(client, world, persona)

    response = client.get(
        reverse("attachment_thumbnail", args=[scene.petition.attachments.get().pk])
    )

    assert response.status_code == status


def test_a_pdf_has_no_thumbnail(client, world):
    scene = filed(world, files=[SimpleUploadedFile("don.pdf", PDF, "application/pdf")])
    log_in(client, world, "citizen")

    response = client.get(
        reverse("attachment_thumbnail", args=[scene.petition.attachments.get().pk])
    )

    assert response.status_code == 404


# --- the public answers: search and map ----------------------------------------------


def _listed(client, **query) -> list[str]:
    response = client.get(reverse("public_list"), query)
    assert response.status_code == 200
    return sorted(petition.title for petition in response.context["page"])


def _answered_on(world, moment: str, **kwargs):
    with time_machine.travel(moment, tick=False):
        return published(world, **kwargs)


def test_the_public_list_filters_by_kind(client, world):
    published(world, title="Đèn đường hỏng")
    published(world, title="Đề nghị thêm thùng rác", kind=Kind.PROPOSAL)

    assert _listed(client, kind="proposal") == ["Đề nghị thêm thùng rác"]
    assert _listed(client, kind="feedback") == ["Đèn đường hỏng"]
    assert _listed(client, kind="") == ["Đèn đường hỏng", "Đề nghị thêm thùng rác"]


def test_the_public_list_filters_by_the_day_answered_in_vietnam(client, world):
    # Given answers late on 10 November (16:30 UTC) and on 20 November, in Việt Nam
    _answered_on(world, "2026-11-10T23:30:00+07:00", title="Mùng mười")
    _answered_on(world, "2026-11-20T08:00:00+07:00", title="Hai mươi")

    # Then both ends of a range count whole days in Việt Nam, in either date format
    assert _listed(client, answered_to="2026-11-10") == ["Mùng mười"]
    assert _listed(client, answered_from="2026-11-11") == ["Hai mươi"]
    assert _listed(client, answered_from="10/11/2026", answered_to="20/11/2026") == [
        "Hai mươi",
        "Mùng mười",
    ]
    assert _listed(client, answered_from="2026-11-11", answered_to="2026-11-19") == []


BAD_DATE = "Ngày không hợp lệ: hãy nhập ngày/tháng/năm, ví dụ 25/12/2026."


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"answered_from": "2026-13-45"}, {"answered_from": [BAD_DATE]}),
        ({"answered_to": "hôm qua"}, {"answered_to": [BAD_DATE]}),
        ({"answered_from": "31/02/2026"}, {"answered_from": [BAD_DATE]}),
        (
            {"answered_from": "9999-12-31"},
            {"answered_from": ["Chỉ tìm được trong khoảng từ năm 2000 đến năm 2100."]},
        ),
        (
            {"answered_to": "0001-01-01"},
            {"answered_to": ["Chỉ tìm được trong khoảng từ năm 2000 đến năm 2100."]},
        ),
        (
            {"answered_from": "2026-11-20", "answered_to": "2026-11-10"},
            {"answered_to": ["Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."]},
        ),
        ({"kind": "denunciation"}, {"kind": ["Loại đơn không hợp lệ."]}),
    ],
)
def test_a_bad_filter_is_said_on_the_form_and_left_out(client, world, query, errors):
    published(world, title="Đèn đường hỏng")

    response = client.get(reverse("public_list"), query)

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    for message in errors.values():
        assert message[0] in html
    # The rest of the page works: the filter that could not be read is left out
    assert [petition.title for petition in response.context["page"]] == ["Đèn đường hỏng"]


def test_a_bad_date_is_explained_in_english_too(client, world):
    client.cookies["django_language"] = "en"

    response = client.get(reverse("public_list"), {"answered_from": "2026-13-45"})

    assert response.status_code == 200
    assert "Not a valid date: type day/month/year, e.g. 25/12/2026." in response.content.decode()


def test_the_map_shows_the_points_of_the_listed_answers(client, world):
    # Given a public answer filed with its point, and one without
    published(
        world, title="Có vị trí", latitude=Decimal("21.034124"), longitude=Decimal("105.8142")
    )
    published(world, title="Không vị trí")

    response = client.get(reverse("public_list"))

    html = response.content.decode()
    assert 'id="answers-map"' in html
    assert html.count("data-lat=") == 1
    assert 'data-lat="21.034124" data-lng="105.814200"' in html


def test_a_list_without_points_has_no_map(client, world):
    published(world, title="Không vị trí")

    html = client.get(reverse("public_list")).content.decode()

    assert 'id="answers-map"' not in html and "leaflet.js" not in html


def test_the_map_reads_the_points_from_the_redacted_projection_only(client, world, monkeypatch):
    # Given a public answer whose stored point the projection does not publish
    scene = published(world, latitude=Decimal("21.034124"), longitude=Decimal("105.8142"))

    def unlocated(petition, **kwargs):
        return dataclasses.replace(
            public_petition(petition, **kwargs), latitude=None, longitude=None
        )

    monkeypatch.setattr("nghedan.web.views.citizen.public_petition", unlocated)

    # When the list is shown, then the stored point is nowhere on the page
    html = client.get(reverse("public_list")).content.decode()
    assert scene.petition.code in html
    assert "21.034124" not in html and "105.8142" not in html
    assert 'id="answers-map"' not in html


def test_the_projection_publishes_no_point_of_a_petition_that_is_not_public(world):
    scene = published(
        world, consent=False, latitude=Decimal("21.034124"), longitude=Decimal("105.8142")
    )

    shown = public_petition(scene.petition)

    assert (shown.latitude, shown.longitude) == (None, None)
    assert PETITIONER.name not in shown.body


# --- the tile server, from the environment -------------------------------------------


def _map_settings(tmp_path, tiles: str) -> subprocess.CompletedProcess:
    code = (
        "from django.conf import settings; "
        "print(settings.NGHEDAN_MAP_TILE_ORIGIN + '|' + settings.NGHEDAN_MAP_ATTRIBUTION)"
    )
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("NGHEDAN_")
    }
    environment |= {
        "NGHEDAN_VAR_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "nghedan.settings",
        "NGHEDAN_MAP_TILES": tiles,
    }
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True
    )


def test_a_tile_server_with_subdomains_is_allowed_on_any_of_them(tmp_path):
    result = _map_settings(tmp_path, "https://{s}.tiles.example.vn/{z}/{x}/{y}.png")

    assert result.returncode == 0, result.stderr
    assert result.stdout.split("|")[0] == "https://*.tiles.example.vn"


@pytest.mark.parametrize(
    "tiles", ["ftp://tiles.example.vn/{z}/{x}/{y}.png", "https://tiles.example.vn/{z}.png"]
)
def test_a_malformed_tile_server_stops_start_up(tmp_path, tiles):
    result = _map_settings(tmp_path, tiles)

    assert result.returncode != 0
    assert "NGHEDAN_MAP_TILES must be an http(s) address with {z}, {x} and {y}" in result.stderr
