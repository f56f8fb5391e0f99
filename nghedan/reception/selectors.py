"""Reads of reception, dialogues and commitments, scoped to the person asking."""

from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from nghedan.lib import clock
from nghedan.reception import policy
from nghedan.reception.models import (
    Booking,
    BookingStatus,
    Commitment,
    DayStatus,
    Dialogue,
    ReceptionDay,
)

if TYPE_CHECKING:
    from nghedan.accounts.models import User

# Turns that hold a place in the day's queue.
ACTIVE_BOOKINGS = (BookingStatus.WAITING, BookingStatus.RECEIVED)
# Days still taking people.
OPEN_DAYS = (DayStatus.SCHEDULED, DayStatus.HELD)


def days_upcoming(*, province_code: str = "") -> QuerySet[ReceptionDay]:
    """Days still to come (today included), with how many turns are taken."""
    days = (
        ReceptionDay.objects.filter(date__gte=clock.today(), status__in=OPEN_DAYS)
        .select_related("leader", "agency", "agency__area", "agency__area__parent")
        .annotate(taken=Count("bookings", filter=Q(bookings__status__in=ACTIVE_BOOKINGS)))
        .order_by("date", "starts_at", "pk")
    )
    if province_code:
        days = days.filter(
            Q(agency__area__code=province_code) | Q(agency__area__parent__code=province_code)
        )
    return days


def day_slot_count(day: ReceptionDay) -> int:
    """How many turns the day holds: its length cut into slots."""
    start = datetime.combine(day.date, day.starts_at)
    end = datetime.combine(day.date, day.ends_at)
    minutes = int((end - start).total_seconds() // 60)
    return max(minutes // day.slot_minutes, 0) if day.slot_minutes else 0


def day_free_slots(day: ReceptionDay) -> int:
    taken = getattr(day, "taken", None)
    if taken is None:
        taken = day.bookings.filter(status__in=ACTIVE_BOOKINGS).count()
    return max(day_slot_count(day) - taken, 0)


def day_queue(day: ReceptionDay) -> QuerySet[Booking]:
    """The day's turns for the staff of its agency (personal data inside)."""
    return day.bookings.select_related(
        "petition", "returning_of", "returning_of__day", "alert", "received_by"
    ).order_by("queue_number")


def public_dialogues() -> QuerySet:
    return Dialogue.objects.exclude(status="cancelled").select_related("agency", "host", "area")


def dialogue_get_public(*, dialogue_id: int) -> Dialogue:
    dialogue = public_dialogues().filter(pk=dialogue_id).first()
    if dialogue is None:
        raise Http404
    return dialogue


def commitments_visible_to(*, user: "User | AnonymousUser | None") -> QuerySet:
    """What `user` may see (reception/policy.py), with owner and agency."""
    condition = policy.visible_filter(user)
    if condition is None:
        return Commitment.objects.none()
    ids = Commitment.objects.filter(condition).values("pk")
    return Commitment.objects.filter(pk__in=ids).select_related(
        "owner", "agency", "petition", "dialogue"
    )


def commitment_get(*, user: "User | AnonymousUser | None", commitment_id: int) -> Commitment:
    """The commitment, or 404 for whoever may not see it."""
    commitment = commitments_visible_to(user=user).filter(pk=commitment_id).first()
    if commitment is None:
        raise Http404
    return commitment


def bookings_of(*, user: "User | AnonymousUser | None") -> QuerySet:
    if user is None or not user.is_authenticated:
        return Booking.objects.none()
    return Booking.objects.filter(citizen=user).select_related("day", "day__agency")
