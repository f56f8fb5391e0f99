"""Background work of reception days: reminding citizens of tomorrow's turn."""

from datetime import timedelta

from django.conf import settings

from nghedan.jobs.registry import periodic
from nghedan.lib import clock


@periodic("reception.booking_reminders", every_seconds=3600)
def booking_reminders() -> int:
    """Each citizen with a waiting turn tomorrow is reminded once (the key makes a rerun
    send nothing new). Returns how many deliveries were made."""

    from nghedan.notifications.services import notify
    from nghedan.reception.models import Booking, BookingStatus, DayStatus

    tomorrow = clock.today() + timedelta(days=1)
    bookings = (
        Booking.objects.filter(
            day__date=tomorrow,
            day__status=DayStatus.SCHEDULED,
            status=BookingStatus.WAITING,
            citizen__isnull=False,
            citizen__is_active=True,
        )
        .select_related("day", "day__leader", "day__agency", "citizen")
        .order_by("pk")
    )
    sent = 0
    for booking in bookings:
        day = booking.day
        sent += notify(
            key=f"booking-reminder:{booking.pk}",
            template="booking_reminder",
            context={
                "booking": booking,
                "day": day,
                "link": f"{settings.NGHEDAN_SITE_URL.rstrip('/')}/reception/days/{day.pk}/",
            },
            users=[booking.citizen],
            email_users=True,
        )
    return sent
