"""An Idempotency-Key makes a retry safe, and only a retry: the same key with other
content is refused (422), never answered with the first petition as if it were filed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from nghedan.api.models import IdempotencyKey
from nghedan.api.tests.support import act_as, error_of
from nghedan.api.tests.test_open311 import _errors, _post
from nghedan.api.tests.test_v1_intake import _payload
from nghedan.lib.tests.samples import PDF, image_bytes
from nghedan.petitions.models import Attachment, Petition, PetitionEvent

PETITIONS = "/api/v1/petitions/"


def _counts() -> tuple[int, int, int, int]:
    return (
        Petition.objects.count(),
        PetitionEvent.objects.count(),
        Attachment.objects.count(),
        IdempotencyKey.objects.count(),
    )


@pytest.mark.parametrize("persona", ["citizen", "anonymous"])
def test_the_same_key_and_the_same_content_give_back_the_petition_already_filed(
    world, api, persona
):
    act_as(api, world, persona)
    first = api.post(PETITIONS, _payload(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201

    # The same fields in another order are the same request.
    again = api.post(
        PETITIONS, dict(reversed(_payload().items())), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )

    assert again.status_code == 200
    assert again.json()["code"] == first.json()["code"]
    assert again.json()["secret"] is None
    assert Petition.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "changed"),
    [
        ("citizen", {"body": "Cống thoát nước trước số 120 Đội Cấn bị tắc, nước tràn ra đường."}),
        ("citizen", {"title": "Đèn đường hỏng ở ngõ 120"}),
        ("citizen", {"latitude": 21.04, "longitude": 105.83}),
        # Without an account the content is part of the key; the rest must match too.
        ("anonymous", {"petitioner": {"name": "Nguyễn Văn Cường", "phone": "0912345678"}}),
        ("anonymous", {"signatories": 12}),
    ],
)
def test_the_same_key_with_other_content_is_refused_and_nothing_is_filed(
    world, api, persona, changed
):
    act_as(api, world, persona)
    first = api.post(PETITIONS, _payload(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == 201
    before = _counts()

    response = api.post(PETITIONS, _payload(**changed), format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    error = error_of(response, 422)
    assert error["code"] == "idempotency_key_reused"
    assert error["message"].startswith("Khoá Idempotency-Key này đã được dùng")
    assert error["message_en"].startswith("This Idempotency-Key was already used")
    assert error["fields"] == {"Idempotency-Key": [error["message"]]}
    assert _counts() == before
    assert Petition.objects.get().title == _payload()["title"]


def test_a_multipart_retry_with_the_same_files_is_a_retry_and_other_files_are_not(world, api):
    act_as(api, world, "citizen")

    def send(content: bytes):
        form = {
            key: value
            for key, value in _payload().items()
            if key not in ("petitioner", "latitude", "longitude")
        }
        form["attachments"] = [SimpleUploadedFile("bien-ban.pdf", content)]
        return api.post(PETITIONS, form, format="multipart", HTTP_IDEMPOTENCY_KEY="k-2")

    first = send(PDF)
    assert first.status_code == 201

    # A new multipart body (another boundary) carrying the same file is the same request.
    again = send(PDF)
    other = send(image_bytes("PNG"))

    assert again.status_code == 200 and again.json()["code"] == first.json()["code"]
    assert error_of(other, 422)["code"] == "idempotency_key_reused"
    assert (Petition.objects.count(), Attachment.objects.count()) == (1, 1)


def test_the_key_is_kept_with_the_petition_it_filed(world, api):
    response = act_as(api, world, "citizen").post(
        PETITIONS, _payload(), format="json", HTTP_IDEMPOTENCY_KEY="k-3"
    )

    kept = IdempotencyKey.objects.get()
    assert kept.petition.code == response.json()["code"]
    assert kept.key == f"api:{world.citizen.pk}:k-3"
    assert len(kept.request_digest) == 64


def test_without_a_key_the_same_content_twice_is_two_petitions(world, api):
    act_as(api, world, "citizen")

    codes = {api.post(PETITIONS, _payload(), format="json").json()["code"] for _ in range(2)}

    assert len(codes) == 2
    assert IdempotencyKey.objects.count() == 0


def test_an_open311_retry_is_answered_with_the_first_request(world, api, client_key):
    first = _post(api, client_key, address_id="00004", HTTP_IDEMPOTENCY_KEY="yc-1")

    again = _post(api, client_key, address_id="00004", HTTP_IDEMPOTENCY_KEY="yc-1")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()[0]["service_request_id"] == first.json()[0]["service_request_id"]
    assert Petition.objects.count() == 1


@pytest.mark.parametrize(
    "changed",
    [
        {"description": "Cây đổ chắn ngang đường trước số 5 Kim Mã, xe máy không đi qua được."},
        {"attribute[kind]": "proposal"},
        {"lat": "21.0357", "long": "105.8235"},
    ],
)
def test_an_open311_key_reused_for_another_request_is_a_422_in_open311_form(
    world, api, client_key, changed
):
    assert (
        _post(api, client_key, address_id="00004", HTTP_IDEMPOTENCY_KEY="yc-1").status_code == 201
    )
    before = _counts()

    response = _post(api, client_key, address_id="00004", HTTP_IDEMPOTENCY_KEY="yc-1", **changed)

    [error] = _errors(response, 422)
    assert error["description"].startswith("Idempotency-Key: Khoá Idempotency-Key này")
    assert " / Idempotency-Key: This Idempotency-Key was already used" in error["description"]
    assert _counts() == before
