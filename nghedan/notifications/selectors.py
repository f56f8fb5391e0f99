"""Reads of a person's in-app notifications."""

from django.db.models import QuerySet

from nghedan.notifications.models import Notification


def notifications_for(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("petition")


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
