"""Building the monthly cells from the petitions.

Each petition adds to the cells of its agency, of the agency's commune and province, and
of the officer who wrote the answer in force; the nation's cells are the sum of the
provinces'. A province is rebuilt as a whole, so a refresh rebuilds the provinces where
something changed since the last one, and a nightly rebuild does all of them (the
backlog ages and deadlines fall due with no petition changing).

When each petition counts (see docs/scorecards.md):
- received: the month it was received;
- accepted / resolved on time: the month its deadline falls, once the deadline has passed
  or the step was done (so a period's rate cannot be improved by not answering);
- answered, working days taken, later reopened or appealed: the month of the answer in force;
- ratings: the month they were given;
- overdue backlog: open past its deadline at the end of each month (today for this month).
"""

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q, Subquery

from nghedan.lib import clock
from nghedan.petitions.lifecycle import CLOSED_WITHOUT_ANSWER, REOPENING_EVENTS
from nghedan.petitions.models import Status
from nghedan.scorecards.counts import Counts, overdue_field
from nghedan.scorecards.models import MonthlyCell, RefreshState, UnitKind

if TYPE_CHECKING:
    from nghedan.areas.models import Area

# The units a petition counts in: (unit kind, unit id) pairs.
_Units = tuple[tuple[str, int], ...]

BATCH = 5000


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def month_end(month: date) -> date:
    return next_month(month) - timedelta(days=1)


class WorkdayIndex:
    """Working days between two dates in O(1), from one pass over the calendar."""

    def __init__(self, start: date, end: date) -> None:
        from nghedan.deadlines.calendar import WorkCalendar

        calendar = WorkCalendar()
        self.start = start
        self.cumulative = [0]
        day = start
        while day <= end:
            self.cumulative.append(self.cumulative[-1] + calendar.is_working_day(day))
            day += timedelta(days=1)

    def _position(self, day: date) -> int:
        offset = (day - self.start).days + 1
        return min(max(offset, 0), len(self.cumulative) - 1)

    def between(self, after: date, until: date) -> int:
        """Working days after `after` up to and including `until` (0 if none)."""
        if until <= after:
            return 0
        return self.cumulative[self._position(until)] - self.cumulative[self._position(after)]


@dataclass(frozen=True)
class RefreshResult:
    provinces: int
    petitions: int
    cells: int
    seconds: float


def _local(moment: datetime | None) -> date | None:
    return clock.local_date(moment) if moment is not None else None


class _Builder:
    """Accumulates the cells of one province."""

    def __init__(self, *, today: date, workdays: WorkdayIndex) -> None:
        self.today = today
        self.workdays = workdays
        self.cells: dict[tuple[str, int, int, date], Counts] = defaultdict(Counts)

    def _targets(self, units: _Units, topic_id: int, month: date) -> Iterator[Counts]:
        for kind, unit_id in units:
            yield self.cells[(kind, unit_id, 0, month)]
            if kind != UnitKind.OFFICER:
                yield self.cells[(kind, unit_id, topic_id, month)]

    def bump(self, units: _Units, topic_id: int, month: date, name: str, by: int = 1) -> None:
        for counts in self._targets(units, topic_id, month):
            counts.bump(name, by)

    def answer_days(self, units: _Units, topic_id: int, month: date, days: int) -> None:
        for counts in self._targets(units, topic_id, month):
            counts.days[days] = counts.days.get(days, 0) + 1

    def petition(
        self,
        row: Mapping[str, Any],
        units: _Units,
        officer_units: _Units,
        *,
        reopened: bool,
        appealed: bool,
    ) -> None:
        today = self.today
        topic = row["topic_id"]
        received = clock.local_date(row["received_at"])
        self.bump(units, topic, month_of(received), "received")
        self.bump(units, topic, month_of(received), "signatories", row["signatories"])
        status = row["status"]
        answered = _local(row["answered_at"])

        due = row["acceptance_due"]
        if due is not None:
            decided = _local(row["accepted_at"])
            if decided is None and status == Status.DECLINED:
                decided = _local(row["closed_at"])
            if decided is not None or (due < today and status != Status.WITHDRAWN):
                self.bump(units, topic, month_of(due), "acceptance_due")
                if decided is not None and decided <= due:
                    self.bump(units, topic, month_of(due), "acceptance_on_time")

        due = row["resolution_due"]
        if due is not None and (answered is not None or status not in CLOSED_WITHOUT_ANSWER):
            if answered is not None or due < today:
                on_time = answered is not None and answered <= due
                self.bump(units, topic, month_of(due), "resolution_due")
                self.bump(units, topic, month_of(due), "resolution_on_time", on_time)
                if answered is not None and officer_units:
                    self.bump(officer_units, topic, month_of(due), "resolution_due")
                    self.bump(officer_units, topic, month_of(due), "resolution_on_time", on_time)
            self._backlog(units, topic, due, answered, status, row["closed_at"])

        if answered is not None:
            everyone = units + officer_units
            month = month_of(answered)
            self.bump(everyone, topic, month, "answered")
            self.answer_days(everyone, topic, month, self.workdays.between(received, answered))
            if reopened:
                self.bump(everyone, topic, month, "reopened")
            if row["kind"] == "complaint":
                self.bump(everyone, topic, month, "appealable")
                if appealed:
                    self.bump(everyone, topic, month, "appealed")

    def _backlog(
        self,
        units: _Units,
        topic: int,
        due: date,
        answered: date | None,
        status: str,
        closed_at: datetime | None,
    ) -> None:
        """Add the petition to the backlog of every month end it was open past `due`."""
        if answered is not None:
            open_until = answered
        elif status in CLOSED_WITHOUT_ANSWER:
            open_until = _local(closed_at) or due
        else:
            open_until = None
        month = month_of(due)
        current = month_of(self.today)
        while month <= current:
            end = min(month_end(month), self.today)
            if open_until is not None and open_until <= end:
                break
            overdue = self.workdays.between(due, end)
            if overdue > 0:
                self.bump(units, topic, month, overdue_field(overdue))
                self.bump(units, topic, month, "overdue_days", overdue)
            month = next_month(month)

    def rating(
        self, units: _Units, officer_units: _Units, topic: int, stars: int, given: date
    ) -> None:
        everyone = units + officer_units
        month = month_of(given)
        self.bump(everyone, topic, month, "rated")
        self.bump(everyone, topic, month, "rating_sum", stars)
        if stars >= 4:
            self.bump(everyone, topic, month, "rated_high")
        elif stars <= 2:
            self.bump(everyone, topic, month, "rated_low")


def _province_agencies(province: "Area") -> dict[int, tuple]:
    """agency id → the area units it counts in."""
    from nghedan.agencies.models import Agency

    agencies = Agency.objects.filter(Q(area=province) | Q(area__parent=province))
    units = {}
    for agency_id, area_id, level in agencies.values_list("pk", "area_id", "area__level"):
        targets = [(UnitKind.AGENCY, agency_id), (UnitKind.AREA, province.pk)]
        if level == "commune":
            targets.append((UnitKind.AREA, area_id))
        units[agency_id] = tuple(targets)
    return units


def _answer_authors(petition_ids: list[int]) -> dict[int, int]:
    """petition id → author of its latest published answer."""
    from nghedan.petitions.models import Answer, AnswerStatus

    authors: dict[int, int] = {}
    for start in range(0, len(petition_ids), BATCH):
        rows = (
            Answer.objects.filter(
                petition_id__in=petition_ids[start : start + BATCH],
                status=AnswerStatus.PUBLISHED,
            )
            .order_by("published_at", "pk")
            .values_list("petition_id", "author_id")
        )
        authors.update(rows)  # later answers overwrite earlier ones
    return authors


def _build_province(
    province: "Area", *, today: date, workdays: WorkdayIndex
) -> tuple[dict, set, int]:
    from nghedan.petitions.models import Petition, PetitionEvent, Rating

    agencies = _province_agencies(province)
    builder = _Builder(today=today, workdays=workdays)
    petitions = list(
        Petition.objects.filter(agency_id__in=list(agencies))
        .order_by()
        .values(
            "pk",
            "agency_id",
            "topic_id",
            "kind",
            "status",
            "signatories",
            "received_at",
            "acceptance_due",
            "accepted_at",
            "resolution_due",
            "answered_at",
            "closed_at",
        )
    )
    ids = [row["pk"] for row in petitions]
    reopened: set[int] = set()
    appealed: set[int] = set()
    ratings: list[tuple[int, int | None, int, datetime]] = []
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        reopened.update(
            PetitionEvent.objects.filter(
                petition_id__in=chunk, action__in=REOPENING_EVENTS
            ).values_list("petition_id", flat=True)
        )
        appealed.update(
            Petition.objects.filter(appeal_of_id__in=chunk).values_list("appeal_of_id", flat=True)
        )
        ratings.extend(
            Rating.objects.filter(petition_id__in=chunk).values_list(
                "petition_id", "answer__author_id", "stars", "created_at"
            )
        )
    authors = _answer_authors(ids)
    by_id = {}
    for row in petitions:
        units = agencies[row["agency_id"]]
        author = authors.get(row["pk"])
        officer_units = ((UnitKind.OFFICER, author),) if author else ()
        builder.petition(
            row,
            units,
            officer_units,
            reopened=row["pk"] in reopened,
            appealed=row["pk"] in appealed,
        )
        by_id[row["pk"]] = (units, row["topic_id"])
    for petition_id, author, stars, created_at in ratings:
        units, topic = by_id[petition_id]
        officer_units = ((UnitKind.OFFICER, author),) if author else ()
        builder.rating(units, officer_units, topic, stars, clock.local_date(created_at))
    return builder.cells, set(authors.values()), len(petitions)


def _replace(units: dict[str, set[int]], cells: dict) -> int:
    """Delete the cells of `units` and write `cells` in their place."""
    for kind, ids in units.items():
        id_list = sorted(ids)
        for start in range(0, len(id_list), BATCH):
            MonthlyCell.objects.filter(
                unit_kind=kind, unit_id__in=id_list[start : start + BATCH]
            ).delete()
    rows = [
        MonthlyCell(unit_kind=kind, unit_id=unit_id, topic_id=topic_id, month=month, **c.as_row())
        for (kind, unit_id, topic_id, month), c in cells.items()
        if not c.is_empty()
    ]
    MonthlyCell.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _nation_cells() -> dict[tuple, Counts]:
    """The nation's cells: the sum of the provinces'."""
    from nghedan.areas.models import Area

    provinces = list(Area.objects.filter(level="province").values_list("pk", flat=True))
    totals: dict[tuple, Counts] = defaultdict(Counts)
    rows = MonthlyCell.objects.filter(unit_kind=UnitKind.AREA, unit_id__in=provinces).values()
    for row in rows.iterator(chunk_size=BATCH):
        totals[(UnitKind.NATION, 0, row["topic_id"], row["month"])].add(Counts.from_row(row))
    return totals


def _provinces_touched(since: datetime, today: date) -> set[int]:
    """Provinces with a petition, event or rating since `since`, or a deadline passed since."""
    from nghedan.agencies.models import Agency
    from nghedan.petitions.models import Petition, PetitionEvent, Rating

    agency_ids: set[int] = set()
    agency_ids.update(
        Petition.objects.filter(updated_at__gte=since).values_list("agency_id", flat=True)
    )
    for from_id, to_id in PetitionEvent.objects.filter(at__gte=since).values_list(
        "from_agency_id", "to_agency_id"
    ):
        agency_ids.update(i for i in (from_id, to_id) if i)
    agency_ids.update(
        Rating.objects.filter(created_at__gte=since).values_list("petition__agency_id", flat=True)
    )
    # A deadline enters its cohort the day after it falls (counted once `due < today`):
    # since the last refresh's day, those that fell on or after it and before today.
    last_day = clock.local_date(since)
    passed = Q(resolution_due__gte=last_day, resolution_due__lt=today) | Q(
        acceptance_due__gte=last_day, acceptance_due__lt=today
    )
    agency_ids.update(Petition.objects.filter(passed).values_list("agency_id", flat=True))
    provinces = set()
    for area_id, parent_id in Agency.objects.filter(pk__in=agency_ids).values_list(
        "area_id", "area__parent_id"
    ):
        provinces.add(parent_id or area_id)
    return provinces


def cells_rebuild(
    *, province_ids: Iterable[int] | None = None, now: datetime | None = None
) -> RefreshResult:
    """Rebuild the cells of the given provinces (all when None), then the nation's.

    Everything is read and counted outside any transaction; each province's cells, then
    the nation's, are replaced in a short transaction of their own, so a rebuild of the
    whole country never holds the database (SQLite's one writer) for more than one
    province's writes, and a reader sees a province's old cells or its new ones."""
    from nghedan.accounts.models import User
    from nghedan.areas.models import Area
    from nghedan.petitions.models import Petition

    started = time.perf_counter()
    now = now or clock.now()
    today = clock.local_date(now)
    provinces = Area.objects.filter(level="province").order_by("code")
    if province_ids is not None:
        provinces = provinces.filter(pk__in=list(province_ids))
    first = Petition.objects.order_by("received_at").values_list("received_at", flat=True).first()
    start = min(clock.local_date(first) if first else today, today) - timedelta(days=400)
    workdays = WorkdayIndex(start, today + timedelta(days=400))
    petitions = cells = done = 0
    for province in provinces:
        built, officers, count = _build_province(province, today=today, workdays=workdays)
        agencies = _province_agencies(province)
        areas = {province.pk} | set(province.children.values_list("pk", flat=True))
        officers |= set(
            User.objects.filter(agency_id__in=list(agencies)).values_list("pk", flat=True)
        )
        with transaction.atomic():
            cells += _replace(
                {
                    UnitKind.AGENCY: set(agencies),
                    UnitKind.AREA: areas,
                    UnitKind.OFFICER: officers,
                },
                built,
            )
        petitions += count
        done += 1
    nation = _nation_cells()
    with transaction.atomic():
        cells += _replace({UnitKind.NATION: {0}}, nation)
        full = province_ids is None
        state = RefreshState.objects.select_for_update().first()
        seconds = time.perf_counter() - started
        if state is None:
            RefreshState.objects.create(
                refreshed_at=now,
                full_rebuild_at=now,
                petitions=petitions,
                cells=cells,
                seconds=seconds,
            )
        else:
            state.refreshed_at = now
            if full:
                state.full_rebuild_at = now
            state.petitions, state.cells, state.seconds = petitions, cells, seconds
            state.save()
    return RefreshResult(done, petitions, cells, time.perf_counter() - started)


def cells_refresh(*, now: datetime | None = None) -> RefreshResult:
    """Rebuild the provinces where something changed since the last refresh."""
    now = now or clock.now()
    state = RefreshState.objects.first()
    if state is None:
        return cells_rebuild(now=now)
    touched = _provinces_touched(state.refreshed_at - timedelta(seconds=1), clock.local_date(now))
    return cells_rebuild(province_ids=touched, now=now)


def last_refresh() -> RefreshState | None:
    return RefreshState.objects.first()


def cells_stamp() -> str | None:
    """What tells the cells as they are now from any earlier state, in one query; None
    before the first build. Every rebuild replaces cells (new rows, with ids never used
    before) and then writes the refresh state (its time, and its own duration, which
    differs from one rebuild to the next even under a pinned clock): the newest cell's id
    changes as soon as a province's new cells are committed, the state at the end of
    every rebuild, even one that only deleted cells."""
    newest = MonthlyCell.objects.order_by("-pk").values("pk")[:1]
    row = (
        RefreshState.objects.annotate(newest=Subquery(newest))
        .values_list("pk", "refreshed_at", "full_rebuild_at", "cells", "seconds", "newest")
        .first()
    )
    if row is None:
        return None
    pk, refreshed_at, full_rebuild_at, cell_count, seconds, newest_pk = row
    return (
        f"{pk}:{refreshed_at.isoformat()}:{full_rebuild_at.isoformat()}:{cell_count}:"
        f"{seconds!r}:{newest_pk}"
    )
