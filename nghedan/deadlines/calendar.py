"""The working-day calendar and the counting of limits (Civil Code 2015, Arts. 147–148).

A working day is Monday to Friday that is not a Vietnamese public holiday, solar or lunar
(Tết, Hùng Kings' day, and the days off the government moves, as the `holidays` library
keeps them), unless an administrator entered the day as a CalendarException: an extra
day off, or a weekend or holiday made a working day (ngày làm bù).

Public holidays are cached per year for the life of the process (they are computed, not
stored). CalendarException rows are this process's copy of the table (lib/reference): a
change in the admin is seen at once by this process, by the others within seconds.
"""

from datetime import date, timedelta
from functools import lru_cache
from typing import Protocol

import holidays

from nghedan.deadlines.models import CalendarException
from nghedan.lib.reference import reference_copy


class Limit(Protocol):
    @property
    def days(self) -> int: ...
    @property
    def working_days(self) -> bool: ...


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[date]:
    """Vietnam's public holidays of `year`, observed and moved days off included."""
    return frozenset(holidays.country_holidays("VN", years=year).keys())


def calendar_cache_clear() -> None:
    """Forget the cached public holidays (after upgrading the `holidays` library)."""
    public_holidays.cache_clear()


def calendar_exceptions() -> dict[date, bool]:
    """The days the administrator entered (day → is a working day). Read-only."""
    return reference_copy(
        "deadlines.calendar_exceptions",
        lambda: dict(CalendarException.objects.values_list("day", "is_working_day")),
    )


class WorkCalendar:
    def __init__(self) -> None:
        self._exceptions = calendar_exceptions()

    def is_working_day(self, day: date) -> bool:
        entered = self._exceptions.get(day)
        if entered is not None:
            return entered
        return day.weekday() < 5 and day not in public_holidays(day.year)

    def next_working_day(self, day: date) -> date:
        """`day` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_limit(self, start: date, rule: Limit, *, days: int | None = None) -> date:
        """The last day of a limit of `days` (by default `rule.days`) that starts after
        `start`: calendar days roll forward to a working day only at the end; working days
        count working days only."""
        count = rule.days if days is None else days
        if not rule.working_days:
            return self.next_working_day(start + timedelta(days=count))
        return self.working_days_after(start, count)

    def working_days_after(self, start: date, count: int) -> date:
        """The `count`-th working day after `start` (`start` itself not counted)."""
        day = start
        while count > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day


def is_working_day(day: date) -> bool:
    return WorkCalendar().is_working_day(day)


def next_working_day(day: date) -> date:
    return WorkCalendar().next_working_day(day)


def add_limit(start: date, rule: Limit, *, days: int | None = None) -> date:
    return WorkCalendar().add_limit(start, rule, days=days)


def working_days_after(start: date, count: int) -> date:
    return WorkCalendar().working_days_after(start, count)
