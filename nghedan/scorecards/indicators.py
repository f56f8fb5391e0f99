"""The indicator set: what is measured, from which counts, and which way is better.

Counts come from *sources*. The petitions source reads the pre-aggregated monthly cells;
the others (alerts, commitments, reception days, consultation replies) read their own
small tables live. To add an indicator: add its counts to a source (or a new source in
SOURCES) and an `Indicator` below; pages, reports, open data and the composite index all
read this list.
"""

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from operator import add
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from nghedan.lib import clock
from nghedan.scorecards.counts import FIELDS, INDEX, SNAPSHOT_FIELDS, Counts
from nghedan.scorecards.models import MonthlyCell, UnitKind
from nghedan.scorecards.periods import Period

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Scope(NamedTuple):
    """Which agencies count in which unit (`agency_scope`), whether the nation is among
    them, and what the live sources read once for every period measured with this scope
    (reads that do not depend on the period)."""

    owners: dict[int, list[tuple]]
    nation: bool
    memo: dict[Any, Any]


@dataclass(frozen=True)
class Unit:
    """What a scorecard is about: an agency, an area (province or commune), an officer or
    the nation."""

    kind: str
    id: int
    code: str
    name: str
    level: str = ""  # province / commune for areas and agencies
    parent_code: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)


@dataclass
class Measured:
    """A period's counts for one unit: the cells' sums and the live sources' figures."""

    counts: Counts
    extra: dict[str, float] = field(default_factory=dict)

    def get(self, name: str) -> float:
        if name in self.extra:
            return self.extra[name]
        if name in INDEX:
            return self.counts[name]
        return 0  # a live source with nothing for this unit


# --- sources --------------------------------------------------------------------------


CELLS_CACHE_PREFIX = "scorecards:cells:"
_SNAPSHOT_AT = [INDEX[name] for name in SNAPSHOT_FIELDS]
_CELL_COLUMNS = ("month", "answer_days", *FIELDS)


def sum_cells(rows: Iterable[tuple]) -> dict[Any, Counts]:
    """Each group's counts over its months, from rows (group, month, answer_days, *FIELDS):
    the same sums as `counts.sum_months`, without a `Counts` per row. Flows add up, the
    backlog is that of the group's last month, and the histograms are merged once per
    group (their keys stay text until then)."""
    totals: dict[Any, list] = {}
    last: dict[Any, tuple] = {}
    histograms: dict[Any, dict[str, int]] = {}
    for group, month, days, *values in rows:
        total = totals.get(group)
        if total is None:
            totals[group] = values
            histograms[group] = dict(days) if days else {}
            last[group] = (month, values)
            continue
        totals[group] = list(map(add, total, values))
        if days:
            merged = histograms[group]
            for key, n in days.items():
                merged[key] = merged.get(key, 0) + n
        if month > last[group][0]:
            last[group] = (month, values)
    out = {}
    for group, total in totals.items():
        snapshot = last[group][1]
        for i in _SNAPSHOT_AT:
            total[i] = snapshot[i]
        counts = Counts()
        counts.values = total
        counts.days = {int(key): n for key, n in histograms[group].items()}
        out[group] = counts
    return out


def cells_of(units: list[Unit], period: Period, *, topic_id: int = 0) -> dict[tuple, Counts]:
    """Each unit's counts over the period, from its monthly cells."""
    return cells_of_each(units, [period], topic_id=topic_id)[0]


def cells_of_each(
    units: list[Unit], periods: list[Period], *, topic_id: int = 0
) -> list[dict[tuple, Counts]]:
    """`cells_of` for each period, the cells of all of them read in one query per kind
    of unit."""
    by_kind: dict[str, list[int]] = defaultdict(list)
    for unit in units:
        by_kind[unit.kind].append(unit.id)
    found: list[dict[tuple, Counts]] = [{} for _period in periods]
    for kind, ids in by_kind.items():
        rows = list(
            MonthlyCell.objects.filter(
                unit_kind=kind,
                unit_id__in=ids,
                topic_id=topic_id,
                month__gte=min(period.start for period in periods),
                month__lte=max(period.end for period in periods),
            ).values_list("unit_id", *_CELL_COLUMNS)
        )
        for period, sums in zip(periods, found, strict=True):
            in_period = (row for row in rows if period.start <= row[1] <= period.end)
            for unit_id, counts in sum_cells(in_period).items():
                sums[(kind, unit_id)] = counts
    return [
        {unit.key: sums[unit.key] if unit.key in sums else Counts() for unit in units}
        for sums in found
    ]


def cells_of_periods(
    units: list[Unit], periods: list[Period], *, topic_id: int = 0
) -> list[dict[tuple, Counts]]:
    """`cells_of_each` through the shared cache.

    The sums depend only on the cells, which change only when they are rebuilt; they are
    kept under the cells' stamp (`cells_stamp`), so the first request after a rebuild
    reads the new cells and every later one finds its sums, never those of older cells.
    Which units, periods and topic are asked is part of the key; the live sources are not
    cached."""
    from nghedan.scorecards.cells import cells_stamp

    stamp = cells_stamp()
    if stamp is None:
        return cells_of_each(units, periods, topic_id=topic_id)
    asked = repr(
        (
            stamp,
            topic_id,
            [(period.start, period.end) for period in periods],
            sorted(unit.key for unit in units),
        )
    )
    key = CELLS_CACHE_PREFIX + hashlib.sha256(asked.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = cells_of_each(units, periods, topic_id=topic_id)
        cache.add(key, found, settings.NGHEDAN_SCORECARD_REFRESH_MINUTES * 60 * 2)
    return found


def monthly_cells(unit: Unit, period: Period, *, topic_id: int = 0) -> list[tuple]:
    """(month, counts) for each month of the period, empty months included."""
    rows = MonthlyCell.objects.filter(
        unit_kind=unit.kind,
        unit_id=unit.id,
        topic_id=topic_id,
        month__gte=period.start,
        month__lte=period.end,
    ).values_list("month", *_CELL_COLUMNS)
    found = sum_cells(rows)
    return [(month, found.get(month, Counts())) for month in period.month_list()]


def agency_scope(units: list[Unit]) -> Scope:
    """agency id → the keys of the units it counts in; and whether the nation is asked."""
    from nghedan.agencies.models import Agency

    owners: dict[int, list[tuple]] = defaultdict(list)
    nation = any(unit.kind == UnitKind.NATION for unit in units)
    area_units = [u for u in units if u.kind == UnitKind.AREA]
    for unit in units:
        if unit.kind == UnitKind.AGENCY:
            owners[unit.id].append(unit.key)
    if area_units:
        ids = [u.id for u in area_units]
        rows = Agency.objects.filter(Q(area_id__in=ids) | Q(area__parent_id__in=ids)).values_list(
            "pk", "area_id", "area__parent_id"
        )
        wanted = set(ids)
        for agency_id, area_id, parent_id in rows:
            for area in (area_id, parent_id):
                if area in wanted:
                    owners[agency_id].append((UnitKind.AREA, area))
    return Scope(owners, nation, {})


def _spread(
    rows: Iterable[Mapping[str, Any]],
    owners: dict[int, list[tuple]],
    nation: bool,
    out: dict[tuple, dict],
    names: list[str],
) -> None:
    """Add per-agency figures to the units the agency counts in (and to the nation)."""
    for row in rows:
        keys = list(owners.get(row["agency_id"], ()))
        if nation:
            keys.append((UnitKind.NATION, 0))
        for key in keys:
            for name in names:
                out[key][name] = out[key].get(name, 0) + (row[name] or 0)


def commitments_source(
    units: list[Unit], period: Period, scope: Scope | None = None
) -> dict[tuple, dict]:
    """Commitments falling due in the period (as in reception/indicators.py): made and
    kept on time; for officers, those they own."""
    from nghedan.reception.models import Commitment, CommitmentStatus

    out: dict[tuple, dict] = defaultdict(dict)
    due = Commitment.objects.filter(due_date__gte=period.first_day, due_date__lte=period.last_day)
    figures = {
        "commitments_due": Count("pk"),
        "commitments_kept": Count("pk", filter=Q(status=CommitmentStatus.KEPT)),
    }
    owners, nation, _memo = scope or agency_scope(units)
    if owners or nation:
        scoped = due if nation else due.filter(agency_id__in=list(owners))
        rows = scoped.values("agency_id").annotate(**figures).order_by()
        _spread(rows, owners, nation, out, list(figures))
    officers = [u for u in units if u.kind == UnitKind.OFFICER]
    if officers:
        officer_rows = (
            due.filter(owner_id__in=[u.id for u in officers])
            .values("owner_id")
            .annotate(**figures)
            .order_by()
        )
        for row in officer_rows:
            # The row type the stubs give has only the grouping column, not the figures.
            out[(UnitKind.OFFICER, row["owner_id"])].update({k: row[k] for k in figures})  # type: ignore[literal-required]
    return out


def reception_source(
    units: list[Unit], period: Period, scope: Scope | None = None
) -> dict[tuple, dict]:
    """Reception days held in the period against the legal minimum of the agencies' heads."""
    from nghedan.agencies.models import Agency
    from nghedan.reception.compliance import required_days
    from nghedan.reception.models import DayStatus, ReceptionDay

    out: dict[tuple, dict] = defaultdict(dict)
    owners, nation, memo = scope or agency_scope(units)
    if not owners and not nation:
        return out
    days = ReceptionDay.objects.filter(
        status=DayStatus.HELD, date__gte=period.first_day, date__lte=period.last_day
    )
    if not nation:
        days = days.filter(agency_id__in=list(owners))
    held = days.values("agency_id").annotate(reception_held=Count("date", distinct=True)).order_by()
    _spread(held, owners, nation, out, ["reception_held"])
    # Only agencies with a leader owe reception days. Which they are does not depend on
    # the period: read once for all the periods measured with this scope.
    led = memo.get("led")
    if led is None:
        agencies = Agency.objects.filter(staff__role="leader").distinct()
        if not nation:
            agencies = agencies.filter(pk__in=list(owners))
        led = memo["led"] = list(agencies.values_list("pk", "agency_type__code"))
    months = period.month_list()
    required_rows = []
    # The minimum depends only on the agency type and the month.
    need_by_type: dict[str, int] = {}
    for agency_id, type_code in led:
        if type_code not in need_by_type:
            need_by_type[type_code] = sum(
                required_days(agency_type_code=type_code, month=m)[0] for m in months
            )
        required_rows.append(
            {"agency_id": agency_id, "reception_required": need_by_type[type_code]}
        )
    _spread(required_rows, owners, nation, out, ["reception_required"])
    for figures in out.values():
        figures.setdefault("reception_required", 0)
        figures.setdefault("reception_held", 0)
        figures["reception_held_capped"] = min(
            figures["reception_held"], figures["reception_required"]
        )
    return out


def consultations_source(
    units: list[Unit], period: Period, scope: Scope | None = None
) -> dict[tuple, dict]:
    """Comments on consultations that closed in the period, and those given a disposition."""
    from nghedan.consultations.models import Comment

    out: dict[tuple, dict] = defaultdict(dict)
    owners, nation, _memo = scope or agency_scope(units)
    if not owners and not nation:
        return out
    comments = Comment.objects.filter(
        parent__isnull=True,
        hidden_reason="",
        flagged=False,
        consultation__closes_at__date__gte=period.first_day,
        consultation__closes_at__date__lte=period.last_day,
    )
    if not nation:
        comments = comments.filter(consultation__agency_id__in=list(owners))
    rows = (
        comments.values(agency_id=F("consultation__agency_id"))
        .annotate(
            consultation_comments=Count("pk"),
            consultation_replied=Count("pk", filter=~Q(disposition="")),
        )
        .order_by()
    )
    _spread(rows, owners, nation, out, ["consultation_comments", "consultation_replied"])
    return out


def alerts_source(
    units: list[Unit], period: Period, scope: Scope | None = None
) -> dict[tuple, dict]:
    """Early-warning alerts active now in the unit's area (the alerts list's "active" for
    the same place), and their mean age in days. An agency counts those of its area."""
    from nghedan.alerts.selectors import alerts_active

    out: dict[tuple, dict] = defaultdict(dict)
    # The alerts open now, whatever the period: read once for all the periods measured
    # with this scope.
    memo = scope.memo if scope is not None else {}
    if "alerts" not in memo:
        memo["alerts"] = (
            clock.now(),
            list(alerts_active().values_list("area_id", "province_id", "opened_at")),
        )
    now, open_alerts = memo["alerts"]
    area_of_agency: dict[int, int] = {}
    agency_units = [u.id for u in units if u.kind == UnitKind.AGENCY]
    if agency_units:
        from nghedan.agencies.models import Agency

        asked = ("area_of_agency", tuple(agency_units))
        if asked not in memo:
            memo[asked] = dict(
                Agency.objects.filter(pk__in=agency_units).values_list("pk", "area_id")
            )
        area_of_agency = memo[asked]
    for unit in units:
        if unit.kind == UnitKind.OFFICER:
            continue
        place = area_of_agency.get(unit.id) if unit.kind == UnitKind.AGENCY else unit.id
        ages = [
            (now - opened).total_seconds() / 86400
            for area_id, province_id, opened in open_alerts
            if unit.kind == UnitKind.NATION or place in (area_id, province_id)
        ]
        out[unit.key] = {"alerts_open": len(ages), "alerts_age_days": sum(ages)}
    return out


SOURCES: list[Callable] = [
    commitments_source,
    reception_source,
    consultations_source,
    alerts_source,
]


def measure(
    units: list[Unit],
    period: Period,
    *,
    topic_id: int = 0,
    live: bool = True,
    scope: Scope | None = None,
    cells: dict[tuple, Counts] | None = None,
) -> dict[tuple[str, int], Measured]:
    """Each unit's `Measured` for the period; from `cells` when the caller has read them
    (`cells_of_periods`)."""
    if cells is None:
        cells = cells_of(units, period, topic_id=topic_id)
    measured = {unit.key: Measured(cells[unit.key]) for unit in units}
    if live and topic_id == 0:
        # Which agencies count in which unit: read once, or given by a caller that
        # measures the same units for another period too.
        scope = scope or agency_scope(units)
        for source in SOURCES:
            for key, figures in source(units, period, scope).items():
                if key in measured:
                    measured[key].extra.update(figures)
    return measured


# --- indicators -----------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    code: str
    label: "StrOrPromise"
    unit: str  # "count", "share" (0–1), "days", "stars"
    better: str = ""  # "higher", "lower" or "" (neither: a volume)
    numerator: str = ""  # for shares: counts whose ratio it is
    denominator: str = ""
    compute: Callable[[Measured], float | None] | None = None
    description: "StrOrPromise" = ""
    invert: bool = False  # the share of the complement is what the index rewards
    snapshot: bool = False  # a state at the end of the period, not a flow

    def value(self, measured: Measured) -> float | None:
        if self.compute is not None:
            return self.compute(measured)
        if self.unit == "count":
            return float(measured.get(self.numerator))
        den = measured.get(self.denominator)
        if not den:
            return None
        return measured.get(self.numerator) / den

    def sample(self, measured: Measured) -> tuple[float, float]:
        """(successes, trials) for a share, counted the way the index rewards it."""
        den = float(measured.get(self.denominator) or 0)
        num = float(measured.get(self.numerator) or 0)
        return ((den - num) if self.invert else num, den)


def _mean_rating(m: Measured) -> float | None:
    return m.counts["rating_sum"] / m.counts["rated"] if m.counts["rated"] else None


def _overdue_age(m: Measured) -> float | None:
    return m.counts["overdue_days"] / m.counts.overdue if m.counts.overdue else None


def _alerts_age(m: Measured) -> float | None:
    return (
        m.extra["alerts_age_days"] / m.extra["alerts_open"] if m.extra.get("alerts_open") else None
    )


INDICATORS: list[Indicator] = [
    Indicator("received", _("Đơn tiếp nhận"), "count", numerator="received"),
    Indicator(
        "accepted_on_time",
        _("Thụ lý đúng hạn"),
        "share",
        "higher",
        "acceptance_on_time",
        "acceptance_due",
        description=_("Trong các đơn có hạn thụ lý rơi vào kỳ (đã qua hạn hoặc đã thụ lý)"),
    ),
    Indicator(
        "resolved_on_time",
        _("Giải quyết đúng hạn"),
        "share",
        "higher",
        "resolution_on_time",
        "resolution_due",
        description=_("Trong các đơn có hạn giải quyết rơi vào kỳ (đã qua hạn hoặc đã trả lời)"),
    ),
    Indicator(
        "answer_days_median",
        _("Ngày làm việc để trả lời (trung vị)"),
        "days",
        "lower",
        compute=lambda m: m.counts.percentile(0.5),
    ),
    Indicator(
        "answer_days_p90",
        _("Ngày làm việc để trả lời (90% đơn)"),
        "days",
        "lower",
        compute=lambda m: m.counts.percentile(0.9),
    ),
    Indicator(
        "satisfied",
        _("Hài lòng (4–5 sao)"),
        "share",
        "higher",
        "rated_high",
        "rated",
        description=_("Tỷ lệ đánh giá 4 hoặc 5 sao trong các đánh giá của người dân trong kỳ"),
    ),
    Indicator(
        "rating_mean", _("Điểm hài lòng trung bình"), "stars", "higher", compute=_mean_rating
    ),
    Indicator(
        "reopen_rate",
        _("Tỷ lệ mở lại"),
        "share",
        "lower",
        "reopened",
        "answered",
        description=_("Trong các đơn được trả lời trong kỳ, số đơn người dân yêu cầu mở lại"),
    ),
    Indicator(
        "not_reopened",
        _("Không phải mở lại"),
        "share",
        "higher",
        "reopened",
        "answered",
        compute=lambda m: (
            1 - m.counts["reopened"] / m.counts["answered"] if m.counts["answered"] else None
        ),
        invert=True,
    ),
    Indicator(
        "appeal_rate",
        _("Tỷ lệ khiếu nại lần hai"),
        "share",
        "lower",
        "appealed",
        "appealable",
    ),
    Indicator(
        "overdue_backlog",
        _("Đơn quá hạn chưa giải quyết"),
        "count",
        "lower",
        compute=lambda m: float(m.counts.overdue),
        snapshot=True,
    ),
    Indicator(
        "overdue_age",
        _("Số ngày quá hạn bình quân"),
        "days",
        "lower",
        compute=_overdue_age,
        snapshot=True,
    ),
    Indicator(
        "alerts_open",
        _("Cảnh báo điểm nóng đang mở"),
        "count",
        "lower",
        compute=lambda m: float(m.extra.get("alerts_open", 0)),
        snapshot=True,
    ),
    Indicator(
        "alerts_age",
        _("Tuổi bình quân cảnh báo (ngày)"),
        "days",
        "lower",
        compute=_alerts_age,
        snapshot=True,
    ),
    Indicator(
        "commitments_kept",
        _("Lời hứa thực hiện xong"),
        "share",
        "higher",
        "commitments_kept",
        "commitments_due",
        description=_("Trong các cam kết đến hạn trong kỳ"),
    ),
    Indicator(
        "reception_days",
        _("Ngày tiếp công dân so với quy định"),
        "share",
        "higher",
        "reception_held_capped",
        "reception_required",
    ),
    Indicator(
        "consultation_replies",
        _("Góp ý dự thảo được tiếp thu, giải trình"),
        "share",
        "higher",
        "consultation_replied",
        "consultation_comments",
    ),
]
BY_CODE = {indicator.code: indicator for indicator in INDICATORS}
# Shown on scorecards (not_reopened is the index's form of reopen_rate).
SHOWN = [i for i in INDICATORS if i.code != "not_reopened"]
