"""Client applications allowed to post Open311 service requests."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nghedan.lib.crypto import EncryptedTextField


class ApiClient(models.Model):
    name = models.CharField(_("tên ứng dụng"), max_length=100, unique=True)
    # Keyed digest of the api_key; the key itself is shown once, when issued.
    key_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("ứng dụng Open311")
        verbose_name_plural = _("ứng dụng Open311")

    def __str__(self) -> str:
        return self.name


class IdempotencyKey(models.Model):
    """A key a client sent with a petition it filed, with a digest of what it sent: the
    same key and the same request find that petition again; another request is refused."""

    # As the petition's intake_key: "<channel>:<client>:<Idempotency-Key>".
    key = models.CharField(max_length=200, unique=True)
    request_digest = models.CharField(max_length=64)
    petition = models.OneToOneField(
        "petitions.Petition", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khoá chống gửi trùng")
        verbose_name_plural = _("khoá chống gửi trùng")

    def __str__(self) -> str:
        return self.key


class MediaStatus(models.TextChoices):
    NONE = "", _("không gửi kèm")
    PENDING = "pending", _("đang chờ tải")
    STORED = "stored", _("đã lưu thành tệp đính kèm")
    FAILED = "failed", _("không tải được")


class Open311Request(models.Model):
    """What an Open311 client sent with a service request besides the petition itself: the
    client's own device and account ids, for its look-ups (`requests.json?device_id=…`),
    and the `media_url`, fetched in the background and stored as the petition's attachment.

    The ids are the client's identifiers of a person: kept encrypted, and found again by
    keyed digests scoped to the client, never shown to anyone else.
    """

    petition = models.OneToOneField(
        "petitions.Petition", on_delete=models.PROTECT, related_name="open311_request"
    )
    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="requests")
    device_id = EncryptedTextField(blank=True)
    account_id = EncryptedTextField(blank=True)
    device_digest = models.CharField(max_length=64, blank=True)
    account_digest = models.CharField(max_length=64, blank=True)
    media_url = models.URLField(max_length=500, blank=True)
    media_status = models.CharField(
        _("ảnh, tệp kèm theo"), max_length=8, choices=MediaStatus.choices, blank=True
    )
    # Why the media could not be stored (Vietnamese, for the administrators).
    media_note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("yêu cầu Open311")
        verbose_name_plural = _("yêu cầu Open311")
        indexes = [
            models.Index(fields=["client", "device_digest"]),
            models.Index(fields=["client", "account_digest"]),
        ]

    def __str__(self) -> str:
        return f"open311:{self.client_id}:{self.petition_id}"
