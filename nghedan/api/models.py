"""Client applications allowed to post Open311 service requests."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
