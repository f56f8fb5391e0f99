"""Periods of whole months: a year, a quarter, a month, or any run of months."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nghedan.lib import clock
from nghedan.lib.text import interpolate_lazy

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
FIRST_YEAR = 2000


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


class PeriodError(ValueError):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.message = interpolate_lazy(
            gettext_lazy(
                "Kỳ không hợp lệ: “%(text)s”. Ví dụ: 2026, 2026-Q3, 2026-11 hoặc 2026-01..2026-06."
            ),
            {"text": text},
        )


@dataclass(frozen=True)
class Period:
    start: date  # first month
    end: date  # last month (inclusive)

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 1))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        first = date(year, 3 * (quarter - 1) + 1, 1)
        return cls(first, add_months(first, 2))

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls(date(year, month, 1), date(year, month, 1))

    @classmethod
    def last_months(cls, count: int = 12, *, today: date | None = None) -> "Period":
        current = (today or clock.today()).replace(day=1)
        return cls(add_months(current, 1 - count), current)

    @classmethod
    def parse(cls, text: str, *, today: date | None = None) -> "Period":
        """'2026', '2026-Q3', '2026-11', '2026-01..2026-06'; blank: the last 12 months.
        Years from 2000 to next year."""
        text = (text or "").strip()
        if not text:
            return cls.last_months(12, today=today)
        period = cls._parse(text)
        latest = (today or clock.today()).year + 1
        if period.start.year < FIRST_YEAR or period.end.year > latest:
            raise PeriodError(text)
        return period

    @classmethod
    def _parse(cls, text: str) -> "Period":
        try:
            if match := re.fullmatch(r"(\d{4})", text):
                return cls.year(int(match[1]))
            if match := re.fullmatch(r"(\d{4})-[Qq]([1-4])", text):
                return cls.quarter(int(match[1]), int(match[2]))
            if match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
                return cls.month(int(match[1]), int(match[2]))
            if match := re.fullmatch(r"(\d{4})-(\d{1,2})\.\.(\d{4})-(\d{1,2})", text):
                period = cls(
                    date(int(match[1]), int(match[2]), 1), date(int(match[3]), int(match[4]), 1)
                )
                if period.end < period.start or period.months > 120:
                    raise PeriodError(text)
                return period
        except ValueError as error:
            if isinstance(error, PeriodError):
                raise
            raise PeriodError(text) from None
        raise PeriodError(text)

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def month_list(self) -> list[date]:
        return [add_months(self.start, i) for i in range(self.months)]

    def previous(self) -> "Period":
        """The period of the same length just before this one."""
        return Period(add_months(self.start, -self.months), add_months(self.start, -1))

    @property
    def first_day(self) -> date:
        return self.start

    @property
    def last_day(self) -> date:
        return add_months(self.end, 1) - timedelta(days=1)

    @property
    def code(self) -> str:
        if self.months == 12 and self.start.month == 1:
            return f"{self.start.year}"
        if self.months == 3 and self.start.month % 3 == 1:
            return f"{self.start.year}-Q{(self.start.month + 2) // 3}"
        if self.months == 1:
            return f"{self.start:%Y-%m}"
        return f"{self.start:%Y-%m}..{self.end:%Y-%m}"

    @property
    def label(self) -> str:
        if self.months == 12 and self.start.month == 1:
            return _("Năm %(year)s") % {"year": self.start.year}
        if self.months == 3 and self.start.month % 3 == 1:
            return _("Quý %(quarter)s/%(year)s") % {
                "quarter": ROMAN[(self.start.month + 2) // 3],
                "year": self.start.year,
            }
        if self.months == 1:
            return _("Tháng %(month)s/%(year)s") % {
                "month": self.start.month,
                "year": self.start.year,
            }
        return f"{self.start:%m/%Y}–{self.end:%m/%Y}"

    def __str__(self) -> str:
        return self.label
