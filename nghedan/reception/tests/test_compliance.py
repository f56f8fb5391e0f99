"""Reception days held against the legal minimum, and the discipline guard shared by every
citizen-facing duty."""

import json
from datetime import date, time, timedelta

import pytest
from django.core.management import CommandError, call_command

from nghedan.accounts.discipline import discipline_in_force, require_fit_for_citizen_duty
from nghedan.accounts.models import DisciplineRecord
from nghedan.lib.errors import ActionError
from nghedan.reception.compliance import compliance_for_month, required_days, weeks_starting_in
from nghedan.reception.models import Commitment, DayStatus, ReceptionDay

pytestmark = pytest.mark.django_db
NOVEMBER = date(2026, 11, 1)


@pytest.mark.parametrize(
    ("agency_type", "month", "days"),
    [
        ("ubnd-xa", date(2026, 11, 1), 5),  # Mondays 2, 9, 16, 23, 30
        ("ubnd-xa", date(2026, 2, 1), 4),
        ("ubnd-tinh", date(2026, 11, 1), 1),
        ("so-y-te", date(2026, 11, 1), 1),
    ],
)
def test_the_legal_minimum_depends_on_the_leader_s_office(agency_type, month, days):
    required, rule = required_days(agency_type_code=agency_type, month=month)

    assert required == days
    assert "Luật Tiếp công dân 2013" in rule.citation


def test_weeks_are_counted_by_the_mondays_of_the_month():
    assert [weeks_starting_in(date(2026, m, 1)) for m in (1, 2, 3, 6)] == [4, 4, 5, 5]


def _day(leader, on, status=DayStatus.HELD):
    return ReceptionDay.objects.create(
        leader=leader,
        agency=leader.agency,
        date=on,
        starts_at=time(8),
        ends_at=time(11),
        place="Trụ sở UBND phường",
        status=status,
    )


# The commitment below is made "now": the day must be in November 2026.
@pytest.mark.clock("2026-11-25 10:00")
def test_a_commune_chair_who_received_citizens_twice_in_november_falls_short(world):
    _day(world.leader_a, date(2026, 11, 3))
    _day(world.leader_a, date(2026, 11, 10))
    _day(world.leader_a, date(2026, 11, 17), status=DayStatus.CANCELLED)
    Commitment.objects.create(
        owner=world.leader_a,
        agency=world.agency_a,
        text="Sửa đèn đường ngõ 5 trong tháng",
        due_date=date(2026, 11, 20),
    )

    (row,) = [r for r in compliance_for_month(month=NOVEMBER) if r.username == "lanhdao_a"]

    assert (row.required_days, row.held_days, row.scheduled_days) == (5, 2, 2)
    assert not row.meets_minimum
    assert row.role == "Chủ tịch UBND cấp xã"
    assert row.commitments_made == 1


def test_compliance_from_the_command_line_as_json(world, capsys):
    for week in range(5):
        _day(world.leader_a, date(2026, 11, 2) + timedelta(weeks=week))

    call_command("reception", "compliance", "--month", "2026-11", "--json")

    rows = {row["leader"]: row for row in json.loads(capsys.readouterr().out)}
    row = rows["lanhdao_a"]
    assert row["agency"]["code"] == world.agency_a.code
    assert (row["required_days"], row["held_days"], row["meets_minimum"]) == (5, 5, True)
    assert {"role", "commitments_made", "commitments_kept", "commitments_overdue"} <= set(row)


def test_a_malformed_month_is_refused_in_both_languages():
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("reception", "compliance", "--month", "11/2026")


def test_discipline_in_force_bars_citizen_facing_duties_until_it_ends(world):
    DisciplineRecord.objects.create(
        user=world.leader_a,
        kind="warning",
        reason="Vi phạm quy chế tiếp công dân",
        valid_from=date(2026, 10, 1),
        valid_to=date(2026, 12, 31),
    )

    with pytest.raises(ActionError) as raised:
        require_fit_for_citizen_duty(user=world.leader_a, on=date(2026, 11, 5), duty="reception")

    assert raised.value.code == "under_discipline"
    assert "Cảnh cáo" in str(raised.value.message)
    assert "tiếp công dân" in str(raised.value.message)
    assert discipline_in_force(user=world.leader_a, on=date(2027, 1, 1)) is None
    require_fit_for_citizen_duty(user=world.leader_a, on=date(2027, 1, 1), duty="dialogue")
