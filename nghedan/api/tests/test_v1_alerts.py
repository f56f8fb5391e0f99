"""Alerts over the REST API: list, read, move through the lifecycle; refusals in the one
error shape."""

import pytest

from nghedan.alerts.models import Alert
from nghedan.api.tests.support import act_as, error_of
from nghedan.web.tests.scenes import alerted


@pytest.fixture
def alert(world) -> Alert:
    return alerted(world).alert


def test_the_api_lists_reads_and_moves_alerts(world, api, alert):
    leader = act_as(api, world, "leader_a")

    listed = leader.get("/api/v1/alerts/", {"status": "active"}).json()["results"]
    detail = leader.get(f"/api/v1/alerts/{alert.pk}/").json()
    moved = leader.post(f"/api/v1/alerts/{alert.pk}/acknowledge/", {}, format="json")

    assert [item["id"] for item in listed] == [alert.pk]
    assert detail["numbers"] == {"people": 40, "petitions": 1, "threshold": 5}
    assert len(detail["petitions"]) == 1
    assert detail["events"][0]["action"] == "opened"
    assert moved.status_code == 200
    assert moved.json()["status"] == "acknowledged"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("supervisor", 403), ("supervisor_elsewhere", 404), ("officer_a", 403), ("anonymous", 401)],
)
def test_the_api_refuses_those_who_may_not_act(world, api, alert, persona, status):
    response = act_as(api, world, persona).post(
        f"/api/v1/alerts/{alert.pk}/handle/", {"note": "Đã xử lý xong."}, format="json"
    )

    error_of(response, status)
    assert Alert.objects.get().status == "open"


def test_the_api_says_which_field_is_missing_in_both_languages(world, api, alert):
    response = act_as(api, world, "leader_a").post(
        f"/api/v1/alerts/{alert.pk}/notes/", {}, format="json"
    )

    error = error_of(response, 400)
    assert error["fields"]["text"] and error["fields_en"]["text"]
