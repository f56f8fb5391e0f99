from datetime import date

import pytest

from nghedan.scorecards.periods import Period, PeriodError


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2026", date(2026, 1, 1), date(2026, 12, 1), "Năm 2026"),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 1), "Quý III/2026"),
        ("2026-11", date(2026, 11, 1), date(2026, 11, 1), "Tháng 11/2026"),
        ("2025-11..2026-02", date(2025, 11, 1), date(2026, 2, 1), "11/2025–02/2026"),
    ],
)
def test_periods_are_read_from_their_codes(text, start, end, label):
    period = Period.parse(text)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert Period.parse(period.code) == period


def test_blank_means_the_last_twelve_months():
    period = Period.parse("", today=date(2026, 11, 25))
    assert (period.start, period.end, period.months) == (date(2025, 12, 1), date(2026, 11, 1), 12)


def test_the_previous_period_has_the_same_length_just_before():
    assert Period.quarter(2026, 1).previous() == Period.quarter(2025, 4)
    assert Period.year(2026).previous() == Period.year(2025)
    assert Period.month(2026, 3).last_day == date(2026, 3, 31)


@pytest.mark.parametrize(
    "text",
    ["20x6", "2026-13", "2026-Q5", "2026-05..2026-01", "1900-01..2026-01", "9999", "0001-Q1"],
)
def test_a_bad_period_is_refused_with_a_message_in_vietnamese(text):
    with pytest.raises(PeriodError) as error:
        Period.parse(text)
    assert "Kỳ không hợp lệ" in str(error.value.message)
