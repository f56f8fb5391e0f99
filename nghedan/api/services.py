"""Writes of the API app: access tokens for people, keys for Open311 client applications,
and petitions filed under an Idempotency-Key."""

import secrets

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token

from nghedan.api.idempotency import key_reused
from nghedan.api.models import ApiClient, IdempotencyKey
from nghedan.audit.log import audit_record
from nghedan.language.intake import petition_file
from nghedan.lib.crypto import secret_digest
from nghedan.lib.text import clean
from nghedan.petitions.actions import SubmitResult

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


def petition_submit_once(
    *, intake_key: str | None, request_digest: str, **submission
) -> SubmitResult:
    """File a petition (`petition_submit`) under a client's Idempotency-Key.

    The first request with a key files the petition and keeps the digest of what was sent;
    a retry with the same request gets that petition back (not created); the same key with
    another request is refused with `idempotency_key_reused`, nothing filed. Petition and
    key are committed together, so a concurrent retry finds both or neither.
    """
    if not intake_key:
        return petition_file(intake_key=None, **submission)
    with transaction.atomic():
        result = petition_file(intake_key=intake_key, **submission)
        if result.created:
            IdempotencyKey.objects.create(
                key=intake_key, request_digest=request_digest, petition=result.petition
            )
            return result
        kept = IdempotencyKey.objects.filter(key=intake_key).first()
    # A petition filed before digests were kept has none: its retries are taken as such.
    if kept is not None and kept.request_digest != request_digest:
        raise key_reused()
    return result
