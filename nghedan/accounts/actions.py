"""Changes to how a person signs in: the password and the second step. Each one runs in
one transaction and leaves one entry in the audit log."""

from axes.utils import reset as axes_reset
from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from nghedan.accounts import twofactor
from nghedan.accounts.models import User
from nghedan.audit.log import audit_record
from nghedan.lib.errors import ActionError, NotPermitted, not_permitted

DEVICE_NAME = "Ứng dụng xác thực"


def password_set(*, acting_user: User, user: User, password: str, how: str) -> User:
    """Store a new password for `user` (already validated by the form); `how` is
    "change" (the person, signed in, knew the old one) or "reset" (by a link sent to
    their e-mail). A reset also lifts a sign-in lockout on the user name: whoever holds
    the mailbox may sign in again at once."""
    if how not in ("change", "reset"):
        raise ValueError(how)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        if how == "reset":
            axes_reset(username=user.get_username())
        # Whoever signed in to the API with the old password is signed out with it.
        tokens_revoked = Token.objects.filter(user=user).delete()[0]
        audit_record(
            actor=acting_user,
            action=f"account.password_{how}",
            target=user,
            data={"api_tokens_revoked": tokens_revoked},
        )
    return user


def second_factor_enable(*, acting_user: User, key: str, code: str) -> TOTPDevice:
    """Store the authenticator whose secret `key` the person was shown, once `code`
    proves their app holds it. It replaces the device they had, if any."""
    if not twofactor.second_factor_allowed(acting_user):
        raise not_permitted()
    state = twofactor.key_matches(key=key, code=code)
    if state is None:
        raise ActionError(
            "wrong_code",
            _("Mã xác thực không đúng. Hãy nhập mã đang hiện trên ứng dụng vừa cài."),
            field="code",
        )
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=acting_user.pk).first()
        replaced = TOTPDevice.objects.filter(user_id=acting_user.pk).delete()[0]
        device = TOTPDevice.objects.create(
            user=acting_user,
            name=DEVICE_NAME,
            key=key,
            step=twofactor.STEP_SECONDS,
            digits=twofactor.DIGITS,
            tolerance=twofactor.TOLERANCE,
            drift=state.drift,
            # The code that confirmed it cannot be used again.
            last_t=state.t(),
            confirmed=True,
        )
        audit_record(
            actor=acting_user,
            action="account.second_factor_enabled",
            target=acting_user,
            data={"replaced": bool(replaced)},
        )
    return device


def second_factor_disable(*, acting_user: User, password: str) -> None:
    """The person turns the second step off, confirming with their password.
    Administrators cannot: for them it is required."""
    if twofactor.second_factor_required(acting_user):
        raise NotPermitted(
            "second_factor_required",
            _("Tài khoản quản trị bắt buộc dùng xác thực hai bước; không thể tắt."),
        )
    if not check_password(password or "", acting_user.password):
        raise ActionError("wrong_password", _("Mật khẩu không đúng."), field="password")
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user_id=acting_user.pk).delete()[0]
        if removed:
            audit_record(
                actor=acting_user, action="account.second_factor_disabled", target=acting_user
            )


def second_factor_reset(*, acting_user: User | None, user: User) -> int:
    """Remove a person's authenticator when they lost it (by an administrator, or the
    `twofactor_reset` command with `acting_user` None). They set up a new one at their
    next sign-in if they must have one. Returns how many devices were removed."""
    if acting_user is not None and not acting_user.is_admin_role:
        raise not_permitted()
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user_id=user.pk).delete()[0]
        if removed:
            audit_record(
                actor=acting_user,
                actor_label="" if acting_user is not None else "system",
                action="account.second_factor_reset",
                target=user,
                data={"removed": removed},
            )
    return removed
