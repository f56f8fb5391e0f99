"""Telling people what happened: one message, rendered from a Vietnamese template, sent
to users (in-app, and by e-mail when asked) and to outside contacts (e-mail, SMS, Zalo).

Every delivery is claimed first by a unique key made of the caller's key (a job's key),
the channel and the recipient's label, so a job that runs twice sends once. The claim
and the job's completion commit together; a worker that dies after sending and before
committing sends again (at least once, never twice in a completed run)."""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from nghedan.notifications.gateways import gateway_for
from nghedan.notifications.models import Delivery, DeliveryChannel, Notification

logger = logging.getLogger("nghedan.notifications")


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


@dataclass(frozen=True)
class Contact:
    """Someone reached outside the site. `label` names them in delivery keys and logs
    (e.g. "petitioner"), never their address or number."""

    label: str
    email: str = ""
    phone: str = ""
    zalo: str = ""


def message_render(*, template: str, context: dict) -> Message:
    """`notifications/<template>.txt`: the first line is the subject, the rest the body.
    Rendered in Vietnamese whatever the language of the request that led here."""
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(f"notifications/{template}.txt", context).strip()
    subject, _newline, body = text.partition("\n")
    return Message(subject=subject.strip(), body=body.strip())


def tracking_link(code: str) -> str:
    return f"{settings.NGHEDAN_SITE_URL.rstrip('/')}/track/{code}/"


def _deliver(
    *,
    key: str,
    channel: str,
    label: str,
    kind: str,
    petition: Any,
    send: Callable[..., object],
) -> bool:
    _delivery, created = Delivery.objects.get_or_create(
        key=f"{key}:{channel}:{label}"[:255],
        defaults={"channel": channel, "kind": kind, "recipient_label": label, "petition": petition},
    )
    if not created:
        return False
    send()
    logger.info("notification %s sent by %s to %s", kind, channel, label)
    return True


def notify(
    *,
    key: str,
    template: str,
    context: dict,
    petition: Any = None,
    users: Iterable = (),
    in_app: bool = True,
    email_users: bool = False,
    contacts: Iterable[Contact] = (),
    sms_text: str = "",
) -> int:
    """Send one message; returns how many deliveries were made now (0 when all of them
    were made before under the same `key`). `sms_text` is the short text for SMS and
    Zalo (default: the subject)."""
    message = message_render(template=template, context=context)
    short = sms_text or message.subject
    sent = 0
    for user in users:
        label = f"user:{user.pk}"
        if in_app:
            sent += _deliver(
                key=key,
                channel=DeliveryChannel.IN_APP,
                label=label,
                kind=template,
                petition=petition,
                send=lambda user=user: Notification.objects.create(
                    recipient=user,
                    petition=petition,
                    kind=template,
                    title=message.subject[:200],
                    body=message.body,
                ),
            )
        if email_users and user.email:
            sent += _deliver(
                key=key,
                channel=DeliveryChannel.EMAIL,
                label=label,
                kind=template,
                petition=petition,
                send=lambda user=user: send_mail(
                    message.subject, message.body, None, [user.email], fail_silently=False
                ),
            )
    for contact in contacts:
        if contact.email:
            sent += _deliver(
                key=key,
                channel=DeliveryChannel.EMAIL,
                label=contact.label,
                kind=template,
                petition=petition,
                send=lambda contact=contact: send_mail(
                    message.subject, message.body, None, [contact.email], fail_silently=False
                ),
            )
        for channel, to in (
            (DeliveryChannel.SMS, contact.phone),
            (DeliveryChannel.ZALO, contact.zalo),
        ):
            if to:
                sent += _deliver(
                    key=key,
                    channel=channel,
                    label=contact.label,
                    kind=template,
                    petition=petition,
                    send=lambda channel=channel, to=to: gateway_for(channel).send(
                        to=to, text=short
                    ),
                )
    return sent
