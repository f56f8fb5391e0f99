"""Open311 GeoReport v2: services, posting and reading service requests, errors in its shape."""

from datetime import timedelta
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.db import connection

from nghedan.api.models import ApiClient, Open311Request
from nghedan.api.services import api_client_issue
from nghedan.jobs.models import Job, JobStatus
from nghedan.lib import clock
from nghedan.petitions.actions import petition_decline
from nghedan.petitions.models import Channel, Kind, Petition
from nghedan.test import submit

DESCRIPTION = (
    "Rác thải sinh hoạt đổ trộm thành đống lớn ở đầu ngõ 120 Đội Cấn, bốc mùi hôi nhiều ngày, "
    "đề nghị phường cho thu gom."
)
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


def _post(api, key, **fields):
    """POST a request form-encoded, as 311 clients do; HTTP_* arguments are headers."""
    headers = {name: fields.pop(name) for name in list(fields) if name.startswith("HTTP_")}
    data = {"api_key": key, "service_code": "moi-truong", "description": DESCRIPTION}
    data.update(fields)
    return api.post(
        "/open311/v2/requests.json",
        urlencode(data),
        content_type="application/x-www-form-urlencoded",
        **headers,
    )


def _errors(response, status: int) -> list[dict]:
    assert response.status_code == status, response.content
    errors = response.json()
    assert isinstance(errors, list) and errors
    for error in errors:
        assert set(error) == {"code", "description"}
        assert error["code"] == status
        assert isinstance(error["description"], str) and error["description"]
    return errors


def test_the_services_are_the_topics(world, api):
    response = api.get("/open311/v2/services.json")

    assert response.status_code == 200
    services = response.json()
    environment = next(s for s in services if s["service_code"] == "moi-truong")
    assert environment == {
        "service_code": "moi-truong",
        "service_name": "Môi trường",
        "description": world.topic("moi-truong").description,
        "metadata": True,
        "type": "realtime",
        "keywords": world.topic("moi-truong").keywords,
        "group": "Phản ánh, kiến nghị",
    }


def test_a_service_definition_describes_the_kind_signatories_title_and_publish_attributes(
    world, api
):
    response = api.get("/open311/v2/services/moi-truong.json")

    assert response.status_code == 200
    definition = response.json()
    assert definition["service_code"] == "moi-truong"
    kind, signatories, title, publish = definition["attributes"]
    assert (kind["code"], kind["datatype"], kind["required"]) == ("kind", "singlevaluelist", False)
    assert kind["values"] == [
        {"key": "feedback", "name": "Phản ánh"},
        {"key": "proposal", "name": "Kiến nghị"},
        {"key": "complaint", "name": "Khiếu nại"},
        {"key": "denunciation", "name": "Tố cáo"},
    ]
    assert (signatories["code"], signatories["datatype"]) == ("signatories", "number")
    assert (title["code"], title["datatype"], title["required"]) == ("title", "string", False)
    assert (publish["code"], publish["datatype"], publish["required"]) == (
        "publish",
        "singlevaluelist",
        False,
    )
    assert [value["key"] for value in publish["values"]] == ["true", "false"]
    assert [a["order"] for a in definition["attributes"]] == [1, 2, 3, 4]
    assert all(a["variable"] is True for a in definition["attributes"])


def test_an_unknown_service_is_a_404_in_open311_form(world, api):
    [error] = _errors(api.get("/open311/v2/services/khong-co.json"), 404)

    assert error["description"] == (
        "Không có dịch vụ với mã này. / There is no service with this code."
    )


def test_the_discovery_document_points_at_this_endpoint(world, api):
    response = api.get("/open311/v2/discovery.json")

    assert response.status_code == 200
    [endpoint] = response.json()["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]


def test_a_form_encoded_request_files_a_petition_for_the_client(world, api, client_key):
    response = _post(
        api,
        client_key,
        address_id="00004",
        address_string="Ngõ 120 Đội Cấn",
        lat="21.0357",
        long="105.8235",
        email="binh@example.vn",
        phone="0987654321",
        first_name="Thị Bình",
        last_name="Trần",
        device_id="thiet-bi-1",
        account_id="tai-khoan-7",
    )

    assert response.status_code == 201
    [created] = response.json()
    assert list(created) == ["service_request_id", "token", "service_notice", "account_id"]
    assert created["account_id"] == "tai-khoan-7"
    petition = Petition.objects.get(code=created["service_request_id"])
    assert created["token"] == str(petition.uuid)
    assert "Ủy ban nhân dân Phường Ba Đình" in created["service_notice"]
    assert petition.channel == Channel.API
    assert petition.intake_client.startswith("open311:")
    assert petition.kind == Kind.FEEDBACK
    assert petition.agency == world.agency_a
    assert petition.address == "Ngõ 120 Đội Cấn"
    assert petition.petitioner_name == "Trần Thị Bình"
    assert petition.petitioner_email == "binh@example.vn"
    assert (
        petition.title
        == "Rác thải sinh hoạt đổ trộm thành đống lớn ở đầu ngõ 120 Đội Cấn, bốc mùi hôi…"
    )
    assert petition.citizen is None


def test_a_json_request_with_attributes_files_a_complaint(world, api, client_key):
    response = api.post(
        "/open311/v2/requests.json",
        {
            "api_key": client_key,
            "service_code": "dat-dai",
            "description": (
                "Khiếu nại quyết định thu hồi đất số 15/QĐ-UBND vì bồi thường chưa thoả đáng."
            ),
            "address_id": "00004",
            "first_name": "Văn An",
            "last_name": "Nguyễn",
            "phone": "0912345678",
            "attribute": {"kind": "complaint", "signatories": 3, "title": "Khiếu nại thu hồi đất"},
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    petition = Petition.objects.get(code=response.json()[0]["service_request_id"])
    assert (petition.kind, petition.signatories, petition.title) == (
        Kind.COMPLAINT,
        3,
        "Khiếu nại thu hồi đất",
    )


def test_form_attributes_are_read_from_their_bracketed_names(world, api, client_key):
    response = _post(
        api,
        client_key,
        address_id="00004",
        **{"attribute[kind]": "Kiến nghị", "attribute[signatories]": "12"},
    )

    assert response.status_code == 201, response.content
    petition = Petition.objects.get(code=response.json()[0]["service_request_id"])
    assert (petition.kind, petition.signatories) == (Kind.PROPOSAL, 12)


def test_the_commune_is_found_from_the_address_string(world, api, client_key):
    response = _post(api, client_key, address_string="120 Đội Cấn, phường Ba Đình, Hà Nội")

    assert response.status_code == 201, response.content
    petition = Petition.objects.get(code=response.json()[0]["service_request_id"])
    assert petition.area == world.ba_dinh
    assert petition.address == "120 Đội Cấn, phường Ba Đình, Hà Nội"


@pytest.mark.parametrize(
    ("fields", "starts"),
    [
        ({"address_string": "120 Đội Cấn"}, "address_string: Không xác định được"),
        ({}, "address_id: Cần address_id"),
        ({"lat": "21.03", "long": "105.82"}, "address_id: Chưa xác định được xã/phường từ toạ độ"),
        ({"address_id": "00004", "lat": "21.03"}, "long: Cần gửi cả vĩ độ và kinh độ"),
        ({"address_id": "00004", "long": "105.82"}, "lat: Cần gửi cả vĩ độ và kinh độ"),
        ({"address_id": "00004", "lat": "91", "long": "105.82"}, "lat: "),
        ({"address_id": "99999"}, "address_id: Không có địa bàn"),
        ({"address_id": "00004", "service_code": ""}, "service_code: "),
        ({"address_id": "00004", "description": "Ngắn"}, "description: Nội dung cần ít nhất"),
        ({"address_id": "00004", "attribute[kind]": "tin-don"}, "attribute[kind]: "),
        ({"address_id": "00004", "attribute[signatories]": "0"}, "attribute[signatories]: "),
        ({"address_id": "00004", "attribute[kind]": "complaint"}, "first_name: "),
        ({"address_id": "00004", "email": "khong-phai-email"}, "email: "),
        ({"address_id": "00004", "media_url": "khong-phai-url"}, "media_url: "),
        ({"address_id": "00004", "media_url": "ftp://anh.example.vn/a.jpg"}, "media_url: "),
        ({"address_id": "00004", "attribute[publish]": "co-le"}, "attribute[publish]: "),
        ({"address_id": "00004", "attribute[mau-sac]": "do"}, "attribute[mau-sac]: "),
        ({"address_id": "00004", "attribute[title]": "Hai\ndòng"}, "attribute[title]: "),
    ],
)
def test_a_request_the_rules_refuse_is_a_400_saying_why(world, api, client_key, fields, starts):
    response = _post(api, client_key, **fields)

    [error] = _errors(response, 400)
    assert error["description"].startswith(starts)
    assert " / " in error["description"]
    assert not Petition.objects.exists()


def test_a_missing_service_code_is_a_400_in_open311_form(world, api, client_key):
    response = api.post(
        "/open311/v2/requests.json",
        {"api_key": client_key, "description": DESCRIPTION, "address_id": "00004"},
    )

    [error] = _errors(response, 400)
    assert error["description"] == (
        "service_code: Trường này là bắt buộc. / service_code: This field is required."
    )


@pytest.mark.parametrize("key", [None, "", "khoa-sai"])
def test_a_missing_or_wrong_api_key_is_refused(world, api, client_key, key):
    data = {"service_code": "moi-truong", "description": DESCRIPTION, "address_id": "00004"}
    if key is not None:
        data["api_key"] = key

    response = api.post("/open311/v2/requests.json", data)

    [error] = _errors(response, 403)
    assert "api_key" in error["description"]
    assert not Petition.objects.exists()


def test_a_disabled_clients_key_is_refused(world, api, client_key):
    ApiClient.objects.update(is_active=False)

    _errors(_post(api, client_key, address_id="00004"), 403)
    assert not Petition.objects.exists()


def test_a_retry_with_the_same_idempotency_key_returns_the_same_request(world, api, client_key):
    first = _post(api, client_key, address_id="00004", HTTP_IDEMPOTENCY_KEY="lan-1")

    again = _post(api, client_key, address_id="00004", HTTP_IDEMPOTENCY_KEY="lan-1")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Petition.objects.count() == 1


def test_media_url_is_kept_as_a_note_given_back_and_queued_never_fetched_in_the_request(
    world, api, client_key
):
    created = _post(
        api, client_key, address_id="00004", media_url="https://anh.example.vn/rac-doi-can.jpg"
    ).json()[0]

    [job] = Job.objects.filter(name="api.open311_media_fetch")
    assert job.status == JobStatus.QUEUED
    assert Open311Request.objects.get(pk=job.payload["request_id"]).media_status == "pending"

    petition = Petition.objects.get(code=created["service_request_id"])
    assert petition.body.endswith("(media_url): https://anh.example.vn/rac-doi-can.jpg")
    [shown] = api.get(f"/open311/v2/requests/{petition.code}.json", {"api_key": client_key}).json()
    assert shown["media_url"] == "https://anh.example.vn/rac-doi-can.jpg"
    assert shown["description"] == DESCRIPTION


def test_a_request_whose_audit_entry_cannot_be_written_leaves_nothing_behind(
    world, api, client_key
):
    # Given the audit log failing when the petition's event is recorded
    jobs_before = Job.objects.count()
    with mock.patch("nghedan.petitions.events.audit_record", side_effect=RuntimeError("db gone")):
        # When a client files a request with a device id and a photo to fetch
        with pytest.raises(RuntimeError):
            _post(
                api,
                client_key,
                address_id="00004",
                device_id="may-1",
                media_url="https://anh.example.vn/rac-doi-can.jpg",
            )

    # Then neither the petition nor the client's request, its media job or the analysis
    # job is kept: they are written in one transaction
    assert Petition.objects.count() == 0
    assert Open311Request.objects.count() == 0
    assert Job.objects.count() == jobs_before


# --- reading requests -------------------------------------------------------------------


def test_a_request_is_read_back_with_the_specifications_fields(world, api, client_key):
    created = _post(api, client_key, address_id="00004", lat="21.0357", long="105.8235").json()[0]
    petition = Petition.objects.get(code=created["service_request_id"])

    response = api.get(f"/open311/v2/requests/{petition.code}.json", {"api_key": client_key})

    assert response.status_code == 200
    [request] = response.json()
    assert list(request) == REQUEST_FIELDS
    assert request["service_request_id"] == petition.code
    assert request["status"] == "open"
    assert request["status_notes"] == "Đã tiếp nhận"
    assert request["service_name"] == "Môi trường"
    assert request["service_code"] == "moi-truong"
    assert request["agency_responsible"] == "Ủy ban nhân dân Phường Ba Đình"
    assert request["expected_datetime"] == f"{petition.resolution_due.isoformat()}T23:59:59+07:00"
    assert request["requested_datetime"].endswith("+07:00")
    assert request["address_id"] == "00004"
    assert request["address"] == str(world.ba_dinh)
    assert request["zipcode"] is None
    assert (request["lat"], request["long"]) == (21.0357, 105.8235)
    assert request["media_url"] is None


def test_the_description_shown_is_the_redacted_text_never_the_raw_body(world, api, client_key):
    created = _post(
        api,
        client_key,
        address_id="00004",
        description="Rác đổ trộm ở ngõ 120, gọi tôi theo số 0912345678 hoặc an@example.vn.",
    ).json()[0]

    [request] = api.get(
        f"/open311/v2/requests/{created['service_request_id']}.json", {"api_key": client_key}
    ).json()

    assert "0912345678" not in request["description"]
    assert "an@example.vn" not in request["description"]
    assert "[số điện thoại]" in request["description"]


def test_a_closed_request_gives_the_status_label_and_the_agencys_reason(world, api):
    petition = submit(world).petition  # feedback with publication consent: public
    petition_decline(
        acting_user=world.officer_a,
        petition=petition,
        reason="Đã được giải quyết tại văn bản 12/UBND, gọi 0912345678.",
    )

    [request] = api.get(f"/open311/v2/requests/{petition.code}.json").json()

    assert request["status"] == "closed"
    assert request["status_notes"] == (
        "Không thụ lý: Đã được giải quyết tại văn bản 12/UBND, gọi [số điện thoại]."
    )


def test_a_private_request_is_seen_only_by_the_client_that_filed_it(world, api, client_key):
    created = _post(api, client_key, address_id="00004", **{"attribute[publish]": "false"}).json()[
        0
    ]
    _other, other_key = api_client_issue(name="Ứng dụng khác")
    url = f"/open311/v2/requests/{created['service_request_id']}.json"

    assert api.get(url, {"api_key": client_key}).status_code == 200
    [error] = _errors(api.get(url), 404)
    assert error["description"].startswith("Không tìm thấy yêu cầu này.")
    _errors(api.get(url, {"api_key": other_key}), 404)


def test_a_wrong_api_key_on_a_read_is_refused(world, api, client_key):
    _errors(api.get("/open311/v2/requests.json", {"api_key": "khoa-sai"}), 403)


def test_the_list_holds_public_requests_and_the_clients_own_newest_first(world, api, client_key):
    public = submit(world).petition
    private = submit(world, publish_consent=False).petition
    complaint = submit(world, kind=Kind.COMPLAINT).petition  # never public
    own = _post(api, client_key, address_id="00004", **{"attribute[publish]": "false"}).json()[0][
        "service_request_id"
    ]

    anonymous = [r["service_request_id"] for r in api.get("/open311/v2/requests.json").json()]
    client = [
        r["service_request_id"]
        for r in api.get("/open311/v2/requests.json", {"api_key": client_key}).json()
    ]

    assert anonymous == [public.code]
    assert client == [own, public.code]
    assert private.code not in client and complaint.code not in client


def test_the_list_filters_by_id_service_status_and_dates(world, api):
    waste = submit(world).petition
    security = submit(world, topic="an-ninh-trat-tu").petition
    declined = submit(world).petition
    petition_decline(acting_user=world.officer_a, petition=declined, reason="Trùng đơn đã có.")
    Petition.objects.filter(pk=waste.pk).update(received_at=clock.now() - timedelta(days=10))

    def ids(**query):
        response = api.get("/open311/v2/requests.json", query)
        assert response.status_code == 200, response.content
        return {r["service_request_id"] for r in response.json()}

    assert ids(service_request_id=f"{waste.code},{security.code.lower()}") == {
        waste.code,
        security.code,
    }
    assert ids(service_code="an-ninh-trat-tu") == {security.code}
    assert ids(status="closed") == {declined.code}
    assert ids(status="open") == {waste.code, security.code}
    five_days_ago = (clock.local_now() - timedelta(days=5)).isoformat(timespec="seconds")
    assert ids(start_date=five_days_ago) == {security.code, declined.code}
    assert ids(end_date=five_days_ago) == {waste.code}
    assert ids(end_date=(clock.today() - timedelta(days=5)).isoformat()) == {waste.code}


@pytest.mark.parametrize(
    "query", [{"start_date": "hôm qua"}, {"end_date": "2026-13-45"}, {"status": "pending"}]
)
def test_a_bad_filter_is_a_400(world, api, query):
    _errors(api.get("/open311/v2/requests.json", query), 400)


def test_a_token_leads_to_its_service_request_id(world, api, client_key):
    created = _post(api, client_key, address_id="00004", **{"attribute[publish]": "false"}).json()[
        0
    ]

    response = api.get(f"/open311/v2/tokens/{created['token']}.json")

    assert response.status_code == 200
    assert response.json() == [
        {"service_request_id": created["service_request_id"], "token": created["token"]}
    ]


@pytest.mark.parametrize("token", ["khong-phai-uuid", "1b4e28ba-2fa1-11d2-883f-0016d3cca427"])
def test_an_unknown_token_is_a_404(world, api, token):
    _errors(api.get(f"/open311/v2/tokens/{token}.json"), 404)


def test_open311_answers_json_whatever_the_client_accepts(world, api):
    response = api.get("/open311/v2/services.json", HTTP_ACCEPT="text/xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")


def test_an_unknown_open311_path_and_bad_json_are_errors_in_open311_form(world, api, client_key):
    _errors(api.get("/open311/v2/khong-co.json"), 404)
    _errors(api.get("/open311/v2/requests.csv"), 404)
    _errors(
        api.post(
            f"/open311/v2/requests.json?api_key={client_key}",
            '{"service_code": ',
            content_type="application/json",
        ),
        400,
    )


def test_the_list_covers_the_last_90_days_unless_dates_are_given(world, api):
    recent = submit(world).petition
    old = submit(world).petition
    Petition.objects.filter(pk=old.pk).update(received_at=clock.now() - timedelta(days=91))

    def ids(**query):
        response = api.get("/open311/v2/requests.json", query)
        assert response.status_code == 200, response.content
        return {r["service_request_id"] for r in response.json()}

    assert ids() == {recent.code}
    assert ids(start_date=(clock.today() - timedelta(days=100)).isoformat()) == {
        recent.code,
        old.code,
    }
    assert ids(service_request_id=old.code) == {old.code}


def test_dates_spanning_more_than_90_days_are_a_400(world, api):
    [error] = _errors(
        api.get(
            "/open311/v2/requests.json",
            {"start_date": "2026-01-01", "end_date": "2026-04-02"},
        ),
        400,
    )

    assert error["description"] == (
        "end_date: Khoảng từ start_date đến end_date tối đa 90 ngày. / "
        "end_date: From start_date to end_date may span at most 90 days."
    )


def test_service_request_id_overrides_the_other_arguments(world, api):
    waste = submit(world).petition
    security = submit(world, topic="an-ninh-trat-tu").petition

    response = api.get(
        "/open311/v2/requests.json",
        {"service_request_id": waste.code, "service_code": "an-ninh-trat-tu", "status": "closed"},
    )

    assert [r["service_request_id"] for r in response.json()] == [waste.code]
    both = api.get("/open311/v2/requests.json", {"service_code": "moi-truong,an-ninh-trat-tu"})
    assert {r["service_request_id"] for r in both.json()} == {waste.code, security.code}


# --- device_id and account_id ------------------------------------------------------------


def _filed(api, key, **fields) -> str:
    response = _post(api, key, address_id="00004", **fields)
    assert response.status_code == 201, response.content
    return response.json()[0]["service_request_id"]


def test_a_client_finds_its_own_requests_by_device_and_account(world, api, client_key):
    first = _filed(api, client_key, device_id="may-1", account_id="tk-7")
    private = _filed(
        api, client_key, device_id="may-1", account_id="tk-8", **{"attribute[publish]": "false"}
    )
    other_device = _filed(api, client_key, device_id="may-2", account_id="tk-7")
    _other, other_key = api_client_issue(name="Ứng dụng khác")
    _filed(api, other_key, device_id="may-1", account_id="tk-7")

    def ids(key, **query):
        response = api.get("/open311/v2/requests.json", {"api_key": key, **query})
        assert response.status_code == 200, response.content
        return [r["service_request_id"] for r in response.json()]

    assert ids(client_key, device_id="may-1") == [private, first]
    assert ids(client_key, account_id="tk-7") == [other_device, first]
    assert ids(client_key, device_id="may-1", account_id="tk-7") == [first]
    assert ids(client_key, device_id="may-9") == []
    # Another client's requests with the same ids are its own business.
    assert len(ids(other_key, device_id="may-1")) == 1
    assert first not in ids(other_key, device_id="may-1")


def test_looking_up_by_device_or_account_needs_the_clients_key(world, api, client_key):
    _filed(api, client_key, device_id="may-1")

    for query in ({"device_id": "may-1"}, {"account_id": "tk-7"}):
        [error] = _errors(api.get("/open311/v2/requests.json", query), 403)
        assert "api_key" in error["description"]
    _errors(api.get("/open311/v2/requests.json", {"device_id": "may-1", "api_key": "sai"}), 403)


def test_device_and_account_ids_are_stored_encrypted_and_never_shown(world, api, client_key):
    code = _filed(api, client_key, device_id="may-bi-mat-1", account_id="tai-khoan-bi-mat")

    record = Open311Request.objects.get(petition__code=code)
    assert (record.device_id, record.account_id) == ("may-bi-mat-1", "tai-khoan-bi-mat")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT device_id, account_id, device_digest FROM api_open311request WHERE id = %s",
            [record.pk],
        )
        stored = " ".join(cursor.fetchone())
    assert "may-bi-mat" not in stored and "tai-khoan-bi-mat" not in stored
    for url in (f"/open311/v2/requests/{code}.json", f"/open311/v2/requests/{code}.xml"):
        shown = api.get(url, {"api_key": client_key}).content
        assert b"may-bi-mat" not in shown and b"tai-khoan-bi-mat" not in shown


def test_a_retried_request_keeps_the_first_ids(world, api, client_key):
    first = _post(
        api, client_key, address_id="00004", device_id="may-1", HTTP_IDEMPOTENCY_KEY="lan-1"
    )
    again = _post(
        api, client_key, address_id="00004", device_id="may-1", HTTP_IDEMPOTENCY_KEY="lan-1"
    )

    assert (first.status_code, again.status_code) == (201, 200)
    assert Open311Request.objects.count() == 1


# --- attributes --------------------------------------------------------------------------


def test_every_value_a_service_definition_offers_is_accepted(world, api, client_key):
    definition = api.get("/open311/v2/services/moi-truong.json").json()
    lists = [a for a in definition["attributes"] if a["datatype"] == "singlevaluelist"]
    assert [a["code"] for a in lists] == ["kind", "publish"]
    contact = {"first_name": "An", "last_name": "Nguyễn", "phone": "0912345678"}

    for attribute in lists:
        for value in attribute["values"]:
            field = f"attribute[{attribute['code']}]"
            response = _post(
                api, client_key, address_id="00004", **contact, **{field: value["key"]}
            )
            assert response.status_code == 201, (field, value, response.content)

    kinds = set(Petition.objects.values_list("kind", flat=True))
    assert kinds == {"feedback", "proposal", "complaint", "denunciation"}
    assert set(Petition.objects.values_list("publish_consent", flat=True)) == {True, False}


def test_a_multivalue_form_for_a_single_value_attribute_is_refused(world, api, client_key):
    response = api.post(
        "/open311/v2/requests.json",
        f"api_key={client_key}&service_code=moi-truong&address_id=00004"
        f"&description={DESCRIPTION}&attribute[kind][]=feedback&attribute[kind][]=proposal",
        content_type="application/x-www-form-urlencoded",
    )

    [error] = _errors(response, 400)
    assert error["description"].startswith(
        "attribute[kind]: Phải là một trong các giá trị: feedback, proposal, complaint, "
        "denunciation."
    )
