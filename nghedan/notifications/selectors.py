"""Reads of a person's in-app notifications."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from nghedan.notifications.models import Notification


def notifications_for(*, user: AbstractBaseUser) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user.pk).select_related("petition")


def unread_count(*, user: AbstractBaseUser) -> int:
    return Notification.objects.filter(recipient=user.pk, read_at__isnull=True).count()
