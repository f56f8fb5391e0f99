"""The clock seam: today is the day in Việt Nam, and tests never read the real clock."""

import ast
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from nghedan.conftest import suite_now
from nghedan.lib import clock

PACKAGE = Path(__file__).resolve().parents[2]


def test_every_test_runs_on_the_suite_s_pinned_instant():
    assert abs(clock.now() - suite_now()) < timedelta(minutes=5)


@pytest.mark.clock("2026-11-30T20:30:00+00:00")
def test_today_is_the_day_in_vietnam_when_utc_is_still_on_the_day_before():
    assert clock.now().date() == date(2026, 11, 30)
    assert clock.today() == date(2026, 12, 1)
    assert clock.local_now().hour == 3


@pytest.mark.clock("2026-11-30T20:30:00+00:00")
def test_today_does_not_follow_a_time_zone_a_request_activated():
    with timezone.override("America/Los_Angeles"):
        assert clock.today() == date(2026, 12, 1)


def test_a_date_and_the_start_of_a_day_are_counted_in_vietnam():
    moment = datetime.fromisoformat("2027-02-08T18:00:00+00:00")
    assert clock.local_date(moment) == date(2027, 2, 9)
    assert clock.start_of(date(2027, 2, 9)).isoformat() == "2027-02-09T00:00:00+07:00"


def _clock_reads_outside_functions(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            for part in node.body if isinstance(node.body, list) else [node.body]:
                inside.update(id(child) for child in ast.walk(part))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and id(node) not in inside
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"now", "today", "local_now"}
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id in {"clock", "timezone", "date", "datetime"}
    ]


def test_no_test_reads_the_clock_while_being_collected():
    """A date computed in a decorator or at module level is the real day, not the pinned
    one: such a test passes or fails with the calendar."""
    found = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("test_*.py")
        if (lines := _clock_reads_outside_functions(path))
    }
    assert found == {}
