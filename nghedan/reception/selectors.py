"""Reads of reception, dialogues and commitments, scoped to the person asking."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from nghedan.reception import policy
from nghedan.reception.models import (
    Booking,
    BookingStatus,
    Commitment,
    DayStatus,
    Dialogue,
    ReceptionDay,
)


def upcoming_reception_days(*, province: str = "", agency: str = "") -> QuerySet:
    """The public calendar: scheduled days from today, with how many turns are taken."""
    days = (
        ReceptionDay.objects.filter(status=DayStatus.SCHEDULED, date__gte=timezone.localdate())
        .select_related("leader", "agency", "agency__area", "agency__area__parent")
        .annotate(
            taken=Count(
                "bookings",
                filter=~Q(bookings__status=BookingStatus.CANCELLED),
            )
        )
        .order_by("date", "starts_at")
    )
    if province:
        days = days.filter(Q(agency__area__code=province) | Q(agency__area__parent__code=province))
    if agency:
        days = days.filter(agency__code=agency)
    return days


def day_slots(day: ReceptionDay) -> int:
    """How many turns a day has: its length divided by the minutes of one turn."""
    minutes = (day.ends_at.hour * 60 + day.ends_at.minute) - (
        day.starts_at.hour * 60 + day.starts_at.minute
    )
    return max(minutes // max(day.slot_minutes, 1), 0)


def public_dialogues() -> QuerySet:
    return Dialogue.objects.exclude(status="cancelled").select_related("agency", "host", "area")


def dialogue_get_public(*, dialogue_id: int) -> Dialogue:
    dialogue = public_dialogues().filter(pk=dialogue_id).first()
    if dialogue is None:
        raise Http404
    return dialogue


def commitments_visible_to(*, user) -> QuerySet:
    """What `user` may see (reception/policy.py), with owner and agency."""
    condition = policy.visible_filter(user)
    if condition is None:
        return Commitment.objects.none()
    ids = Commitment.objects.filter(condition).values("pk")
    return Commitment.objects.filter(pk__in=ids).select_related(
        "owner", "agency", "petition", "dialogue"
    )


def commitment_get(*, user, commitment_id: int) -> Commitment:
    """The commitment, or 404 for whoever may not see it."""
    commitment = commitments_visible_to(user=user).filter(pk=commitment_id).first()
    if commitment is None:
        raise Http404
    return commitment


def bookings_of(*, user) -> QuerySet:
    if user is None or not getattr(user, "is_authenticated", False):
        return Booking.objects.none()
    return Booking.objects.filter(citizen=user).select_related("day", "day__agency")
