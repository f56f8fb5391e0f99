"""The citizens' pages: filing a petition, following it with its code and secret, rating,
reopening, withdrawing and appealing, and reading the answers made public (the agency's
handling pages are in test_staff_handling_pages.py). Each test says given / when / then;
who may reach which page at all is in test_role_matrix.py."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nghedan.lib.crypto import readable_secret_key, secret_matches
from nghedan.petitions.models import Attachment, Kind, Petition, Status
from nghedan.test import submit
from nghedan.web.tests.scenes import (
    ANSWER,
    PETITIONER,
    TITLE,
    accepted,
    answered,
    filed,
    flashed,
    form_values,
    jpeg,
    log_in,
    published,
    rows,
    status_of,
    track_url,
    unlock,
)

# --- helpers --------------------------------------------------------------------------

TYPED = {
    "kind": "feedback",
    "title": "Rác thải tồn đọng ở ngõ 120 Đội Cấn",
    "body": "Rác thải tồn đọng bốn ngày chưa thu gom, bốc mùi hôi. Đề nghị phường cho thu gom.",
    "province": "01",
    "commune": "00004",
    "address": "Ngõ 120 Đội Cấn",
    "latitude": "",
    "longitude": "",
    "signatories": "1",
    "petitioner_name": "Nguyễn Văn An",
    "petitioner_phone": "0912 345 678",
    "petitioner_email": "",
    "petitioner_address": "",
    "publish_consent": "on",
}


def _typed(world, **overrides) -> dict:
    """What a person types into the petition form; None leaves a field out (an unticked box)."""
    data = {**TYPED, "topic": str(world.topic().pk), **overrides}
    return {name: value for name, value in data.items() if value is not None}


# --- filing ---------------------------------------------------------------------------


def test_a_visitor_files_feedback_and_sees_its_code_and_secret_once(client, world):
    # When a visitor without an account fills in the form
    response = client.post(reverse("petition_new"), _typed(world))

    # Then the petition is stored, routed to the ward of Ba Đình, and belongs to no account
    petition = Petition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("petition_filed", args=[petition.code])
    assert (petition.kind, petition.status, petition.channel) == ("feedback", "received", "web")
    assert (petition.agency, petition.area) == (world.agency_a, world.ba_dinh)
    assert petition.citizen is None
    assert (petition.title, petition.address) == (TYPED["title"], "Ngõ 120 Đội Cấn")
    assert petition.petitioner_name == "Nguyễn Văn An"
    assert petition.petitioner_phone == "0912 345 678"
    assert petition.publish_consent is True

    # And the next page shows the code and the secret that opens it
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    secret = page.context["secret"]
    assert page.context["code"] == petition.code and petition.code in html
    assert secret_matches(readable_secret_key(secret), petition.secret_digest) and secret in html

    # When they come back to that page, then the secret is not shown a second time
    again = client.get(reverse("petition_filed", args=[petition.code]))
    assert again.status_code == 302 and again["Location"] == track_url(petition.code)

    # And this browser follows the petition without typing the secret
    tracking = client.get(track_url(petition.code))
    assert tracking.status_code == 200
    assert TYPED["title"] in tracking.content.decode()
    assert secret not in tracking.content.decode()


def test_a_petition_typed_without_diacritics_is_filed_as_typed(client, world):
    # Given a visitor whose phone has no Vietnamese keyboard
    typed = _typed(
        world,
        title="Rac thai ton dong o ngo 120 Doi Can",
        body="Rac thai ton dong 4 ngay chua thu gom, boc mui hoi. De nghi thu gom.",
        petitioner_name="Nguyen Van An",
    )

    # When they file it
    response = client.post(reverse("petition_new"), typed)

    # Then it is stored as typed and goes to the same agency
    petition = Petition.objects.get()
    assert response.status_code == 302
    assert (petition.title, petition.body) == (typed["title"], typed["body"])
    assert petition.petitioner_name == "Nguyen Van An"
    assert petition.agency == world.agency_a


def test_anonymous_feedback_keeps_no_name_no_phone_and_no_account(client, world):
    # When a visitor ticks "send anonymously" and still types a name
    response = client.post(reverse("petition_new"), _typed(world, is_anonymous="on"))

    # Then nothing that names them is kept
    petition = Petition.objects.get()
    assert response.status_code == 302
    assert petition.is_anonymous is True
    assert (petition.petitioner_name, petition.petitioner_phone, petition.citizen) == ("", "", None)


def test_a_logged_in_citizen_finds_the_form_pre_filled_and_the_petition_linked(client, world):
    # Given a citizen with a phone and an email on her account
    citizen = world.citizen
    citizen.phone, citizen.email = "0911 222 333", "an@example.vn"
    citizen.save()
    client.force_login(citizen)

    # When she opens the form, then her details are already filled in
    page = client.get(reverse("petition_new"))
    values = form_values(page.content.decode())
    assert values["petitioner_name"] == [citizen.full_name]
    assert values["petitioner_phone"] == ["0911 222 333"]
    assert values["petitioner_email"] == ["an@example.vn"]

    # When she files it
    client.post(reverse("petition_new"), _typed(world, petitioner_name=citizen.full_name))

    # Then it is hers: listed under "my petitions"
    petition = Petition.objects.get()
    assert petition.citizen == citizen
    mine = client.get(reverse("my_petitions"))
    assert [p.code for p in mine.context["petitions"]] == [petition.code]


def test_a_commune_outside_the_chosen_province_is_refused_on_the_commune_field(client, world):
    # When the visitor picks Hà Nội but a commune of Đà Nẵng (Hải Vân)
    response = client.post(reverse("petition_new"), _typed(world, commune=world.hai_van.code))

    # Then the form comes back with the error under the commune, in Vietnamese
    assert response.status_code == 200
    message = "Xã/phường không thuộc tỉnh/thành phố đã chọn."
    assert response.context["form"].errors == {"commune": [message]}
    assert message in response.content.decode()
    assert Petition.objects.count() == 0


def test_a_petition_without_a_topic_is_filed_under_the_topic_the_text_shows(client, world):
    # When the visitor leaves the topic open
    response = client.post(reverse("petition_new"), _typed(world, topic=""))

    # Then it is filed, under the topic the model reads in it (rubbish: environment)
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert petition.topic.code == "moi-truong"
    assert petition.topic_source == "model"


def test_a_petition_whose_topic_is_unclear_waits_for_an_officer_to_classify_it(
    client, world, settings
):
    settings.NGHEDAN_TOPIC_CONFIDENCE = 0.999

    response = client.post(reverse("petition_new"), _typed(world, topic=""))

    assert response.status_code == 302
    petition = Petition.objects.get()
    assert (petition.topic.code, petition.topic_source) == ("khac", "triage")


def test_a_body_too_short_is_refused(client, world):
    response = client.post(reverse("petition_new"), _typed(world, body="Rác quá"))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["body"]
    assert errors["body"][0].startswith("Giá trị này phải có ít nhất 10 kí tự")
    assert Petition.objects.count() == 0


def test_a_complaint_cannot_be_sent_anonymously(client, world):
    # When a visitor sends a complaint and ticks "send anonymously"
    response = client.post(
        reverse("petition_new"), _typed(world, kind="complaint", is_anonymous="on")
    )

    # Then the law is explained on the anonymity box, and nothing is filed
    message = "Khiếu nại, tố cáo không được gửi ẩn danh theo quy định của pháp luật."
    assert response.status_code == 200
    assert response.context["form"].errors == {"is_anonymous": [message]}
    assert message in response.content.decode()
    assert Petition.objects.count() == 0


def test_a_text_file_named_jpg_is_refused_and_everything_typed_is_kept(client, world, settings):
    # Given a visitor who typed every field, unticked publication, and attached a text
    # file renamed .jpg
    typed = _typed(
        world,
        kind="proposal",
        topic=str(world.topic("giao-thong-ha-tang").pk),
        signatories="3",
        petitioner_email="an@example.vn",
        petitioner_address="12 Đội Cấn, Ba Đình",
        publish_consent=None,
    )
    fake = SimpleUploadedFile(
        "anh-hien-truong.jpg", b"Day la van ban, khong phai anh.", content_type="image/jpeg"
    )

    # When they send the form
    response = client.post(reverse("petition_new"), {**typed, "attachments": [fake]})

    # Then the file is refused with the reason, on the attachments field
    message = (
        "Tệp “anh-hien-truong.jpg” không được chấp nhận: chỉ nhận ảnh (JPEG, PNG, WebP) hoặc PDF."
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"attachments": [message]}
    assert message in response.content.decode()
    # And the form shows again exactly what they typed: nothing is lost
    assert form_values(response.content.decode()) == {
        name: [value] for name, value in typed.items()
    }
    # And nothing was stored
    assert (Petition.objects.count(), Attachment.objects.count()) == (0, 0)
    assert not (settings.MEDIA_ROOT / "petitions").exists()


def test_a_photo_is_filed_with_the_petition(client, world):
    response = client.post(reverse("petition_new"), {**_typed(world), "attachments": [jpeg()]})

    petition = Petition.objects.get()
    assert response.status_code == 302
    attachment = petition.attachments.get()
    assert (attachment.file_kind, attachment.original_name) == ("image", "ngap-duong.jpg")


# --- tracking -------------------------------------------------------------------------


def test_a_visitor_opens_their_petition_with_its_code_and_secret(client, world):
    # Given feedback filed without an account
    scene = filed(world, user=None)

    # When the visitor types the code and the secret
    response = client.post(reverse("track"), {"code": scene.petition.code, "secret": scene.secret})

    # Then the petition opens, with its history
    assert response.status_code == 302 and response["Location"] == track_url(scene.petition.code)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert TITLE in page.content.decode()
    assert [event.action for event in page.context["events"]] == ["submitted"]


def test_a_code_typed_in_lower_case_without_dashes_finds_the_petition(client, world):
    scene = filed(world, user=None)
    typed = scene.petition.code.lower().replace("-", "")

    response = client.post(reverse("track"), {"code": typed, "secret": f" {scene.secret} "})

    assert response.status_code == 302
    assert response["Location"] == track_url(scene.petition.code)


def test_a_wrong_secret_shows_an_error_and_nothing_of_the_petition(client, world):
    scene = filed(world, user=None)

    response = client.post(reverse("track"), {"code": scene.petition.code, "secret": "doan-bua"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Không tìm thấy đơn với mã tra cứu và mã bí mật này." in html
    assert TITLE not in html
    # And the secret typed is not written back into the page
    assert "doan-bua" not in html
    # And the petition stays locked in this browser
    locked = client.get(track_url(scene.petition.code))
    assert locked["Location"] == f"{reverse('track')}?code={scene.petition.code}"


def test_a_link_with_only_the_code_fills_in_the_form_without_an_error(client, world):
    scene = filed(world, user=None)

    response = client.get(reverse("track"), {"code": scene.petition.code})

    assert response.status_code == 200
    assert form_values(response.content.decode())["code"] == [scene.petition.code]
    assert response.context["form"].errors == {}


def test_the_secret_holder_downloads_the_photo_only_once_unlocked(client, world):
    # Given feedback with a photo, filed without an account
    scene = filed(world, user=None)
    url = reverse("attachment", args=[scene.attachment.pk])

    # Then before the secret is typed the file does not exist for this browser
    assert client.get(url).status_code == 404

    # When the secret is typed, then the photo is served, never sniffed as something else
    unlock(client, scene)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"


# --- rating, reopening, withdrawing, appealing -----------------------------------------


@pytest.mark.parametrize(
    ("stars", "status"),
    [
        (1, Status.REOPENED),
        (2, Status.REOPENED),
        (3, Status.CLOSED),
        (4, Status.CLOSED),
        (5, Status.CLOSED),
    ],
)
def test_the_petitioner_rates_the_answer_from_1_to_5(client, world, stars, status):
    # Given an answered petition, unlocked with its secret
    scene = answered(world, user=None)
    unlock(client, scene)

    # When the petitioner rates it
    response = client.post(
        reverse("track_rate", args=[scene.petition.code]),
        {"stars": str(stars), "reasons": ["timely"], "comment": "Cảm ơn."},
    )

    # Then 3 stars or more close it, fewer reopen it, and the page says which
    assert response.status_code == 302 and response["Location"] == track_url(scene.petition.code)
    thanks = "Cảm ơn bạn đã đánh giá."
    if status == Status.REOPENED:
        thanks += " Vì bạn chưa hài lòng, đơn đã được mở lại để cơ quan giải quyết tiếp."
    assert flashed(response) == [thanks]
    assert status_of(scene.petition) == status
    rating = scene.petition.ratings.get()
    assert (rating.stars, rating.reasons, rating.comment) == (stars, ["timely"], "Cảm ơn.")


@pytest.mark.parametrize("stars", ["0", "6", "", "năm"])
def test_a_rating_outside_1_to_5_is_refused_and_changes_nothing(client, world, stars):
    scene = answered(world, user=None)
    unlock(client, scene)
    before = rows()

    response = client.post(reverse("track_rate", args=[scene.petition.code]), {"stars": stars})

    assert response.status_code == 302
    assert flashed(response) == ["Vui lòng chọn mức đánh giá từ 1 đến 5."]
    assert rows() == before


def test_the_petitioner_reopens_an_answered_petition_from_the_tracking_page(client, world):
    scene = answered(world, user=None)
    unlock(client, scene)

    response = client.post(
        reverse("track_reopen", args=[scene.petition.code]),
        {"reason": "Rác lại tồn đọng từ hôm qua."},
    )

    assert response.status_code == 302 and response["Location"] == track_url(scene.petition.code)
    assert flashed(response) == ["Đơn đã được mở lại để cơ quan xem xét tiếp."]
    assert status_of(scene.petition) == Status.REOPENED
    event = scene.petition.events.last()
    assert (event.action, event.reason, event.actor) == (
        "reopened",
        "Rác lại tồn đọng từ hôm qua.",
        None,
    )


@pytest.mark.parametrize("reason", ["", "chưa"])
def test_reopening_without_a_real_reason_is_refused(client, world, reason):
    scene = answered(world, user=None)
    unlock(client, scene)
    before = rows()

    response = client.post(reverse("track_reopen", args=[scene.petition.code]), {"reason": reason})

    assert response.status_code == 302
    assert flashed(response) == ["Vui lòng nêu rõ lý do."]
    assert rows() == before


def test_the_petitioner_withdraws_a_petition_still_being_handled(client, world):
    scene = accepted(world, user=None)
    unlock(client, scene)

    response = client.post(
        reverse("track_withdraw", args=[scene.petition.code]),
        {"reason": "Tổ dân phố đã tự thu gom."},
    )

    assert response.status_code == 302
    assert flashed(response) == ["Bạn đã rút đơn."]
    assert status_of(scene.petition) == Status.WITHDRAWN


def test_the_petitioner_appeals_a_complaint_to_the_agency_above(client, world):
    # Given an answered complaint, filed without an account and unlocked with its secret
    scene = answered(world, user=None, kind=Kind.COMPLAINT)
    unlock(client, scene)

    # When the petitioner disagrees and appeals
    response = client.post(
        reverse("track_appeal", args=[scene.petition.code]),
        {"reason": "Không đồng ý với quyết định giải quyết."},
    )

    # Then a second-level complaint goes to the agency above, and the first one ends
    appeal = Petition.objects.get(appeal_of=scene.petition)
    assert response.status_code == 302 and response["Location"] == track_url(appeal.code)
    assert flashed(response) == ["Đã gửi khiếu nại lần hai đến cơ quan cấp trên."]
    assert (appeal.kind, appeal.status) == (Kind.COMPLAINT, Status.RECEIVED)
    assert appeal.agency == world.agency_a.parent
    assert status_of(scene.petition) == Status.APPEALED
    # And the same browser follows the appeal with the same secret
    page = client.get(track_url(appeal.code))
    assert page.status_code == 200
    assert scene.petition.code in page.content.decode()  # "second-level complaint of …"


def test_feedback_cannot_be_appealed(client, world):
    scene = answered(world, user=None)
    unlock(client, scene)
    before = rows()

    response = client.post(
        reverse("track_appeal", args=[scene.petition.code]),
        {"reason": "Không đồng ý với câu trả lời."},
    )

    assert response.status_code == 302
    assert flashed(response) == ["Chỉ đơn khiếu nại mới được khiếu nại lần hai."]
    assert rows() == before


# --- public answers -------------------------------------------------------------------


def _listed(client, **query) -> list[str]:
    response = client.get(reverse("public_list"), query)
    assert response.status_code == 200
    return sorted(petition.title for petition in response.context["page"])


def test_the_public_list_shows_only_answered_feedback_and_proposals_agreed_to_be_public(
    client, world
):
    # Given answered feedback and an answered proposal whose petitioners agreed to publish
    published(world, title="Đèn đường hỏng ở phố Kim Mã")
    published(world, title="Đề nghị lắp thêm thùng rác", kind=Kind.PROPOSAL)
    # And what must never appear: no consent, a complaint, a denunciation, not yet answered
    published(world, title="Không đồng ý công khai", consent=False)
    published(world, title="Khiếu nại quyết định thu hồi đất", kind=Kind.COMPLAINT)
    published(world, title="Tố cáo cán bộ nhận tiền", kind=Kind.DENUNCIATION)
    submit(world, title="Chưa được trả lời", publish_consent=True)

    # When anyone opens the public list, then only the first two are there
    assert _listed(client) == ["Đèn đường hỏng ở phố Kim Mã", "Đề nghị lắp thêm thùng rác"]


def test_public_pages_show_the_body_with_personal_data_removed(client, world):
    # Given answered feedback whose body names the petitioner, his phone and email
    scene = published(
        world,
        title="Đèn đường hỏng ở phố Kim Mã",
        body=(
            "Đèn đường trước số 25 Kim Mã hỏng hai tuần. Liên hệ anh Nguyễn Văn Bình, "
            "số 0987 654 321 hoặc 0987654321, thư binh.nguyen@example.vn."
        ),
    )

    # When anyone reads the list and the petition's public page
    listing = client.get(reverse("public_list")).content.decode()
    detail = client.get(reverse("public_detail", args=[scene.petition.code]))
    html = detail.content.decode()

    # Then the body and the answer are there, without the personal data
    assert detail.status_code == 200
    assert "Đèn đường trước số 25 Kim Mã hỏng hai tuần." in html
    assert ANSWER in html
    assert "[số điện thoại]" in html and "[email]" in html and "anh [họ tên]" in html
    for personal in (
        "0987 654 321",
        "0987654321",
        "binh.nguyen@example.vn",
        "Nguyễn Văn Bình",
        PETITIONER.name,
        PETITIONER.phone,
    ):
        assert personal not in html
        assert personal not in listing


def test_a_phone_number_in_the_title_does_not_appear_on_public_pages(client, world):
    scene = published(world, title="Đèn đường hỏng, gọi tôi 0987 654 321")

    listing = client.get(reverse("public_list")).content.decode()
    detail = client.get(reverse("public_detail", args=[scene.petition.code])).content.decode()

    assert "0987 654 321" not in listing
    assert "0987 654 321" not in detail


def test_the_public_list_filters_by_province_commune_and_topic(client, world):
    # Given answers in two wards of Hà Nội, one for all of Hà Nội, and one in Đà Nẵng
    published(world, title="Ba Đình, môi trường", area=world.ba_dinh)
    published(
        world, title="Hoàn Kiếm, giao thông", area=world.hoan_kiem, topic="giao-thong-ha-tang"
    )
    published(world, title="Hà Nội, môi trường", area=world.hanoi)
    published(world, title="Hải Vân, môi trường", area=world.hai_van)

    # Then each filter keeps what it names
    assert _listed(client, province="01") == [
        "Ba Đình, môi trường",
        "Hoàn Kiếm, giao thông",
        "Hà Nội, môi trường",
    ]
    assert _listed(client, province="48") == ["Hải Vân, môi trường"]
    assert _listed(client, province="01", commune="00004") == ["Ba Đình, môi trường"]
    assert _listed(client, commune="00070") == ["Hoàn Kiếm, giao thông"]
    assert _listed(client, topic="giao-thong-ha-tang") == ["Hoàn Kiếm, giao thông"]
    assert _listed(client, province="01", topic="moi-truong") == [
        "Ba Đình, môi trường",
        "Hà Nội, môi trường",
    ]
    # And the province filter offers that province's communes
    communes = client.get(reverse("public_list"), {"province": "48"}).context["communes"]
    assert "20194" in [area.code for area in communes]
    assert "00004" not in [area.code for area in communes]


@pytest.mark.parametrize("given", ["received", "no consent", "complaint"])
def test_the_public_page_of_an_unpublished_petition_does_not_exist(client, world, given):
    petition = {
        "received": lambda: submit(world, publish_consent=True).petition,
        "no consent": lambda: published(world, consent=False).petition,
        "complaint": lambda: published(world, kind=Kind.COMPLAINT).petition,
    }[given]()

    response = client.get(reverse("public_detail", args=[petition.code]))

    assert response.status_code == 404
    assert TITLE not in response.content.decode()


# --- the place picker's data ----------------------------------------------------------


def test_communes_json_lists_the_communes_of_a_province_and_may_be_cached(client, world):
    response = client.get(reverse("communes_json"), {"province": "01"})

    results = response.json()["results"]
    codes = [result["code"] for result in results]
    assert response.status_code == 200
    assert "00004" in codes and "00070" in codes and "20194" not in codes
    assert {"code": "00004", "name": world.ba_dinh.full_name} in results
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]


@pytest.mark.parametrize("province", ["", "abc", "99", "01; DROP TABLE"])
def test_communes_json_of_no_known_province_is_empty(client, world, province):
    response = client.get(reverse("communes_json"), {"province": province})

    assert response.status_code == 200
    assert response.json() == {"results": []}


@pytest.mark.parametrize("query", ["Ba Đình", "ba dinh", "phường Ba Đình"])
def test_areas_search_finds_a_commune_typed_with_or_without_diacritics(client, world, query):
    response = client.get(reverse("areas_search_json"), {"q": query})

    results = response.json()["results"]
    assert response.status_code == 200
    assert results[0]["code"] == "00004"
    assert results[0]["level"] == "commune"


@pytest.mark.parametrize("query", ["", "   "])
def test_areas_search_of_nothing_is_empty(client, world, query):
    response = client.get(reverse("areas_search_json"), {"q": query})

    assert response.json() == {"results": []}


# --- language -------------------------------------------------------------------------

PAGES = ["home", "petition_new", "track", "public_list", "login", "register"]


@pytest.mark.parametrize("page", PAGES)
def test_the_pages_are_in_english_when_the_language_cookie_says_so(client, world, page):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse(page))

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_the_pages_are_in_english_when_accept_language_asks_for_it(client, world, page):
    response = client.get(reverse(page), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_the_pages_are_in_vietnamese_by_default(client, world):
    response = client.get(reverse("home"))

    assert '<html lang="vi">' in response.content.decode()


def test_a_logged_in_citizen_sees_staff_pages_refused_in_english_too(client, world):
    log_in(client, world, "citizen")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("inbox"))

    assert response.status_code == 403
    assert '<html lang="en">' in response.content.decode()
