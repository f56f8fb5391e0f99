"""Legal time limits (DESIGN.md §7) counted as the Civil Code 2015, Arts. 147–148 says.

Every expected date below was counted by hand on the May–July 2026 calendar:

         May 2026              June 2026
    Mo Tu We Th Fr Sa Su   Mo Tu We Th Fr Sa Su
                 1  2  3    1  2  3  4  5  6  7
     4  5  6  7  8  9 10    8  9 10 11 12 13 14
    11 12 13 14 15 16 17   15 16 17 18 19 20 21
    18 19 20 21 22 23 24   22 23 24 25 26 27 28
    25 26 27 28 29 30 31   29 30

A limit starts the day after the event; a limit in calendar days that ends on a day off
ends on the next working day; a limit in working days counts only working days.
"""

from datetime import date

import pytest

from nghedan.deadlines.calendar import add_limit
from nghedan.deadlines.models import DeadlineRule
from nghedan.deadlines.services import ClockRule, due_dates
from nghedan.petitions.models import Kind

# Due dates read the rules and the administrator's calendar from the database.
pytestmark = pytest.mark.django_db

MON_4_MAY = date(2026, 5, 4)
CALENDAR_10 = ClockRule(10, False, "test")
WORKING_5 = ClockRule(5, True, "test")


@pytest.mark.parametrize(
    ("received", "due", "counted"),
    [
        (date(2026, 5, 4), date(2026, 5, 14), "Mon 4 + 10 = Thu 14"),
        (date(2026, 5, 5), date(2026, 5, 15), "Tue 5 + 10 = Fri 15"),
        (date(2026, 5, 6), date(2026, 5, 18), "Wed 6 + 10 = Sat 16, rolls to Mon 18"),
        (date(2026, 5, 7), date(2026, 5, 18), "Thu 7 + 10 = Sun 17, rolls to Mon 18"),
        (date(2026, 5, 9), date(2026, 5, 19), "Sat 9 + 10 = Tue 19: a weekend start counts"),
    ],
)
def test_a_calendar_day_limit_ending_on_a_weekend_ends_on_the_next_monday(received, due, counted):
    assert add_limit(received, CALENDAR_10) == due, counted


@pytest.mark.parametrize(
    ("received", "due", "counted"),
    [
        (date(2026, 5, 4), date(2026, 5, 11), "Tue 5, Wed 6, Thu 7, Fri 8, Mon 11"),
        (date(2026, 5, 8), date(2026, 5, 15), "Mon 11 … Fri 15"),
        (date(2026, 5, 9), date(2026, 5, 15), "Sat: Sun skipped, Mon 11 … Fri 15"),
        (date(2026, 5, 10), date(2026, 5, 15), "Sun: Mon 11 … Fri 15"),
    ],
)
def test_a_working_day_limit_counts_only_monday_to_friday(received, due, counted):
    assert add_limit(received, WORKING_5) == due, counted


def test_a_limit_never_counts_the_day_of_the_event_itself():
    assert add_limit(MON_4_MAY, ClockRule(1, False, "")) == date(2026, 5, 5)
    assert add_limit(MON_4_MAY, ClockRule(1, True, "")) == date(2026, 5, 5)


@pytest.mark.parametrize(
    ("kind", "acceptance_due", "resolution_due", "counted"),
    [
        # 5 working days to accept: Tue 5 … Mon 11; 10 working days to answer after
        # Mon 11: Tue 12 … Fri 15 (4), Mon 18 … Fri 22 (9), Mon 25 (10).
        (Kind.FEEDBACK, date(2026, 5, 11), date(2026, 5, 25), "feedback"),
        # 5 working days: Mon 11; then 15 working days: 12–15 (4), 18–22 (9), 25–29 (14),
        # Mon 1 June (15).
        (Kind.PROPOSAL, date(2026, 5, 11), date(2026, 6, 1), "proposal"),
        # 10 calendar days: Thu 14 May; then 30 calendar days: Sat 13 June, rolls to Mon 15.
        (Kind.COMPLAINT, date(2026, 5, 14), date(2026, 6, 15), "complaint"),
        # 7 working days: Tue 5 … Fri 8 (4), Mon 11 … Wed 13 (7); then 30 calendar days:
        # Fri 12 June.
        (Kind.DENUNCIATION, date(2026, 5, 13), date(2026, 6, 12), "denunciation"),
    ],
)
def test_each_kind_has_its_default_limits_counted_from_receipt(
    kind, acceptance_due, resolution_due, counted
):
    dates = due_dates(kind=kind, received_on=MON_4_MAY)

    assert (dates.acceptance_due, dates.resolution_due) == (acceptance_due, resolution_due), counted
    seeded = {rule.stage: rule for rule in DeadlineRule.objects.filter(kind=kind)}
    assert dates.acceptance_rule.rule_id == seeded["acceptance"].pk
    assert dates.resolution_rule.rule_id == seeded["resolution"].pk
    assert dates.resolution_rule.citation == seeded["resolution"].citation


def test_resolution_counts_from_the_day_of_acceptance_once_accepted():
    # Complaint received Mon 4 May, accepted Fri 8 May: 8 + 30 = Sun 7 June, rolls to Mon 8.
    dates = due_dates(kind=Kind.COMPLAINT, received_on=MON_4_MAY, accepted_on=date(2026, 5, 8))

    assert dates.acceptance_due == date(2026, 5, 14)
    assert dates.resolution_due == date(2026, 6, 8)


def test_resolution_counts_from_the_acceptance_due_date_while_not_yet_accepted():
    dates = due_dates(kind=Kind.COMPLAINT, received_on=MON_4_MAY)

    assert dates.resolution_due == add_limit(dates.acceptance_due, dates.resolution_rule)


def test_every_kind_has_an_acceptance_and_a_resolution_rule_with_a_citation():
    for kind in Kind.values:
        for stage in ("acceptance", "resolution"):
            rule = DeadlineRule.objects.get(kind=kind, stage=stage)
            assert rule.days > 0 and rule.citation, (kind, stage)


def test_the_legal_figures_match_the_laws_cited():
    def figures(kind, stage):
        rule = DeadlineRule.objects.get(kind=kind, stage=stage)
        return (rule.days, rule.working_days, rule.citation)

    assert figures(Kind.COMPLAINT, "acceptance") == (10, False, "Luật Khiếu nại 2011, Điều 27")
    assert figures(Kind.COMPLAINT, "resolution")[:2] == (30, False)  # Art. 28
    assert figures(Kind.DENUNCIATION, "acceptance") == (7, True, "Luật Tố cáo 2018, Điều 24")
    assert figures(Kind.DENUNCIATION, "resolution")[:2] == (30, False)  # Art. 30


def test_a_working_day_limit_skips_reunification_day_and_labour_day():
    # Feedback received Wed 29 Apr 2026; Thu 30 Apr and Fri 1 May are public holidays:
    # Mon 4, Tue 5, Wed 6, Thu 7, Fri 8 May.
    dates = due_dates(kind=Kind.FEEDBACK, received_on=date(2026, 4, 29))

    assert dates.acceptance_due == date(2026, 5, 8)


def test_a_calendar_day_limit_ending_on_a_public_holiday_ends_on_the_next_working_day():
    # Complaint received Mon 20 Apr 2026: 20 + 10 = Thu 30 Apr (holiday), Fri 1 May
    # (holiday), Sat 2, Sun 3: ends Mon 4 May.
    dates = due_dates(kind=Kind.COMPLAINT, received_on=date(2026, 4, 20))

    assert dates.acceptance_due == date(2026, 5, 4)
