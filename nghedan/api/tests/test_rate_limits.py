"""Public intake through the APIs is rate-limited; staff and reads are not."""

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
