"""Reads for the scorecards: units, scorecards with ranks, trends, topics, dashboards,
the cadre roster and the good-practice register. Dashboards only read."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from nghedan.accounts.scope import area_contains
from nghedan.lib import clock
from nghedan.scorecards.counts import FIELDS, Counts
from nghedan.scorecards.indicators import (
    BY_CODE,
    SHOWN,
    Indicator,
    Measured,
    Unit,
    agency_scope,
    cells_of_periods,
    measure,
    monthly_cells,
    sum_cells,
)
from nghedan.scorecards.models import MonthlyCell, Practice, UnitKind
from nghedan.scorecards.periods import Period, add_months
from nghedan.scorecards.scoring import (
    Composite,
    Estimate,
    composite,
    rank_intervals,
    reference_shares,
)

if TYPE_CHECKING:
    from nghedan.accounts.models import DisciplineRecord, User
    from nghedan.agencies.models import Agency
    from nghedan.areas.models import Area

# --- units ----------------------------------------------------------------------------


def nation_unit() -> Unit:
    return Unit(UnitKind.NATION, 0, "VN", "Cả nước")


def area_unit(area: "Area") -> Unit:
    parent = area.parent.code if area.parent else ""
    return Unit(UnitKind.AREA, area.pk, area.code, area.full_name, area.level, parent)


def agency_unit(agency: "Agency") -> Unit:
    return Unit(
        UnitKind.AGENCY, agency.pk, agency.code, agency.name, agency.area.level, agency.area.code
    )


def officer_unit(user: "User") -> Unit:
    return Unit(UnitKind.OFFICER, user.pk, user.username, user.display_name)


def area_get(code: str) -> "Area":
    from nghedan.areas.models import Area

    area = Area.objects.select_related("parent").filter(code=code).first()
    if area is None:
        raise Http404("area")
    return area


def agency_get(code: str) -> "Agency":
    from nghedan.agencies.models import Agency

    agency = Agency.objects.select_related("area", "area__parent").filter(code=code).first()
    if agency is None:
        raise Http404("agency")
    return agency


def province_units() -> list[Unit]:
    from nghedan.areas.models import Area

    return [area_unit(a) for a in Area.objects.filter(level="province").order_by("code")]


def commune_units(province: "Area") -> list[Unit]:
    return [area_unit(a) for a in province.children.select_related("parent").order_by("code")]


def agencies_in(area: "Area") -> QuerySet:
    """The agencies seated in `area` (for a province, its provincial agencies)."""
    from nghedan.agencies.models import Agency

    return Agency.objects.filter(area=area, is_active=True).select_related("area", "area__parent")


# --- scorecards -----------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorValue:
    indicator: Indicator
    value: float | None
    previous: float | None
    trials: float  # the denominator behind a share
    estimate: Estimate | None  # the shrunk share, for the index's components

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def improved(self) -> bool | None:
        change = self.change
        if not change or not self.indicator.better:
            return None
        return (change > 0) == (self.indicator.better == "higher")


@dataclass
class Scorecard:
    unit: Unit
    period: Period
    measured: Measured
    previous_measured: Measured
    composite: Composite
    previous_composite: Composite
    values: list[IndicatorValue] = field(default_factory=list)
    rank: int | None = None
    rank_low: int | None = None
    rank_high: int | None = None
    ranked_of: int = 0

    def value(self, code: str) -> IndicatorValue:
        return next(v for v in self.values if v.indicator.code == code)

    @property
    def composite_change(self) -> float | None:
        if not self.previous_composite.trials or not self.composite.trials:
            return None
        return self.composite.score - self.previous_composite.score

    @property
    def thin(self) -> bool:
        """Too few observations for the index to say much (it stays near the average)."""
        return self.composite.trials < settings.NGHEDAN_SCORE_PRIOR_STRENGTH


def scorecards(units: list[Unit], period: Period, *, rank: bool = True) -> list[Scorecard]:
    """Scorecards of `units` for `period`, with the change against the previous period,
    the index against the nation's shares, and, for two or more units, ranks with their
    plausible range (sorted best first)."""
    return scorecard_groups([units], period, rank=rank)[0]


def scorecard_groups(
    groups: list[list[Unit]], period: Period, *, rank: bool = True
) -> list[list[Scorecard]]:
    """`scorecards` of each group of units, each group ranked on its own, with every unit
    (and the nation, their reference) measured once for all of them."""
    previous = period.previous()
    nation = nation_unit()
    wanted = list({unit.key: unit for group in groups for unit in group}.values())
    if all(u.key != nation.key for u in wanted):
        wanted.append(nation)
    scope = agency_scope(wanted)  # the same in both periods
    cells_now, cells_before = cells_of_periods(wanted, [period, previous])
    now = measure(wanted, period, scope=scope, cells=cells_now)
    before = measure(wanted, previous, scope=scope, cells=cells_before)
    reference = reference_shares(now[nation.key])
    reference_before = reference_shares(before[nation.key])
    return [
        _ranked([_card(unit, period, now, before, reference, reference_before) for unit in group])
        if rank
        else [_card(unit, period, now, before, reference, reference_before) for unit in group]
        for group in groups
    ]


def _card(
    unit: Unit,
    period: Period,
    now: dict[tuple[str, int], Measured],
    before: dict[tuple[str, int], Measured],
    reference: dict[str, float],
    reference_before: dict[str, float],
) -> Scorecard:
    current, prior = now[unit.key], before[unit.key]
    index = composite(current, reference)
    card = Scorecard(
        unit=unit,
        period=period,
        measured=current,
        previous_measured=prior,
        composite=index,
        previous_composite=composite(prior, reference_before),
    )
    for indicator in SHOWN:
        _, trials = indicator.sample(current) if indicator.unit == "share" else (0, 0)
        card.values.append(
            IndicatorValue(
                indicator=indicator,
                value=indicator.value(current),
                previous=indicator.value(prior),
                trials=trials,
                estimate=index.components.get(indicator.code),
            )
        )
    return card


def _ranked(cards: list[Scorecard]) -> list[Scorecard]:
    # Units with nothing observed sit exactly at the reference: ranking them would push
    # the others' ranks apart and widen their ranges with noise. They stay unranked, last.
    ranked = [c for c in cards if c.composite.trials or c.measured.counts["received"]]
    if len(ranked) > 1:
        for card, (point, low, high) in zip(
            ranked, rank_intervals([c.composite for c in ranked]), strict=True
        ):
            card.rank, card.rank_low, card.rank_high = point, low, high
            card.ranked_of = len(ranked)
        cards.sort(key=lambda c: (c.rank is None, c.rank or 0, c.unit.code))
    return cards


def scorecard(unit: Unit, period: Period, *, peers: list[Unit] | None = None) -> Scorecard:
    """One unit's scorecard; ranked among `peers` (which include it) when given."""
    if peers and len(peers) > 1:
        for card in scorecards(peers, period):
            if card.unit.key == unit.key:
                return card
    return scorecards([unit], period, rank=False)[0]


def agency_peers(agency: "Agency") -> list[Unit]:
    """Agencies ranked together: the same type, level and province."""
    from nghedan.agencies.models import Agency

    province = agency.area.parent if agency.area.parent_id else agency.area
    peers = Agency.objects.filter(agency_type=agency.agency_type, is_active=True).filter(
        Q(area=province) | Q(area__parent=province)
    )
    return [agency_unit(a) for a in peers.select_related("area", "area__parent").order_by("code")]


# --- trends, topics, ageing -----------------------------------------------------------


@dataclass(frozen=True)
class MonthPoint:
    month: date
    counts: Counts

    def value(self, code: str) -> float | None:
        return BY_CODE[code].value(Measured(self.counts))


def trend(unit: Unit, period: Period, *, topic_id: int = 0) -> list[MonthPoint]:
    return [MonthPoint(m, c) for m, c in monthly_cells(unit, period, topic_id=topic_id)]


@dataclass(frozen=True)
class TopicRow:
    topic: object
    measured: Measured

    @property
    def received(self) -> int:
        return self.measured.counts["received"]

    def value(self, code: str) -> float | None:
        return BY_CODE[code].value(self.measured)


def topics(unit: Unit, period: Period) -> list[TopicRow]:
    """Per topic: the period's counts (flows only), most petitions first."""
    from nghedan.petitions.models import Topic

    rows = (
        MonthlyCell.objects.filter(
            unit_kind=unit.kind,
            unit_id=unit.id,
            month__gte=period.start,
            month__lte=period.end,
        )
        .exclude(topic_id=0)
        .values_list("topic_id", "month", "answer_days", *FIELDS)
    )
    by_topic = sum_cells(rows)
    names = Topic.objects.in_bulk(list(by_topic))
    out = [
        TopicRow(names[topic_id], Measured(counts))
        for topic_id, counts in by_topic.items()
        if topic_id in names
    ]
    return sorted(out, key=lambda r: (-r.received, str(r.topic)))


def ageing(counts: Counts) -> list[tuple[str, int]]:
    """The overdue backlog by working days past the deadline."""
    return [
        ("1–5", counts["overdue_1_5"]),
        ("6–10", counts["overdue_6_10"]),
        ("11–20", counts["overdue_11_20"]),
        ("> 20", counts["overdue_21_plus"]),
    ]


def last_refreshed():
    from nghedan.scorecards.cells import last_refresh

    state = last_refresh()
    return timezone.localtime(state.refreshed_at) if state else None


# --- who may see which dashboard -----------------------------------------------------


def dashboard_units(user: "User | AnonymousUser") -> list[Unit]:
    """The units whose internal dashboard `user` may open: a leader or officer their
    agency, a supervisor their area, an administrator the nation."""
    if not user.is_authenticated:
        return []
    if user.is_admin_role:
        return [nation_unit()]
    if user.is_agency_staff and user.agency:
        return [agency_unit(user.agency)]
    if user.is_supervisor and user.supervised_area:
        return [area_unit(user.supervised_area)]
    return []


def dashboard_unit_get(*, user: "User | AnonymousUser", kind: str = "", code: str = "") -> Unit:
    """The unit of the dashboard asked for, if `user` may see it."""
    allowed = dashboard_units(user)
    if not allowed or not user.is_authenticated:
        raise PermissionDenied
    if not code:
        return allowed[0]
    if kind == UnitKind.AGENCY:
        agency = agency_get(code)
        if user.is_admin_role or (user.is_agency_staff and user.agency_id == agency.pk):
            return agency_unit(agency)
        if user.is_supervisor and area_contains(user.supervised_area, agency.area):
            return agency_unit(agency)
        raise Http404("agency")
    area = area_get(code)
    if user.is_admin_role or (user.is_supervisor and area_contains(user.supervised_area, area)):
        return area_unit(area)
    raise Http404("area")


def agencies_of_unit(unit: Unit) -> QuerySet:
    from nghedan.agencies.models import Agency

    if unit.kind == UnitKind.AGENCY:
        return Agency.objects.filter(pk=unit.id)
    if unit.kind == UnitKind.AREA:
        return Agency.objects.filter(Q(area_id=unit.id) | Q(area__parent_id=unit.id))
    return Agency.objects.all()


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def worst_rated(unit: Unit, period: Period, *, limit: int = 10) -> QuerySet:
    """The lowest-rated answers of the period (1–2 stars), newest first."""
    from nghedan.petitions.models import Rating

    # Bounds as local datetimes, so the (stars, created_at) index serves the range.
    ratings = Rating.objects.filter(
        stars__lte=2,
        created_at__gte=_local_midnight(period.first_day),
        created_at__lt=_local_midnight(period.last_day + timedelta(days=1)),
    )
    if unit.kind == UnitKind.OFFICER:
        ratings = ratings.filter(answer__author_id=unit.id)
    elif unit.kind != UnitKind.NATION:
        ratings = ratings.filter(petition__agency__in=agencies_of_unit(unit))
    return ratings.select_related(
        "petition", "petition__topic", "petition__agency", "answer"
    ).order_by("stars", "-created_at")[:limit]


# --- cadre roster ---------------------------------------------------------------------


@dataclass
class RosterRow:
    user: "User"
    card: Scorecard
    discipline: "DisciplineRecord | None"  # the record in force today, if any


def roster(unit: Unit, period: Period) -> list[RosterRow]:
    """Officers and leaders of the unit's agencies with their citizen-derived indicators
    and any discipline in force; best index first."""
    from nghedan.accounts.models import DisciplineRecord, User

    people = list(
        User.objects.filter(
            role__in=["officer", "leader"],
            agency__in=agencies_of_unit(unit),
            is_active=True,
        )
        .select_related("agency")
        .order_by("agency__code", "username")
    )
    if not people:
        return []
    cards = {c.unit.id: c for c in scorecards([officer_unit(p) for p in people], period)}
    today = clock.today()
    # The record in force today of each person, in one read (as discipline_in_force).
    in_force: dict[int, DisciplineRecord] = {}
    records = (
        DisciplineRecord.objects.filter(user__in=people, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .order_by("-valid_from", "-pk")
    )
    for record in records:
        in_force.setdefault(record.user_id, record)
    rows = [RosterRow(p, cards[p.pk], in_force.get(p.pk)) for p in people]
    return sorted(rows, key=lambda r: (r.card.rank or 0, r.user.username))


# --- good practice --------------------------------------------------------------------

EFFECT_CODES = ("received", "resolved_on_time", "satisfied", "answer_days_median", "reopen_rate")


@dataclass(frozen=True)
class Effect:
    """An agency's indicators in the months before and after it started a practice."""

    agency: object
    started_on: date
    before: Period
    after: Period | None  # None until a whole month has passed since the start
    rows: list[tuple[Indicator, float | None, float | None]]


def _effect_periods(started_on: date) -> tuple[Period, Period | None]:
    """The months before a start, and the whole months after it (None until one has
    passed)."""
    window = settings.NGHEDAN_PRACTICE_WINDOW_MONTHS
    start = started_on.replace(day=1)
    before = Period(add_months(start, -window), add_months(start, -1))
    current = clock.today().replace(day=1)
    after_end = min(add_months(start, window), current)
    return before, Period(add_months(start, 1), after_end) if after_end > start else None


def practice_effects(*, practice: Practice) -> list[Effect]:
    """The effect at the practice's own agency, then at each agency that took it up (in
    `practice.adoptions` order), from one read of their monthly cells."""
    from collections import defaultdict

    from nghedan.scorecards.counts import sum_months

    starts = [(practice.agency, practice.started_on)] + [
        (adoption.agency, adoption.started_on) for adoption in practice.adoptions.all()
    ]
    periods = [_effect_periods(started_on) for _agency, started_on in starts]
    cells = MonthlyCell.objects.filter(
        unit_kind=UnitKind.AGENCY,
        unit_id__in={agency.pk for agency, _started_on in starts},
        topic_id=practice.topic_id or 0,
        month__gte=min(before.start for before, _after in periods),
        month__lte=max((after or before).end for before, after in periods),
    ).values()
    months: dict[int, list] = defaultdict(list)
    for row in cells:
        months[row["unit_id"]].append((row["month"], Counts.from_row(row)))

    def measured(agency_id: int, period: Period) -> Measured:
        rows = [(m, c) for m, c in months[agency_id] if period.start <= m <= period.end]
        return Measured(sum_months(rows))

    effects = []
    for (agency, started_on), (before, after) in zip(starts, periods, strict=True):
        then = measured(agency.pk, before)
        now = measured(agency.pk, after) if after else None
        rows = [
            (BY_CODE[code], BY_CODE[code].value(then), BY_CODE[code].value(now) if now else None)
            for code in EFFECT_CODES
        ]
        effects.append(Effect(agency, started_on, before, after, rows))
    return effects


def practices_public() -> QuerySet:
    return Practice.objects.select_related("agency", "agency__area", "topic").prefetch_related(
        "adoptions__agency"
    )


def practice_get(practice_id: int) -> Practice:
    practice = practices_public().filter(pk=practice_id).first()
    if practice is None:
        raise Http404("practice")
    return practice
