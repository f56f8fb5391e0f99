"""The pages' public entry points are rate-limited per account or address, the address
being the one the site's trusted proxies saw; the suggestions a draft gets are limited too,
and their refusal is JSON in the API's error shape with the time to wait."""

from nghedan.petitions.models import Petition
from nghedan.web.tests.test_rate_limits import _form

SUGGEST = "/language/suggest.json"
DRAFT = {
    "title": "Cây đổ",
    "body": "Cây xanh bật gốc đổ sập trên phố Đội Cấn, dây điện đứt rơi xuống đường.",
}


def test_suggestions_for_a_draft_are_limited_and_say_when_to_come_back(client, world, settings):
    settings.NGHEDAN_SUGGEST_RATE = "2/hour"
    for _ in range(2):
        assert client.post(SUGGEST, DRAFT).status_code == 200

    response = client.post(SUGGEST, DRAFT, HTTP_X_FORWARDED_FOR="198.51.100.23")

    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert 1 <= int(response["Retry-After"]) <= 3600
    error = response.json()["error"]
    assert error["code"] == "throttled"
    assert (
        error["message"]
        == f"Quá nhiều yêu cầu. Vui lòng thử lại sau {response['Retry-After']} giây."
    )
    assert error["message_en"] == (
        f"Too many requests. Please try again in {response['Retry-After']} seconds."
    )
    assert (error["fields"], error["fields_en"]) == ({}, {})


def test_each_signed_in_person_has_their_own_allowance_of_suggestions(client, world, settings):
    settings.NGHEDAN_SUGGEST_RATE = "1/hour"
    client.force_login(world.citizen)
    assert client.post(SUGGEST, DRAFT).status_code == 200
    assert client.post(SUGGEST, DRAFT).status_code == 429

    client.force_login(world.other_citizen)

    assert client.post(SUGGEST, DRAFT).status_code == 200


def test_a_made_up_x_forwarded_for_does_not_reset_the_intake_limit(client, world, settings):
    settings.NGHEDAN_INTAKE_RATE = "1/hour"
    first = client.post(
        "/petitions/new/", _form(world, "Lần thứ nhất"), HTTP_X_FORWARDED_FOR="192.0.2.1"
    )
    assert first.status_code == 302

    response = client.post(
        "/petitions/new/", _form(world, "Lần thứ hai"), HTTP_X_FORWARDED_FOR="192.0.2.2"
    )

    assert response.status_code == 429
    assert list(Petition.objects.values_list("title", flat=True)) == ["Lần thứ nhất"]


def test_behind_a_proxy_two_visitors_file_each_within_their_own_limit(client, world, settings):
    settings.NGHEDAN_INTAKE_RATE = "1/hour"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    statuses = [
        client.post(
            "/petitions/new/", _form(world, title), HTTP_X_FORWARDED_FOR=address, **proxy
        ).status_code
        for title, address in (
            ("Người thứ nhất", "203.0.113.5"),
            ("Người thứ hai", "203.0.113.6"),
            ("Người thứ nhất, lần nữa", "192.0.2.77, 203.0.113.5"),
        )
    ]

    assert statuses == [302, 302, 429]
    assert Petition.objects.count() == 2


def test_the_petition_form_over_its_limit_says_when_to_come_back(client, world, settings):
    settings.NGHEDAN_INTAKE_RATE = "1/hour"
    assert client.post("/petitions/new/", _form(world, "Lần thứ nhất")).status_code == 302

    response = client.post("/petitions/new/", _form(world, "Lần thứ hai"))

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 3600
