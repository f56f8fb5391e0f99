"""Additive counts of one unit: what a `MonthlyCell` stores, and what a period sums to."""

import math
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

# The integer columns of MonthlyCell, in one order.
FIELDS = (
    "received",
    "signatories",
    "acceptance_due",
    "acceptance_on_time",
    "resolution_due",
    "resolution_on_time",
    "answered",
    "reopened",
    "appealable",
    "appealed",
    "rated",
    "rating_sum",
    "rated_high",
    "rated_low",
    "overdue_1_5",
    "overdue_6_10",
    "overdue_11_20",
    "overdue_21_plus",
    "overdue_days",
)
INDEX = {name: i for i, name in enumerate(FIELDS)}
# The backlog is a snapshot at the end of a month: a period takes its last month's.
SNAPSHOT_FIELDS = (
    "overdue_1_5",
    "overdue_6_10",
    "overdue_11_20",
    "overdue_21_plus",
    "overdue_days",
)
AGEING_BUCKETS = (("overdue_1_5", 1, 5), ("overdue_6_10", 6, 10), ("overdue_11_20", 11, 20))


def overdue_field(days: int) -> str:
    for name, _low, high in AGEING_BUCKETS:
        if days <= high:
            return name
    return "overdue_21_plus"


class Counts:
    """The counts, and the histogram of working days taken to answer ({days: petitions})."""

    __slots__ = ("values", "days")

    def __init__(self) -> None:
        self.values = [0] * len(FIELDS)
        self.days: dict[int, int] = {}

    def __getitem__(self, name: str) -> int:
        return self.values[INDEX[name]]

    def bump(self, name: str, by: int = 1) -> None:
        self.values[INDEX[name]] += by

    def add(self, other: "Counts", *, snapshot: bool = True) -> None:
        values = self.values
        for i, value in enumerate(other.values):
            if value:
                values[i] += value
        for days, n in other.days.items():
            self.days[days] = self.days.get(days, 0) + n
        if not snapshot:
            for name in SNAPSHOT_FIELDS:
                values[INDEX[name]] -= other[name]

    def take_snapshot(self, other: "Counts") -> None:
        for name in SNAPSHOT_FIELDS:
            self.values[INDEX[name]] = other[name]

    @property
    def overdue(self) -> int:
        return sum(self[name] for name in SNAPSHOT_FIELDS[:-1])

    def percentile(self, q: float) -> float | None:
        """The q-quantile (0–1) of the working days to answer, by the nearest-rank method."""
        total = sum(self.days.values())
        if not total:
            return None
        rank = max(1, math.ceil(q * total - 1e-9))
        seen = 0
        for days in sorted(self.days):
            seen += self.days[days]
            if seen >= rank:
                return float(days)
        return float(max(self.days))

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> "Counts":
        counts = cls()
        counts.values = [row[name] for name in FIELDS]
        counts.days = {int(k): v for k, v in (row.get("answer_days") or {}).items()}
        return counts

    def as_row(self) -> dict:
        row: dict[str, Any] = dict(zip(FIELDS, self.values, strict=True))
        row["answer_days"] = {str(k): v for k, v in sorted(self.days.items())}
        return row

    def is_empty(self) -> bool:
        return not any(self.values)


def sum_months(rows: Iterable[tuple[date, Counts]]) -> Counts:
    """A period's counts from its months: flows add up, the backlog is the last month's."""
    total = Counts()
    last: tuple[date, Counts] | None = None
    for month, counts in rows:
        total.add(counts, snapshot=False)
        if last is None or month > last[0]:
            last = (month, counts)
    if last is not None:
        total.take_snapshot(last[1])
    return total
