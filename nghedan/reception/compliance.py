"""Reception days held against the legal minimum, per leader and month.

The minimum is data (`data/reception_rules.csv`, with its citations): the chair of a
commune People's Committee receives citizens at least one day a week, the provincial
chair and every other head of agency at least one day a month (Law on Citizen Reception
2013, Arts. 12, 15, 18). "A week" is counted as each Monday-to-Sunday week that starts in
the month.
"""

import calendar
import csv
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet, Sum

from nghedan.accounts.models import Role, User
from nghedan.lib import clock
from nghedan.petitions.lifecycle import FINISHED
from nghedan.reception.models import (
    Booking,
    BookingStatus,
    Commitment,
    CommitmentStatus,
    DayStatus,
    ReceptionDay,
)

ROLE_LABELS = {
    "ubnd-xa": "Chủ tịch UBND cấp xã",
    "ubnd-tinh": "Chủ tịch UBND cấp tỉnh",
}
HEAD_OF_AGENCY = "Thủ trưởng cơ quan"


@dataclass(frozen=True)
class ReceptionRule:
    agency_type: str  # "*" for every other agency
    min_days: int
    period: str  # "week" | "month"
    citation: str


@cache
def reception_rules() -> dict[str, ReceptionRule]:
    path = resources.files("nghedan.reception").joinpath("data/reception_rules.csv")
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["agency_type"]: ReceptionRule(
            row["agency_type"], int(row["min_days"]), row["period"], row["citation"]
        )
        for row in rows
    }


def rule_for(agency_type_code: str) -> ReceptionRule:
    rules = reception_rules()
    return rules.get(agency_type_code) or rules["*"]


def weeks_starting_in(month: date) -> int:
    first = month.replace(day=1)
    days = calendar.monthrange(first.year, first.month)[1]
    return sum(1 for d in range(days) if (first + timedelta(days=d)).weekday() == 0)


def required_days(*, agency_type_code: str, month: date) -> tuple[int, ReceptionRule]:
    rule = rule_for(agency_type_code)
    periods = weeks_starting_in(month) if rule.period == "week" else 1
    return rule.min_days * periods, rule


@dataclass(frozen=True)
class LeaderCompliance:
    leader_id: int
    username: str
    name: str
    role: str
    agency_code: str
    agency_name: str
    required_days: int
    held_days: int
    scheduled_days: int
    citizens_received: int
    matters_resolved: int
    commitments_made: int
    commitments_kept: int
    commitments_overdue: int
    citation: str

    @property
    def meets_minimum(self) -> bool:
        return self.held_days >= self.required_days

    def as_dict(self) -> dict:
        return {
            "leader": self.username,
            "name": self.name,
            "role": self.role,
            "agency": {"code": self.agency_code, "name": self.agency_name},
            "required_days": self.required_days,
            "held_days": self.held_days,
            "scheduled_days": self.scheduled_days,
            "meets_minimum": self.meets_minimum,
            "citizens_received": self.citizens_received,
            "matters_resolved": self.matters_resolved,
            "commitments_made": self.commitments_made,
            "commitments_kept": self.commitments_kept,
            "commitments_overdue": self.commitments_overdue,
            "citation": self.citation,
        }


def compliance_for_month(
    *, month: date, leaders: "QuerySet[User] | None" = None
) -> list[LeaderCompliance]:
    """One row per leader: the month's required and held reception days, the citizens
    received (group members counted), matters whose petition has been answered or closed,
    and the commitments made in the month with how many are kept or overdue today."""
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    today = clock.today()
    if leaders is None:
        leaders = get_user_model().objects.filter(role=Role.LEADER, is_active=True)
    leaders = leaders.select_related("agency__agency_type").order_by("agency__code", "username")
    rows = []
    for leader in leaders:
        if leader.agency is None:
            continue
        type_code = leader.agency.agency_type.code
        required, rule = required_days(agency_type_code=type_code, month=first)
        days = ReceptionDay.objects.filter(leader=leader, date__range=(first, last))
        received = Booking.objects.filter(
            day__leader=leader, day__date__range=(first, last), status=BookingStatus.RECEIVED
        )
        totals = received.aggregate(
            people=Sum("group_size"),
            resolved=Count("pk", filter=Q(petition__status__in=FINISHED), distinct=True),
        )
        made = Commitment.objects.filter(owner=leader, created_at__date__range=(first, last))
        rows.append(
            LeaderCompliance(
                leader_id=leader.pk,
                username=leader.username,
                name=leader.display_name,
                role=ROLE_LABELS.get(type_code, HEAD_OF_AGENCY),
                agency_code=leader.agency.code,
                agency_name=leader.agency.name,
                required_days=required,
                held_days=days.filter(status=DayStatus.HELD).count(),
                scheduled_days=days.exclude(status=DayStatus.CANCELLED).count(),
                citizens_received=totals["people"] or 0,
                matters_resolved=totals["resolved"] or 0,
                commitments_made=made.count(),
                commitments_kept=made.filter(status=CommitmentStatus.KEPT).count(),
                commitments_overdue=made.filter(
                    status=CommitmentStatus.OPEN, due_date__lt=today
                ).count(),
                citation=rule.citation,
            )
        )
    return rows
