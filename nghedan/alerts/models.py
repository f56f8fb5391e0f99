from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AlertKind(models.TextChoices):
    MASS = "mass", _("Đông người")
    SKIPPED_LEVEL = "skipped_level", _("Vượt cấp")
    PROLONGED = "prolonged", _("Kéo dài")
    SURGE = "surge", _("Tăng đột biến")
    SENTIMENT = "sentiment", _("Bức xúc tăng")
    PRESS = "press", _("Báo chí, mạng xã hội")


class AlertStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("alert status", "Mới")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("alert status", "Đã tiếp nhận")
    HANDLED = "handled", pgettext_lazy("alert status", "Đã xử lý")
    CLOSED = "closed", pgettext_lazy("alert status", "Đã đóng")


# An alert that still asks for attention: every count of "open alerts" uses this.
ACTIVE_STATUSES = (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED, AlertStatus.HANDLED)


class Alert(models.Model):
    """An issue heating up in a place (điểm nóng), with the numbers and the petitions and
    articles behind it. One alert per ongoing issue: a later scan that finds it again makes
    it grow instead of opening another."""

    kind = models.CharField(_("loại"), max_length=16, choices=AlertKind.choices)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    # What makes two findings the same issue: kind, place and topic (and group for mass).
    key = models.CharField(max_length=200, db_index=True)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("địa bàn")
    )
    province = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh/thành")
    )
    topic = models.ForeignKey(
        "petitions.Topic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lĩnh vực"),
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    # What the detector measured: counts, expected, ratio, window, p-value… shown as is.
    numbers = models.JSONField(default=dict)
    severity = models.FloatField(_("mức độ"), default=0)
    opened_at = models.DateTimeField(_("mở lúc"))
    updated_at = models.DateTimeField(_("cập nhật"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lãnh đạo phụ trách"),
    )
    petitions = models.ManyToManyField("petitions.Petition", related_name="alerts", blank=True)
    articles = models.ManyToManyField("alerts.Article", related_name="alerts", blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("cảnh báo")
        verbose_name_plural = _("cảnh báo")
        indexes = [models.Index(fields=["province", "status"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class AlertEvent(models.Model):
    """The alert's history: opened, grew, acknowledged, assigned, handled, closed, notes."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.alert_id} {self.action}"


class Article(models.Model):
    """A press article or social post, imported from a file or feed (never fetched)."""

    kind = models.CharField(_("loại"), max_length=8, default="article")
    source = models.CharField(_("nguồn"), max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    external_id = models.CharField(max_length=300, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=500, blank=True)
    text = models.TextField(_("nội dung"))
    published_at = models.DateTimeField(_("ngày đăng"), null=True, blank=True, db_index=True)
    imported_at = models.DateTimeField()
    area = models.ForeignKey(
        "areas.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    topic = models.ForeignKey(
        "petitions.Topic", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_urgent = models.BooleanField(default=False)
    is_negative = models.BooleanField(default=False)
    signals = models.JSONField(default=dict, blank=True)
    # A syndicated copy points at the first copy of the story.
    copy_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    signature = models.BinaryField(default=b"")

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("bài báo, bài đăng")
        verbose_name_plural = _("bài báo, bài đăng")
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~models.Q(url=""), name="article_url_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title or self.text[:60]
