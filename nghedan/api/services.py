"""Writes of the API app: access tokens for people and keys for Open311 client applications."""

import secrets

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token

from nghedan.api.models import ApiClient
from nghedan.audit.log import audit_record
from nghedan.lib.crypto import secret_digest
from nghedan.lib.text import clean

CLIENT_NAME_MAX = 100


class ApiClientError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def api_token_issue(*, user) -> Token:
    """The user's API token, made on first request; the same token until it is revoked."""
    with transaction.atomic():
        token, created = Token.objects.get_or_create(user=user)
        audit_record(actor=user, action="api.token_issued", target=user, data={"created": created})
    return token


def api_client_issue(*, name: str, rotate: bool = False) -> tuple[ApiClient, str]:
    """Create an Open311 client, or give an existing one a new key (`rotate`).

    Returns the client and its key; only the key's digest is stored, so the key is shown
    this once. Rotating makes the old key stop working at once.
    """
    name = clean(name)
    if not name or len(name) > CLIENT_NAME_MAX:
        raise ApiClientError(_("Tên ứng dụng phải có từ 1 đến 100 ký tự."))
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        client = ApiClient.objects.select_for_update().filter(name=name).first()
        if client is None and rotate:
            raise ApiClientError(_("Chưa có ứng dụng tên này để đổi khoá."))
        if client is not None and not rotate:
            raise ApiClientError(
                _("Ứng dụng tên này đã có; dùng --rotate để cấp khoá mới thay khoá cũ.")
            )
        if client is None:
            client = ApiClient.objects.create(name=name, key_digest=secret_digest(key))
            action = "api.client_created"
        else:
            client.key_digest = secret_digest(key)
            client.save(update_fields=["key_digest"])
            action = "api.client_rekeyed"
        audit_record(
            actor=None,
            actor_label="system",
            action=action,
            target=client,
            data={"name": client.name},
        )
    return client, key
