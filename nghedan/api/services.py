"""Writes of the API app: access tokens for people, keys for Open311 client applications,
petitions filed under an Idempotency-Key, and what Open311 clients send besides the
petition (device and account ids, the media fetched from media_url)."""

import secrets

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from rest_framework.authtoken.models import Token

from nghedan.api.idempotency import key_reused
from nghedan.api.models import ApiClient, IdempotencyKey, MediaStatus, Open311Request
from nghedan.api.open311.media import MediaRefused, media_fetch
from nghedan.api.selectors import open311_id_digest
from nghedan.audit.log import audit_record
from nghedan.jobs.registry import enqueue
from nghedan.language.intake import petition_file
from nghedan.lib import clock
from nghedan.lib.crypto import secret_digest
from nghedan.lib.errors import ActionError
from nghedan.lib.files import clean_upload
from nghedan.lib.text import clean
from nghedan.petitions.actions import SubmitResult, petition_attachment_add
from nghedan.petitions.models import Petition

MEDIA_TASK = "api.open311_media_fetch"

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


def open311_request_file(
    *,
    client: ApiClient,
    device_id: str,
    account_id: str,
    media_url: str,
    intake_key: str | None,
    request_digest: str,
    **submission,
) -> SubmitResult:
    """File an Open311 service request (`petition_submit_once`) and keep, in the same
    transaction, what the client sent besides the petition: its device and account ids
    and the media_url, whose fetching is queued (`api.open311_media_fetch`), never done
    while the client waits. A retry gets the petition filed the first time, nothing more."""
    device_digest = open311_id_digest(client=client, name="device_id", value=device_id)
    account_digest = open311_id_digest(client=client, name="account_id", value=account_id)

    def keep_request(petition: Petition) -> None:
        record = Open311Request.objects.create(
            petition=petition,
            client=client,
            device_id=device_id,
            account_id=account_id,
            device_digest=device_digest,
            account_digest=account_digest,
            media_url=media_url,
            media_status=MediaStatus.PENDING if media_url else MediaStatus.NONE,
            created_at=clock.now(),
        )
        if media_url:
            enqueue(MEDIA_TASK, payload={"request_id": record.pk}, key=f"{MEDIA_TASK}:{record.pk}")

    # One transaction: the petition's own (petition_submit), with the request written
    # in it through `then`.
    return petition_submit_once(
        intake_key=intake_key, request_digest=request_digest, then=keep_request, **submission
    )


def _refusal_note(exc: Exception) -> str:
    """Why the media was not stored, in Vietnamese, for the administrators."""
    with override("vi"):
        if isinstance(exc, MediaRefused | ActionError):
            return str(exc.message)[:300]
        if isinstance(exc, ValidationError):
            return " ".join(exc.messages)[:300]
    return type(exc).__name__


def open311_media_store(*, request_id: int) -> None:
    """Fetch a service request's media_url (`open311.media.media_fetch`, bounded in size,
    type and time), clean it as any upload (`lib.files.clean_upload`) and attach it to the
    petition. A failure leaves the petition as it was and keeps why on the request
    (`media_status` failed, `media_note`) and in the audit log. Only a request still
    pending is fetched, so running it again does nothing."""
    record = (
        Open311Request.objects.select_related("petition")
        .filter(pk=request_id, media_status=MediaStatus.PENDING)
        .first()
    )
    if record is None:
        return
    try:
        media = media_fetch(record.media_url)
        cleaned = clean_upload(
            SimpleUploadedFile(media.name, media.content, content_type=media.content_type)
        )
        with transaction.atomic():
            petition_attachment_add(
                acting_user=None,
                petition=record.petition,
                cleaned=cleaned,
                source="open311.media_url",
            )
            Open311Request.objects.filter(pk=record.pk).update(
                media_status=MediaStatus.STORED, media_note=""
            )
    except (MediaRefused, ValidationError, ActionError) as exc:
        note = _refusal_note(exc)
        with transaction.atomic():
            Open311Request.objects.filter(pk=record.pk).update(
                media_status=MediaStatus.FAILED, media_note=note
            )
            audit_record(
                actor=None,
                actor_label="system",
                action="open311.media_failed",
                target=record,
                data={"code": record.petition.code, "reason": note},
            )
