"""Filing a petition through the REST API: with or without an account, retried, refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from nghedan.api.tests.support import act_as, error_of
from nghedan.lib.crypto import readable_secret_key, secret_matches
from nghedan.lib.tests.samples import EXE, PDF
from nghedan.petitions.models import Attachment, Channel, Petition, PetitionEvent, Status

BODY = "Đèn đường trên phố Đội Cấn đoạn trước số 120 bị hỏng hơn một tuần, buổi tối rất tối."


def _payload(**overrides) -> dict:
    payload = {
        "kind": "feedback",
        "topic": "giao-thong-ha-tang",
        "area": "00004",
        "title": "Đèn đường hỏng trên phố Đội Cấn",
        "body": BODY,
        "address": "120 Đội Cấn",
        "latitude": 21.0356789,
        "longitude": 105.8234567,
        "publish_consent": True,
        "petitioner": {"name": "Trần Thị Bình", "phone": "0987654321"},
    }
    payload.update(overrides)
    return payload


def test_an_anonymous_visitor_files_a_petition_and_gets_its_code_and_secret(world, api):
    response = api.post("/api/v1/petitions/", _payload(), format="json")

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"code", "status", "agency", "acceptance_due", "resolution_due", "secret"}
    petition = Petition.objects.get(code=body["code"])
    assert body["status"] == Status.RECEIVED
    assert body["agency"] == {"code": world.agency_a.code, "name": "Ủy ban nhân dân Phường Ba Đình"}
    assert body["acceptance_due"] == petition.acceptance_due.isoformat()
    assert body["resolution_due"] == petition.resolution_due.isoformat()
    assert secret_matches(readable_secret_key(body["secret"]), petition.secret_digest)
    assert petition.channel == Channel.API
    assert petition.citizen is None
    assert petition.petitioner_name == "Trần Thị Bình"
    assert str(petition.latitude) == "21.035679"
    assert petition.publish_consent is True


def test_a_signed_in_citizens_petition_is_theirs(world, api):
    response = act_as(api, world, "citizen").post("/api/v1/petitions/", _payload(), format="json")

    assert response.status_code == 201
    assert Petition.objects.get(code=response.json()["code"]).citizen == world.citizen


def test_the_petition_goes_to_the_agency_the_routing_rules_name(world, api):
    response = api.post("/api/v1/petitions/", _payload(topic="an-ninh-trat-tu"), format="json")

    assert response.json()["agency"]["code"] == world.police_a.code


def test_a_retry_with_the_same_idempotency_key_returns_the_same_petition(world, api):
    first = api.post("/api/v1/petitions/", _payload(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    count = Petition.objects.count()

    again = api.post("/api/v1/petitions/", _payload(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["code"] == first.json()["code"]
    assert again.json()["secret"] is None  # shown once, on creation
    assert Petition.objects.count() == count
    assert PetitionEvent.objects.filter(action="submitted").count() == count


def test_the_same_idempotency_key_from_two_accounts_makes_two_petitions(world, api):
    act_as(api, world, "citizen")
    mine = api.post("/api/v1/petitions/", _payload(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    act_as(api, world, "other_citizen")
    theirs = api.post("/api/v1/petitions/", _payload(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["code"] != theirs.json()["code"]
    assert Petition.objects.get(code=mine.json()["code"]).intake_key == (
        f"api:{world.citizen.pk}:k-1"
    )


def test_a_malformed_idempotency_key_is_refused(world, api):
    response = api.post(
        "/api/v1/petitions/", _payload(), format="json", HTTP_IDEMPOTENCY_KEY="k" * 101
    )

    assert error_of(response, 400)["code"] == "bad_idempotency_key"
    assert not Petition.objects.exists()


def test_a_multipart_petition_carries_its_attachments(world, api):
    data = {
        "topic": "moi-truong",
        "area": "00004",
        "title": "Bãi rác tự phát",
        "body": BODY,
        "petitioner.name": "Lê Văn Cường",
        "petitioner.phone": "0901234567",
        "attachments": [
            SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf"),
            SimpleUploadedFile("anh.pdf", PDF, content_type="application/pdf"),
        ],
    }

    response = api.post("/api/v1/petitions/", data, format="multipart")

    assert response.status_code == 201, response.content
    petition = Petition.objects.get(code=response.json()["code"])
    assert petition.petitioner_name == "Lê Văn Cường"
    assert list(petition.attachments.values_list("original_name", flat=True)) == [
        "bien-ban.pdf",
        "anh.pdf",
    ]


def test_an_attachment_that_is_not_an_image_or_pdf_is_refused(world, api):
    data = {
        "topic": "moi-truong",
        "area": "00004",
        "title": "Bãi rác tự phát",
        "body": BODY,
        "attachments": [SimpleUploadedFile("anh.jpg", EXE, content_type="image/jpeg")],
    }

    response = api.post("/api/v1/petitions/", data, format="multipart")

    error = error_of(response, 400)
    assert list(error["fields"]) == ["attachments"]
    assert not Petition.objects.exists()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"topic": "khong-co"}, "topic", "invalid"),
        ({"area": "99999"}, "area", "invalid"),
        ({"area": "Ba Đình"}, "area", "invalid"),
        ({"kind": "gossip"}, "kind", "invalid"),
        ({"title": ""}, "title", "invalid"),
        ({"latitude": 123}, "latitude", "invalid"),
        ({"signatories": "nhiều"}, "signatories", "invalid"),
        ({"petitioner": {"email": "khong-phai-email"}}, "petitioner.email", "invalid"),
        ({"body": "Ngắn"}, "body", "body_too_short"),
        ({"signatories": 0}, "signatories", "bad_signatories"),
        ({"kind": "complaint", "is_anonymous": True}, "is_anonymous", "identity_required"),
        (
            {"kind": "complaint", "petitioner": {"phone": "0912"}},
            "petitioner.name",
            "name_required",
        ),
    ],
)
def test_bad_input_is_refused_with_the_field_at_fault(world, api, overrides, field, code):
    response = api.post("/api/v1/petitions/", _payload(**overrides), format="json")

    error = error_of(response, 400)
    assert error["code"] == code
    assert list(error["fields"]) == [field]
    assert list(error["fields_en"]) == [field]
    assert not Petition.objects.exists()


def test_an_unknown_topic_is_explained_in_vietnamese_and_in_english(world, api):
    response = api.post("/api/v1/petitions/", _payload(topic="khong-co"), format="json")

    error = error_of(response, 400)
    assert error["message"].startswith("Dữ liệu gửi lên không hợp lệ")
    assert error["message_en"].startswith("The submitted data is invalid")
    assert error["fields"] == {"topic": ["Không có lĩnh vực với mã này."]}
    assert error["fields_en"] == {"topic": ["There is no topic with this code."]}


def test_a_missing_field_is_explained_in_vietnamese_even_where_drf_has_no_translation(world, api):
    response = api.post("/api/v1/petitions/", {"topic": "moi-truong"}, format="json")

    error = error_of(response, 400)
    assert error["fields"]["area"] == ["Trường này là bắt buộc."]
    assert error["fields_en"]["area"] == ["This field is required."]


def test_the_error_gives_both_languages_whatever_language_the_client_asked_for(world, api):
    response = api.post(
        "/api/v1/petitions/", _payload(topic="khong-co"), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    error = error_of(response, 400)
    assert error["fields"] == {"topic": ["Không có lĩnh vực với mã này."]}
    assert error["fields_en"] == {"topic": ["There is no topic with this code."]}


def test_a_body_that_is_not_json_is_a_bad_request_not_a_crash(world, api):
    response = api.post(
        "/api/v1/petitions/", '{"topic": "moi-truong",', content_type="application/json"
    )

    error = error_of(response, 400)
    assert error["code"] == "parse_error"
    assert error["message_en"].startswith("The request body could not be read")


@pytest.mark.parametrize("body", ["[1, 2]", '"chuỗi"', "null", "42"])
def test_json_that_is_not_an_object_is_a_bad_request(world, api, body):
    response = api.post("/api/v1/petitions/", body, content_type="application/json")

    assert error_of(response, 400)["code"] in ("invalid", "parse_error")
    assert not Petition.objects.exists()


def test_a_body_in_an_unsupported_format_is_refused(world, api):
    response = api.post("/api/v1/petitions/", "<xml/>", content_type="application/xml")

    error = error_of(response, 415)
    assert error["code"] == "unsupported_media_type"
    assert "application/xml" in error["message_en"]
