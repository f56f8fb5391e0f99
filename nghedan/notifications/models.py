"""What was told to whom: in-app notifications, and one delivery row per message sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message shown to a signed-in user on the site."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("người nhận"),
    )
    petition = models.ForeignKey(
        "petitions.Petition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn"),
    )
    kind = models.CharField(_("loại"), max_length=40)
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind}"


class DeliveryChannel(models.TextChoices):
    IN_APP = "in_app", _("Trên trang")
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")
    ZALO = "zalo", _("Zalo")


class Delivery(models.Model):
    """One message on one channel to one recipient. The unique `key` (job key, channel,
    recipient label) makes a job that runs again after its worker died send nothing
    twice. Destinations (e-mail addresses, phone numbers) are not stored here."""

    key = models.CharField(max_length=255, unique=True)
    channel = models.CharField(_("kênh"), max_length=10, choices=DeliveryChannel.choices)
    kind = models.CharField(_("loại"), max_length=40)
    # "user:<id>" or "petitioner": who, without their personal data.
    recipient_label = models.CharField(max_length=40)
    petition = models.ForeignKey(
        "petitions.Petition", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("lần gửi thông báo")
        verbose_name_plural = _("lần gửi thông báo")

    def __str__(self) -> str:
        return self.key
