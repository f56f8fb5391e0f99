"""Proving that an e-mail address or phone number is the person's own: a six-digit code
is sent there and typed back. One verified contact is what lets an account vote on a
consultation's statements (one person, one vote).

Only a keyed digest of the code is stored. A code lives 15 minutes and takes at most five
wrong tries; a person may ask for at most five codes an hour.
"""

import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nghedan.accounts.models import User, VerificationCode
from nghedan.audit.log import audit_record
from nghedan.lib import clock
from nghedan.lib.crypto import secret_digest, secret_matches
from nghedan.lib.errors import ActionError
from nghedan.notifications.gateways import gateway_for

CHANNELS = ("email", "phone")
CODE_LIFETIME = timedelta(minutes=15)
MAX_SENDS_PER_HOUR = 5
MAX_ATTEMPTS = 5
# Vietnamese mobile numbers: 0xxxxxxxxx or +84xxxxxxxxx (nine digits after the prefix).
PHONE = re.compile(r"^(?:\+84|0)(\d{9})$")


def _digest(user: User, code: str) -> str:
    # The user's id in the digest: the same six digits for two people give two digests.
    return secret_digest(f"verify:{user.pk}:{code}")


def normalize_phone(value: str) -> str | None:
    """'+84 912 345 678', '0912.345.678' -> '0912345678'; None when it is not a number."""
    match = PHONE.match(re.sub(r"[\s.\-()]", "", value or ""))
    return f"0{match.group(1)}" if match else None


def is_verified(user: User | AnonymousUser) -> bool:
    """Whether the account proved an e-mail address or a phone number."""
    if not user.is_authenticated:
        return False
    return bool(user.email_verified_at or user.phone_verified_at)


def verification_send(*, user: User, channel: str, address: str) -> VerificationCode:
    """Send a fresh code to `address` by `channel` ("email" | "phone")."""
    if channel not in CHANNELS:
        raise ActionError(
            "bad_channel", gettext_lazy("Chọn thư điện tử hoặc số điện thoại."), field="channel"
        )
    address = (address or "").strip()
    if channel == "email":
        try:
            validate_email(address)
        except ValidationError:
            raise ActionError(
                "bad_address",
                gettext_lazy("Địa chỉ thư điện tử không hợp lệ."),
                field="address",
            ) from None
        address = address.lower()
    else:
        phone = normalize_phone(address)
        if phone is None:
            raise ActionError(
                "bad_address",
                gettext_lazy("Số điện thoại không hợp lệ (ví dụ 0912345678)."),
                field="address",
            )
        address = phone
    now = clock.now()
    with transaction.atomic():
        # Lock the person's row: two requests at once cannot both slip under the limit.
        User.objects.select_for_update().filter(pk=user.pk).first()
        sent = VerificationCode.objects.filter(
            user=user, created_at__gte=now - timedelta(hours=1)
        ).count()
        if sent >= MAX_SENDS_PER_HOUR:
            raise ActionError(
                "too_many_codes",
                gettext_lazy("Bạn đã yêu cầu quá nhiều mã trong một giờ. Vui lòng thử lại sau."),
            )
        code = f"{secrets.randbelow(10**6):06d}"
        # A new code replaces the ones not yet used.
        VerificationCode.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        record = VerificationCode.objects.create(
            user=user,
            channel=channel,
            address=address,
            code_digest=_digest(user, code),
            expires_at=now + CODE_LIFETIME,
        )
        audit_record(
            actor=user, action="account.verification_sent", target=user, data={"channel": channel}
        )
        text = _("Mã xác minh Nghe Dân của bạn là %(code)s (hiệu lực 15 phút).") % {"code": code}
        # Sent inside the transaction: a code that could not be sent is not kept.
        if channel == "email":
            send_mail(
                _("Mã xác minh Nghe Dân"),
                text,
                settings.DEFAULT_FROM_EMAIL,
                [address],
            )
        else:
            gateway_for("sms").send(to=address, text=text)
    return record


def verification_confirm(*, user: User, code: str) -> str:
    """Check `code` against the person's latest code; on success mark its contact
    verified and return the channel."""
    code = re.sub(r"\s", "", code or "")
    now = clock.now()
    with transaction.atomic():
        record = (
            VerificationCode.objects.select_for_update()
            .filter(user=user, used_at__isnull=True)
            .order_by("-created_at", "-pk")
            .first()
        )
        if record is None or record.expires_at <= now:
            raise ActionError(
                "no_code",
                gettext_lazy("Mã đã hết hạn hoặc chưa được gửi. Vui lòng yêu cầu mã mới."),
                field="code",
            )
        if record.attempts >= MAX_ATTEMPTS:
            raise ActionError(
                "too_many_attempts",
                gettext_lazy("Bạn đã nhập sai quá nhiều lần. Vui lòng yêu cầu mã mới."),
                field="code",
            )
        if not secret_matches(f"verify:{user.pk}:{code}", record.code_digest):
            # The failed try is counted, and kept: the error below must not roll it back.
            VerificationCode.objects.filter(pk=record.pk).update(attempts=record.attempts + 1)
            left = MAX_ATTEMPTS - record.attempts - 1
            failed = True
        else:
            failed = False
            record.used_at = now
            record.save(update_fields=["used_at"])
            fresh = User.objects.select_for_update().get(pk=user.pk)
            if record.channel == "email":
                fresh.email = record.address
                fresh.email_verified_at = now
                fields = ["email", "email_verified_at"]
            else:
                fresh.phone = record.address
                fresh.phone_verified_at = now
                fields = ["phone", "phone_verified_at"]
            fresh.save(update_fields=fields)
            for name in fields:
                setattr(user, name, getattr(fresh, name))
            audit_record(
                actor=user,
                action="account.verified",
                target=user,
                data={"channel": record.channel},
            )
    if failed:
        raise ActionError(
            "wrong_code",
            _("Mã không đúng. Bạn còn %(left)d lần thử.") % {"left": left},
            field="code",
        )
    return record.channel
