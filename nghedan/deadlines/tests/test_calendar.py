"""The working-day calendar: weekends, Vietnam's public holidays from the `holidays`
library (lunar ones included), and the days an administrator moves.

         Feb 2027 (Tết Đinh Mùi)          Dec 2026 / Jan 2027
    Mo Tu We Th Fr Sa Su              Mo Tu We Th Fr Sa Su
     1  2  3 [4][5][6][7]             21 22 23 24 25 26 27
   [8][9][10]11 12 13 14              28 29 30 31 [1] 2  3
    15 16 17 18 19 20 21               4  5  6  7  8  9 10
    22 23 24 25 26 27 28
[n] = a public holiday as the library gives it (checked in the first test).
"""

from datetime import date

import pytest

from nghedan.deadlines.calendar import (
    WorkCalendar,
    add_limit,
    is_working_day,
    next_working_day,
    public_holidays,
)
from nghedan.deadlines.models import CalendarException
from nghedan.deadlines.services import ClockRule, due_dates
from nghedan.petitions.models import Kind

pytestmark = pytest.mark.django_db

CALENDAR_10 = ClockRule(10, False, "test")
WORKING_5 = ClockRule(5, True, "test")


def test_the_holidays_library_knows_tet_and_hung_kings_day_of_2027_without_a_network():
    days = public_holidays(2027)

    tet = {day for day in days if day.month == 2}
    assert tet == {date(2027, 2, d) for d in range(4, 11)}  # 29 Tết … mùng 5
    assert date(2027, 4, 16) in days  # Giỗ Tổ Hùng Vương, 10/3 âm lịch
    assert {date(2027, 1, 1), date(2027, 4, 30), date(2027, 5, 1), date(2027, 9, 2)} <= days


def test_weekends_and_holidays_are_days_off_and_weekdays_are_working_days():
    assert is_working_day(date(2027, 2, 3))  # Wednesday before Tết
    assert not is_working_day(date(2027, 2, 4))  # 29 Tết, Thursday
    assert not is_working_day(date(2027, 2, 13))  # Saturday
    assert is_working_day(date(2027, 2, 11))  # Thursday after Tết
    assert next_working_day(date(2027, 2, 4)) == date(2027, 2, 11)


def test_a_working_day_limit_skips_the_whole_of_tet():
    # Wed 3 Feb 2027 + 5 working days: 4–10 Feb off; Thu 11, Fri 12, Mon 15, Tue 16, Wed 17.
    assert add_limit(date(2027, 2, 3), WORKING_5) == date(2027, 2, 17)


def test_a_calendar_day_limit_ending_in_tet_ends_on_the_first_working_day_after_it():
    # Mon 25 Jan 2027 + 10 = Thu 4 Feb (29 Tết): 4–10 off, ends Thu 11 Feb.
    assert add_limit(date(2027, 1, 25), CALENDAR_10) == date(2027, 2, 11)


def test_feedback_received_just_before_tet_is_due_after_it():
    # Accept: Wed 17 Feb (above). Answer, 10 working days after Wed 17: Thu 18, Fri 19 (2),
    # Mon 22 … Fri 26 (7), Mon 1, Tue 2, Wed 3 Mar (10).
    dates = due_dates(kind=Kind.FEEDBACK, received_on=date(2027, 2, 3))

    assert (dates.acceptance_due, dates.resolution_due) == (date(2027, 2, 17), date(2027, 3, 3))


def test_the_year_end_new_years_day_is_a_day_off():
    # Complaint received Tue 22 Dec 2026 + 10 = Fri 1 Jan 2027 (holiday), Sat 2, Sun 3:
    # ends Mon 4 Jan.
    complaint = due_dates(kind=Kind.COMPLAINT, received_on=date(2026, 12, 22))
    # Denunciation received Thu 24 Dec 2026, 7 working days: Fri 25 (1; not a holiday in
    # Vietnam), Mon 28 … Thu 31 (5), Fri 1 Jan off, Mon 4 (6), Tue 5 Jan (7).
    denunciation = due_dates(kind=Kind.DENUNCIATION, received_on=date(2026, 12, 24))

    assert complaint.acceptance_due == date(2027, 1, 4)
    assert denunciation.acceptance_due == date(2027, 1, 5)


def test_a_make_up_working_saturday_counts_as_a_working_day():
    CalendarException.objects.create(day=date(2026, 5, 9), is_working_day=True, note="Làm bù")

    # Mon 4 May + 5 working days: Tue 5, Wed 6, Thu 7, Fri 8, Sat 9 (làm bù).
    assert add_limit(date(2026, 5, 4), WORKING_5) == date(2026, 5, 9)
    # Wed 29 Apr + 10 = Sat 9 May: a working day now, so the limit does not roll.
    assert add_limit(date(2026, 4, 29), CALENDAR_10) == date(2026, 5, 9)


def test_an_extra_day_off_is_skipped():
    CalendarException.objects.create(day=date(2026, 5, 8), is_working_day=False, note="Nghỉ")

    # Mon 4 May + 5 working days: Tue 5, Wed 6, Thu 7, (Fri 8 off), Mon 11, Tue 12.
    assert add_limit(date(2026, 5, 4), WORKING_5) == date(2026, 5, 12)


def test_an_exception_entered_in_the_admin_is_seen_by_the_next_computation():
    calendar = WorkCalendar()
    assert not calendar.is_working_day(date(2026, 5, 9))

    CalendarException.objects.create(day=date(2026, 5, 9), is_working_day=True)

    assert WorkCalendar().is_working_day(date(2026, 5, 9))


def test_a_make_up_day_on_a_public_holiday_wins_over_the_library():
    CalendarException.objects.create(day=date(2026, 4, 30), is_working_day=True)

    assert is_working_day(date(2026, 4, 30))
    assert not is_working_day(date(2026, 5, 1))
