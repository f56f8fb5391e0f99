"""Marking notifications read: the one change a person makes to their own notifications."""


from django.contrib.auth.base_user import AbstractBaseUser

from nghedan.lib import clock
from nghedan.notifications.models import Notification


def notifications_mark_read(*, acting_user: AbstractBaseUser) -> int:
    """Mark every unread notification of `acting_user` read; returns how many."""
    return Notification.objects.filter(recipient=acting_user.pk, read_at__isnull=True).update(
        read_at=clock.now()
    )
