"""Start-up checks of the audit log's settings."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Error, register

from nghedan.audit.keys import MIN_KEY_LENGTH


@register()
def audit_key_check(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[Error]:
    errors = []
    for name, values in (
        ("NGHEDAN_AUDIT_KEY", [settings.NGHEDAN_AUDIT_KEY] if settings.NGHEDAN_AUDIT_KEY else []),
        ("NGHEDAN_AUDIT_KEY_FALLBACKS", list(settings.NGHEDAN_AUDIT_KEY_FALLBACKS)),
    ):
        if any(len(value) < MIN_KEY_LENGTH for value in values):
            errors.append(
                Error(
                    f"{name} phải dài ít nhất {MIN_KEY_LENGTH} ký tự. "
                    f"{name} must be at least {MIN_KEY_LENGTH} characters long.",
                    hint="Tạo một khoá ngẫu nhiên, ví dụ: python -c "
                    '"import secrets; print(secrets.token_urlsafe(48))"',
                    id="nghedan.audit.E001",
                )
            )
    return errors
