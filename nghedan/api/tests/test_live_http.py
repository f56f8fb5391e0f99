"""The key flows over real HTTP, against a live server, with nothing but the standard library.

These run on a transactional database (the server's thread sees only committed rows), so
they use `live_world` instead of `world`.
"""

import pytest

from nghedan.api.services import api_client_issue
from nghedan.api.tests.support import http
from nghedan.petitions.models import Channel, Petition, Status
from nghedan.test import PASSWORD

DESCRIPTION = (
    "Rác thải sinh hoạt đổ trộm thành đống lớn ở đầu ngõ 120 Đội Cấn, bốc mùi hôi nhiều ngày."
)


@pytest.fixture
def open311(live_server, live_world):
    """(base URL of the Open311 endpoint, a valid api_key)."""
    _client, key = api_client_issue(name="Ứng dụng thử nghiệm")
    return f"{live_server.url}/open311/v2", key


def _request(key: str, **fields) -> dict:
    form = {"api_key": key, "service_code": "moi-truong", "description": DESCRIPTION}
    form.update(fields)
    return form


@pytest.mark.parametrize(
    ("service_code", "agency"),
    [
        ("moi-truong", "Ủy ban nhân dân Phường Ba Đình"),
        ("an-ninh-trat-tu", "Công an Phường Ba Đình"),
        ("y-te", "Sở Y tế Thành phố Hà Nội"),
    ],
)
def test_an_open311_request_is_routed_and_read_back_with_the_agency_responsible(
    open311, service_code, agency
):
    base, key = open311

    status, created = http(
        "POST",
        f"{base}/requests.json",
        form=_request(key, service_code=service_code, address_id="00004"),
    )
    assert status == 201, created
    request_id = created[0]["service_request_id"]

    # Read back as any 311 client would: without a key (requests are public by default).
    status, found = http("GET", f"{base}/requests/{request_id}.json")

    assert status == 200
    [request] = found
    assert request["service_request_id"] == request_id
    assert request["service_code"] == service_code
    assert request["agency_responsible"] == agency
    assert request["status"] == "open"
    assert request["address_id"] == "00004"
    petition = Petition.objects.get(code=request_id)
    assert petition.agency.name == agency
    assert petition.channel == Channel.API
    assert petition.intake_client.startswith("open311:")


def test_a_retried_open311_request_creates_no_second_petition(open311):
    base, key = open311
    headers = {"Idempotency-Key": "yeu-cau-001"}
    form = _request(key, address_id="00004")

    first_status, first = http("POST", f"{base}/requests.json", form=form, headers=headers)
    again_status, again = http("POST", f"{base}/requests.json", form=form, headers=headers)

    assert (first_status, again_status) == (201, 200)
    assert again[0]["service_request_id"] == first[0]["service_request_id"]
    assert Petition.objects.count() == 1


def test_an_open311_address_string_is_resolved_to_its_commune(open311, live_world):
    base, key = open311

    status, created = http(
        "POST",
        f"{base}/requests.json",
        json_body=_request(key, address_string="Số 5 phố Kim Mã, phường Ba Đình, Hà Nội"),
    )

    assert status == 201, created
    petition = Petition.objects.get(code=created[0]["service_request_id"])
    assert petition.area == live_world.ba_dinh
    assert petition.agency == live_world.agency_a


def test_an_open311_request_with_a_bad_api_key_is_refused(open311):
    base, _key = open311

    status, errors = http(
        "POST", f"{base}/requests.json", form=_request("khoa-sai", address_id="00004")
    )

    assert status == 403
    assert [error["code"] for error in errors] == [403]
    assert not Petition.objects.exists()


def test_an_open311_request_without_a_service_code_is_a_400_in_open311_form(open311):
    base, key = open311
    form = _request(key, address_id="00004")
    del form["service_code"]

    status, errors = http("POST", f"{base}/requests.json", form=form)

    assert status == 400
    assert errors == [
        {
            "code": 400,
            "description": (
                "service_code: Trường này là bắt buộc. / service_code: This field is required."
            ),
        }
    ]
    assert not Petition.objects.exists()


def _token(base: str, user) -> dict:
    status, body = http(
        "POST", f"{base}/auth/token/", json_body={"username": user.username, "password": PASSWORD}
    )
    assert status == 200, body
    return {"Authorization": f"Token {body['token']}"}


def test_a_petition_goes_from_intake_to_answer_rating_and_reopening_over_rest(
    live_server, live_world
):
    base = f"{live_server.url}/api/v1"
    officer, leader = _token(base, live_world.officer_a), _token(base, live_world.leader_a)

    # Given an anonymous visitor files a petition and keeps its secret
    status, filed = http(
        "POST",
        f"{base}/petitions/",
        json_body={
            "topic": "moi-truong",
            "area": "00004",
            "title": "Rác thải tồn đọng ở ngõ 120 Đội Cấn",
            "body": DESCRIPTION,
            "petitioner": {"name": "Phạm Thu Hà", "phone": "0977123456"},
        },
    )
    assert status == 201, filed
    code, petitioner = filed["code"], {"X-Petition-Secret": filed["secret"]}
    assert filed["agency"]["name"] == "Ủy ban nhân dân Phường Ba Đình"

    # When the officer accepts it and drafts an answer, which waits for the leader
    status, accepted = http("POST", f"{base}/petitions/{code}/accept/", headers=officer)
    assert (status, accepted["status"]) == (200, Status.ACCEPTED)
    status, draft = http(
        "POST",
        f"{base}/petitions/{code}/answer/",
        json_body={"body": "Phường đã bố trí thu gom rác tại ngõ 120 Đội Cấn trong ngày."},
        headers=officer,
    )
    assert (status, draft["status"]) == (201, "pending_approval")

    # And the petitioner does not see the draft yet
    status, seen = http("GET", f"{base}/petitions/{code}/", headers=petitioner)
    assert (status, seen["answers"], seen["drafts"]) == (200, [], [])

    # When the leader finds it in the approvals queue and approves it
    status, queue = http("GET", f"{base}/approvals/", headers=leader)
    assert [item["id"] for item in queue["results"]] == [draft["id"]]
    status, approved = http(
        "POST",
        f"{base}/petitions/{code}/answers/{draft['id']}/approve/",
        json_body={"note": "Đồng ý."},
        headers=leader,
    )
    assert (status, approved["status"]) == (200, "published")

    # Then the petitioner reads the answer and rates it, which closes the petition
    status, seen = http("GET", f"{base}/petitions/{code}/", headers=petitioner)
    assert seen["status"] == Status.ANSWERED
    assert [answer["id"] for answer in seen["answers"]] == [draft["id"]]
    status, rated = http(
        "POST",
        f"{base}/petitions/{code}/rate/",
        json_body={"stars": 4, "reasons": ["solved", "timely"]},
        headers=petitioner,
    )
    assert (status, rated["status"]) == (201, Status.CLOSED)

    # And when the rubbish comes back, the petitioner reopens it for the agency
    status, reopened = http(
        "POST",
        f"{base}/petitions/{code}/reopen/",
        json_body={"reason": "Sau hai ngày rác lại bị đổ trộm ở chỗ cũ."},
        headers=petitioner,
    )
    assert (status, reopened["status"]) == (200, Status.REOPENED)
    status, inbox = http("GET", f"{base}/inbox/", headers=officer)
    assert code in [item["code"] for item in inbox["results"]]
    assert Petition.objects.get(code=code).status == Status.REOPENED


def test_staff_endpoints_over_http_want_a_token(live_server, live_world):
    status, body = http("GET", f"{live_server.url}/api/v1/inbox/")

    assert status == 401
    assert body["error"]["code"] == "not_authenticated"
