"""Gateways to the outside (SMS, Zalo): one small interface, chosen by dotted path in
settings (NGHEDAN_SMS_GATEWAY, NGHEDAN_ZALO_GATEWAY). The default only logs, so the
embedded setup sends nothing; a provider's gateway is a class with the same `send`."""

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("nghedan.notifications")


class Gateway(Protocol):
    def send(self, *, to: str, text: str) -> None: ...


class LoggingGateway:
    """Writes the message to the `nghedan.notifications` log instead of sending it."""

    def __init__(self, channel: str = "sms") -> None:
        self.channel = channel

    def send(self, *, to: str, text: str) -> None:
        # Logs are read by more people than the petitioner's file: the number is masked.
        logger.info("%s to %s: %s", self.channel, masked_number(to), text)


def masked_number(number: str) -> str:
    """A phone number with all but its last three digits hidden: 0912345678 → *******678."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return "*" * max(len(digits) - 3, 0) + digits[-3:]


def gateway_for(channel: str) -> Gateway:
    """The configured gateway of `channel` ("sms" or "zalo")."""
    path = {"sms": settings.NGHEDAN_SMS_GATEWAY, "zalo": settings.NGHEDAN_ZALO_GATEWAY}[channel]
    gateway_class = import_string(path)
    if gateway_class is LoggingGateway:
        return LoggingGateway(channel)
    return gateway_class()
