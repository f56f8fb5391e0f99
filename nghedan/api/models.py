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
