"""Legal time limits of petitions: one place computes every due date.

The figures are the defaults of DESIGN.md §7. Counting follows the Civil Code 2015,
Arts. 147–148: a limit starts the day after the event; a limit in calendar days that
ends on a day off ends on the next working day; a limit in working days counts only
working days. Working days here are Monday to Friday.
"""

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class ClockRule:
    days: int
    working_days: bool
    citation: str


@dataclass(frozen=True)
class DueDates:
    acceptance_due: date
    resolution_due: date
    acceptance_rule: ClockRule
    resolution_rule: ClockRule


# (kind, stage) → rule. Feedback and proposals follow the agency's own service standard.
DEFAULT_RULES: dict[tuple[str, str], ClockRule] = {
    ("feedback", "acceptance"): ClockRule(
        5, True, "Quyết định 31/2021/QĐ-TTg; quy chế tiếp nhận phản ánh"
    ),
    ("feedback", "resolution"): ClockRule(
        10, True, "Quy định của cơ quan (mặc định 10 ngày làm việc)"
    ),
    ("proposal", "acceptance"): ClockRule(
        5, True, "Quyết định 31/2021/QĐ-TTg; quy chế tiếp nhận kiến nghị"
    ),
    ("proposal", "resolution"): ClockRule(
        15, True, "Quy định của cơ quan (mặc định 15 ngày làm việc)"
    ),
    ("complaint", "acceptance"): ClockRule(10, False, "Luật Khiếu nại 2011, Điều 27"),
    ("complaint", "resolution"): ClockRule(30, False, "Luật Khiếu nại 2011, Điều 28"),
    ("complaint", "second_resolution"): ClockRule(45, False, "Luật Khiếu nại 2011, Điều 37"),
    ("denunciation", "acceptance"): ClockRule(7, True, "Luật Tố cáo 2018, Điều 24"),
    ("denunciation", "resolution"): ClockRule(30, False, "Luật Tố cáo 2018, Điều 30"),
}


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def next_working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_limit(start: date, rule: ClockRule) -> date:
    """The last day of a limit of `rule.days` that starts after `start`."""
    if not rule.working_days:
        return next_working_day(start + timedelta(days=rule.days))
    day, remaining = start, rule.days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def due_dates(
    *, kind: str, received_on: date, accepted_on: date | None = None, stage: str = "first"
) -> DueDates:
    """Acceptance due counts from receipt; resolution from acceptance, or from the
    acceptance due date while the petition is not yet accepted. `stage` "second" is a
    complaint's second resolution (khiếu nại lần hai)."""
    acceptance_rule = DEFAULT_RULES[(kind, "acceptance")]
    resolution_stage = "second_resolution" if stage == "second" else "resolution"
    resolution_rule = DEFAULT_RULES[(kind, resolution_stage)]
    acceptance_due = add_limit(received_on, acceptance_rule)
    resolution_start = accepted_on or acceptance_due
    return DueDates(
        acceptance_due=acceptance_due,
        resolution_due=add_limit(resolution_start, resolution_rule),
        acceptance_rule=acceptance_rule,
        resolution_rule=resolution_rule,
    )
