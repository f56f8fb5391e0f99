"""Two-step sign-in (xác thực hai bước): a password, then a six-digit code from an
authenticator app (TOTP, RFC 6238) on the person's phone.

Administrators (role admin, or staff who reach the admin site) must use it: until the
code is checked in their session no page is served to them but the ones that set it
up or ask for it (`accounts/middleware.py`). Officers, leaders and supervisors may turn
it on; once on, sign-in asks them for the code too. The devices are django-otp's
`TOTPDevice` rows; a person has at most one confirmed device.

The secret of a device being set up lives in the session until the person proves, with
a first code, that the app holds it; only then is the device stored (`actions.py`).
"""

import re
from base64 import b32encode
from datetime import datetime

import qrcode
import qrcode.image.svg
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from nghedan.accounts.models import Role, User
from nghedan.lib import clock
from nghedan.lib.errors import ActionError

# Roles that may turn the second step on; administrators must.
MAY_USE = (Role.OFFICER, Role.LEADER, Role.SUPERVISOR, Role.ADMIN)
STEP_SECONDS = 30
DIGITS = 6
# Codes one step early or late are accepted (a phone's clock a little off).
TOLERANCE = 1
KEY_BYTES = 20


def second_factor_required(user: User | AnonymousUser) -> bool:
    """Administrators: the admin role, superusers, and staff who may open the admin site."""
    if not user.is_authenticated:
        return False
    return bool(user.is_admin_role or user.is_staff)


def second_factor_allowed(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    return second_factor_required(user) or user.role in MAY_USE


def authenticator_of(user: User | AnonymousUser) -> TOTPDevice | None:
    """The person's confirmed authenticator, if they have one."""
    if not getattr(user, "pk", None):
        return None
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("-pk").first()


def is_verified(user: User | AnonymousUser) -> bool:
    """Whether the code was checked in this session (django-otp's OTPMiddleware)."""
    verified = getattr(user, "is_verified", None)
    return bool(verified and verified())


def new_key() -> str:
    """A fresh secret, hex-encoded as django-otp stores it."""
    return random_hex(KEY_BYTES)


def secret_for_people(key: str) -> str:
    """The secret as an app asks for it when typed by hand: base32 in groups of four."""
    text = b32encode(bytes.fromhex(key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(*, user: User, key: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return TOTPDevice(user=user, key=key, step=STEP_SECONDS, digits=DIGITS).config_url


def qr_svg(text: str) -> str:
    """`text` as a QR code, an inline SVG element (drawn here, nothing fetched)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return image.to_string(encoding="unicode")


def _clean(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "")


def key_matches(*, key: str, code: str) -> TOTP | None:
    """The TOTP state that accepted `code` for `key` now, or None."""
    code = _clean(code)
    if not re.fullmatch(rf"\d{{{DIGITS}}}", code):
        return None
    totp = TOTP(bytes.fromhex(key), step=STEP_SECONDS, digits=DIGITS)
    return totp if totp.verify(int(code), tolerance=TOLERANCE) else None


def second_factor_check(*, user: User, code: str) -> TOTPDevice:
    """Check a code against the person's authenticator; the device that accepted it.

    django-otp refuses a code already used and, after each wrong code, makes the next try
    wait twice as long as the last (1, 2, 4… seconds), so the million codes cannot be
    tried one after another.
    """
    code = _clean(code)
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user_id=user.pk, confirmed=True)
            .order_by("-pk")
            .first()
        )
        if device is None:
            raise ActionError(
                "no_authenticator",
                _("Tài khoản chưa cài đặt ứng dụng xác thực."),
                field="code",
            )
        allowed, detail = device.verify_is_allowed()
        if not allowed:
            raise _throttled(detail.get("locked_until") if detail else None)
        if not re.fullmatch(rf"\d{{{DIGITS}}}", code):
            ok = False
            device.throttle_increment()
        else:
            ok = device.verify_token(code)
    if not ok:
        raise ActionError(
            "wrong_code",
            _("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trên ứng dụng."),
            field="code",
        )
    return device


def _throttled(until: datetime | None) -> ActionError:
    seconds = max(1, int((until - clock.now()).total_seconds()) + 1) if until else 1
    message = _("Bạn đã nhập sai mã nhiều lần. Vui lòng chờ %(seconds)d giây rồi thử lại.")
    # Rendered when shown, so the API can give it in both languages.
    error = ActionError(
        "code_throttled",
        lazy(lambda: str(message) % {"seconds": seconds}, str)(),
        field="code",
    )
    error.status = 429
    return error
