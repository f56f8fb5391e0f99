"""An alert goes open → acknowledged → handled → closed by the leaders of its place, with
notes and an assignee; supervisors read and are told; others are refused and nothing
changes; the pages and the command line show it."""

import json

import pytest
from django.core.management import call_command
from django.test import Client

from nghedan.alerts.actions import alert_assign, alert_note, alert_transition
from nghedan.alerts.models import Alert, AlertEvent
from nghedan.jobs.runner import run_pending
from nghedan.lib.errors import ActionError
from nghedan.notifications.models import Notification
from nghedan.web.tests.scenes import alerted

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(world) -> Alert:
    return alerted(world).alert


def test_the_leader_takes_the_alert_through_its_lifecycle(world, alert):
    alert_transition(acting_user=world.leader_a, alert=alert, action="acknowledge")
    alert_note(acting_user=world.leader_a, alert=alert, text="Đã cử cán bộ xuống nắm tình hình.")
    alert_transition(
        acting_user=world.leader_a, alert=alert, action="handle", note="Đã đối thoại với dân."
    )
    alert_transition(
        acting_user=world.leader_a, alert=alert, action="close", note="Dân đã đồng ý phương án."
    )

    alert.refresh_from_db()
    assert alert.status == "closed"
    assert alert.assignee == world.leader_a
    assert list(alert.events.values_list("action", flat=True)) == [
        "opened",
        "acknowledge",
        "note",
        "handle",
        "close",
    ]


def test_handling_needs_a_note_saying_what_was_done(world, alert):
    with pytest.raises(ActionError) as raised:
        alert_transition(acting_user=world.leader_a, alert=alert, action="handle", note="")

    assert raised.value.field == "note"
    assert Alert.objects.get().status == "open"


def test_a_closed_alert_cannot_be_acknowledged(world, alert):
    alert_transition(acting_user=world.leader_a, alert=alert, action="close", note="Trùng lặp.")

    with pytest.raises(ActionError) as raised:
        alert_transition(acting_user=world.leader_a, alert=alert, action="acknowledge")

    assert raised.value.status == 409


@pytest.mark.parametrize("persona", ["officer_a", "supervisor", "officer_b", "citizen"])
def test_only_leaders_of_the_place_act_and_a_refusal_changes_nothing(world, alert, persona):
    with pytest.raises(ActionError):
        alert_transition(acting_user=getattr(world, persona), alert=alert, action="acknowledge")

    assert Alert.objects.get().status == "open"
    assert AlertEvent.objects.count() == 1


def test_a_new_alert_is_told_to_the_leaders_and_supervisors_of_its_place(world, alert):
    run_pending()

    told = set(Notification.objects.filter(kind="alert_opened").values_list("recipient", flat=True))
    assert told == {world.leader_a.pk, world.supervisor.pk}


def test_the_assignee_is_told(world, alert):
    run_pending()
    alert_assign(acting_user=world.admin, alert=alert, assignee=world.leader_a)
    run_pending()

    assert Notification.objects.filter(kind="alert_assigned", recipient=world.leader_a).exists()


def test_only_a_leader_of_the_place_can_be_assigned(world, alert):
    with pytest.raises(ActionError) as raised:
        alert_assign(acting_user=world.leader_a, alert=alert, assignee=world.officer_a)

    assert raised.value.field == "assignee"


def test_alerts_list_json_from_the_command_line(world, alert, capsys):
    call_command("alerts", "list", "--json", "--status", "active")

    (row,) = json.loads(capsys.readouterr().out)
    assert row["id"] == alert.pk
    assert row["area"]["code"] == world.ba_dinh.code
    assert row["numbers"]["people"] == 40
    assert row["petitions"] == 1


def test_the_alert_page_shows_the_numbers_and_the_evidence(world, alert):
    client = Client()
    client.force_login(world.supervisor)

    page = client.get(f"/alerts/{alert.pk}/").content.decode()
    overview = client.get("/alerts/").content.decode()

    assert "Số người phản ánh" in page and "40" in page and "people" not in page
    assert alert.petitions.get().code in page
    assert 'data-code="01"' in overview
    assert f"#{alert.pk}" in overview


def test_an_official_under_discipline_is_not_given_a_hotspot(world, alert):
    from datetime import date

    from nghedan.accounts.models import DisciplineRecord

    DisciplineRecord.objects.create(
        user=world.leader_a,
        kind="warning",
        reason="Vi phạm quy tắc ứng xử",
        valid_from=date(2026, 1, 1),
    )
    with pytest.raises(ActionError) as raised:
        alert_assign(acting_user=world.admin, alert=alert, assignee=world.leader_a)

    assert raised.value.code == "under_discipline" and raised.value.field == "assignee"
    assert "công tác dân vận" in str(raised.value.message)
    alert.refresh_from_db()
    assert alert.assignee_id is None
    assert not alert.events.filter(action="assigned").exists()
