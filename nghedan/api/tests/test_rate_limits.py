"""Public intake, signing in and suggestions through the APIs are rate-limited; staff and
reads are not. The address counted is the one the site's trusted proxies saw (none by
default: X-Forwarded-For is then ignored), and a refusal says when to come back."""

from nghedan.api.tests.support import act_as, error_of
from nghedan.api.tests.test_open311 import _post
from nghedan.api.tests.test_v1_intake import _payload
from nghedan.petitions.models import Petition


def test_an_anonymous_caller_over_the_intake_limit_is_told_to_wait_and_nothing_is_filed(
    world, api, settings
):
    settings.NGHEDAN_INTAKE_RATE = "2/hour"
    for _ in range(2):
        assert api.post("/api/v1/petitions/", _payload(), format="json").status_code == 201

    response = api.post("/api/v1/petitions/", _payload(), format="json")

    error = error_of(response, 429)
    assert error["code"] == "throttled"
    assert Petition.objects.count() == 2


def test_staff_entering_petitions_for_callers_are_not_limited(world, api, settings):
    settings.NGHEDAN_INTAKE_RATE = "1/hour"
    act_as(api, world, "officer_a")

    statuses = [
        api.post("/api/v1/petitions/", _payload(), format="json").status_code for _ in range(3)
    ]

    assert statuses == [201, 201, 201]


def test_reading_the_list_is_not_counted_against_the_intake_limit(world, api, settings):
    settings.NGHEDAN_INTAKE_RATE = "1/hour"
    act_as(api, world, "citizen")
    for _ in range(3):
        assert api.get("/api/v1/petitions/").status_code == 200

    assert api.post("/api/v1/petitions/", _payload(), format="json").status_code == 201


def test_an_open311_client_over_its_limit_gets_an_open311_error(world, api, settings, client_key):
    settings.NGHEDAN_OPEN311_RATE = "1/hour"
    assert _post(api, client_key, address_id="00004").status_code == 201

    response = _post(api, client_key, address_id="00004")

    assert response.status_code == 429
    assert [error["code"] for error in response.json()] == [429]
    assert Petition.objects.count() == 1


# --- the address that is counted, and when to come back ------------------------------------

SIGN_IN = "/api/v1/auth/token/"


def _guess(api, n: int, **headers):
    credentials = {"username": f"khong-ai-{n}", "password": "doan-thu"}
    return api.post(SIGN_IN, credentials, format="json", **headers)


def test_a_new_x_forwarded_for_on_every_guess_does_not_reset_the_sign_in_limit(
    world, api, settings
):
    # Given no proxy in front of the site (the default): the header is the client's own word
    settings.NGHEDAN_SIGN_IN_RATE = "3/hour"
    for n in range(3):
        error_of(_guess(api, n, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"), 400)

    response = _guess(api, 3, HTTP_X_FORWARDED_FOR="198.51.100.7")

    error = error_of(response, 429)
    assert error["code"] == "throttled"
    assert error["message_en"].startswith("Request was throttled.")
    assert 1 <= int(response["Retry-After"]) <= 3600


def test_behind_a_proxy_the_address_it_saw_is_counted_not_what_the_client_wrote(
    world, api, settings
):
    settings.NGHEDAN_SIGN_IN_RATE = "2/hour"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    # One client writes a new address before the proxy's every time
    for n in range(2):
        forwarded = f"192.0.2.{n}, 203.0.113.9"
        error_of(_guess(api, n, HTTP_X_FORWARDED_FOR=forwarded, **proxy), 400)
    spoofed = _guess(api, 2, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.9", **proxy)

    # Another client behind the same proxy still has its own allowance
    neighbour = _guess(api, 3, HTTP_X_FORWARDED_FOR="203.0.113.10", **proxy)

    assert error_of(spoofed, 429)["code"] == "throttled"
    assert error_of(neighbour, 400)["code"] == "invalid_credentials"


def test_the_addresses_of_one_ipv6_network_share_an_allowance(world, api, settings):
    settings.NGHEDAN_SIGN_IN_RATE = "2/hour"
    for n in range(2):
        error_of(_guess(api, n, REMOTE_ADDR=f"2001:db8:1:2::{n + 1}"), 400)

    response = _guess(api, 2, REMOTE_ADDR="2001:db8:1:2:ffff::3")

    assert error_of(response, 429)["code"] == "throttled"


def test_an_intake_refused_for_its_rate_says_when_to_come_back(world, api, settings):
    settings.NGHEDAN_INTAKE_RATE = "1/hour"
    assert api.post("/api/v1/petitions/", _payload(), format="json").status_code == 201

    response = api.post("/api/v1/petitions/", _payload(), format="json")

    assert error_of(response, 429)["code"] == "throttled"
    assert 1 <= int(response["Retry-After"]) <= 3600


def test_an_open311_client_refused_for_its_rate_is_told_when_to_come_back(
    world, api, settings, client_key
):
    settings.NGHEDAN_OPEN311_RATE = "1/hour"
    assert _post(api, client_key, address_id="00004").status_code == 201

    response = _post(api, client_key, address_id="00004")

    assert [error["code"] for error in response.json()] == [429]
    assert 1 <= int(response["Retry-After"]) <= 3600


def test_suggestions_are_limited_per_address_at_the_configured_rate(world, api, settings):
    settings.NGHEDAN_SUGGEST_RATE = "2/hour"
    draft = {"body": "Cây xanh bật gốc đổ sập trên phố Đội Cấn, dây điện đứt rơi xuống đường."}
    for _ in range(2):
        assert api.post("/api/v1/suggestions/", draft, format="json").status_code == 200

    response = api.post(
        "/api/v1/suggestions/", draft, format="json", HTTP_X_FORWARDED_FOR="198.51.100.1"
    )

    assert error_of(response, 429)["code"] == "throttled"
    assert 1 <= int(response["Retry-After"]) <= 3600
