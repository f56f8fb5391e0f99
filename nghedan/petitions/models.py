"""Petitions and everything that happens to them. Rows are never deleted."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from nghedan.areas.models import AreaLevel
from nghedan.deadlines.kinds import Kind as Kind
from nghedan.lib.crypto import EncryptedTextField
from nghedan.lib.reference import ReferenceModel

# The vocabulary is defined by the kernel (lifecycle.py) and the law (deadlines.kinds), and
# importable from here too, beside the models that use it.
from nghedan.petitions.lifecycle import EventAction as EventAction
from nghedan.petitions.lifecycle import Status as Status


class Channel(models.TextChoices):
    WEB = "web", _("Cổng thông tin")
    API = "api", _("Ứng dụng (API)")
    RECEPTION = "reception", _("Tiếp công dân")
    HOTLINE = "hotline", _("Đường dây nóng")
    MAIL = "mail", _("Bưu chính")


class TopicSource(models.TextChoices):
    """Who gave the petition its topic; the triage queue holds those nobody could."""

    PETITIONER = "petitioner", _("người gửi chọn")
    MODEL = "model", _("hệ thống gợi ý")
    TRIAGE = "triage", _("chờ phân loại")
    OFFICER = "officer", _("cán bộ phân loại")


class Topic(ReferenceModel):
    """Kept by each process (petitions.reference.topics_active)."""


    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=100, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    keywords = models.TextField(_("từ khoá"), blank=True, help_text=_("Cách nhau bởi dấu phẩy"))
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def __str__(self) -> str:
        # Topic names are data; the English one is shown to English readers.
        if self.name_en and (translation.get_language() or "").startswith("en"):
            return self.name_en
        return self.name


class RoutingRule(ReferenceModel):
    """kind × topic × level → agency type. Blank kind or topic matches any; the most
    specific matching rule wins, then the lowest priority number."""

    kind = models.CharField(_("loại đơn"), max_length=16, choices=Kind.choices, blank=True)
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("lĩnh vực")
    )
    level = models.CharField(
        _("cấp xử lý"),
        max_length=10,
        choices=AreaLevel.choices,
        help_text=_("Cấp của cơ quan xử lý: xã hoặc tỉnh của địa bàn phản ánh"),
    )
    agency_type = models.ForeignKey(
        "agencies.AgencyType", on_delete=models.PROTECT, verbose_name=_("loại cơ quan")
    )
    priority = models.PositiveSmallIntegerField(_("thứ tự ưu tiên"), default=100)
    note = models.CharField(_("ghi chú, căn cứ"), max_length=300, blank=True)

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = _("quy tắc chuyển đơn")
        verbose_name_plural = _("quy tắc chuyển đơn")

    def __str__(self) -> str:
        return f"{self.get_kind_display() or '*'} × {self.topic or '*'} → {self.agency_type}"


class Petition(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("mã tra cứu"), max_length=16, unique=True)
    # Keyed digest of the secret given to the petitioner to follow the petition.
    secret_digest = models.CharField(max_length=64, blank=True)
    kind = models.CharField(_("loại đơn"), max_length=16, choices=Kind.choices)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, verbose_name=_("lĩnh vực"))
    topic_source = models.CharField(
        _("nguồn phân loại"),
        max_length=12,
        choices=TopicSource.choices,
        default=TopicSource.PETITIONER,
        db_index=True,
    )
    title = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"))
    # What may be shown publicly: title and body with personal data removed.
    public_title = models.CharField(max_length=200, blank=True)
    public_body = models.TextField(blank=True)
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="petitions", verbose_name=_("địa bàn")
    )
    address = models.CharField(_("địa chỉ, vị trí"), max_length=300, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="petitions",
        verbose_name=_("cơ quan xử lý"),
    )
    channel = models.CharField(_("kênh"), max_length=12, choices=Channel.choices)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    signatories = models.PositiveIntegerField(_("số người ký"), default=1)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="petitions",
        verbose_name=_("tài khoản người gửi"),
    )
    is_anonymous = models.BooleanField(_("ẩn danh"), default=False)
    petitioner_name = EncryptedTextField(_("họ tên người gửi"), blank=True)
    petitioner_phone = EncryptedTextField(_("điện thoại"), blank=True)
    petitioner_email = EncryptedTextField(_("thư điện tử"), blank=True)
    petitioner_address = EncryptedTextField(_("địa chỉ người gửi"), blank=True)
    publish_consent = models.BooleanField(_("đồng ý công khai nội dung"), default=False)

    received_at = models.DateTimeField(_("ngày tiếp nhận"), db_index=True)
    acceptance_due = models.DateField(_("hạn thụ lý"), null=True, blank=True)
    resolution_due = models.DateField(_("hạn giải quyết"), null=True, blank=True, db_index=True)
    # A complex case and its lawful extensions lengthen the resolution limit (gia hạn).
    is_complex = models.BooleanField(_("vụ việc phức tạp"), default=False)
    extensions = models.PositiveSmallIntegerField(_("số lần gia hạn"), default=0)
    # The petitioner asked to be told of each step (by e-mail or SMS, from their contact).
    notify_updates = models.BooleanField(_("nhận thông báo về đơn"), default=False)
    # The deadline rules the clocks run under, kept when the rules later change.
    acceptance_rule = models.ForeignKey(
        "deadlines.DeadlineRule", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolution_rule = models.ForeignKey(
        "deadlines.DeadlineRule", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    appeal_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("khiếu nại lần đầu"),
    )
    # "<client>:<Idempotency-Key>": a retried intake finds the petition it already made.
    intake_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    intake_client = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("đơn")
        verbose_name_plural = _("đơn")
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["area", "status"]),
            # The scorecards' refresh looks for petitions changed since its last run.
            models.Index(fields=["updated_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(signatories__gte=1), name="signatories_min_1")
        ]

    def __str__(self) -> str:
        # Shown wherever a petition is named (admin pages, choices, logs): the redacted title,
        # as a denunciation's own words can name who made it.
        return f"{self.code} {self.public_title}".rstrip()

    @property
    def is_public(self) -> bool:
        """Published on public pages: consented feedback or proposals only."""
        return self.publish_consent and self.kind in (Kind.FEEDBACK, Kind.PROPOSAL)

    @property
    def protects_identity(self) -> bool:
        return self.kind == Kind.DENUNCIATION


class PetitionEvent(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("hành động"), max_length=30, choices=EventAction.choices)
    from_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    from_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("lý do"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    # Shown on the petitioner's tracking page; internal steps (e.g. a returned draft) are not.
    visible_to_petitioner = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["at"])]
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")

    def __str__(self) -> str:
        return f"{self.petition_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class AnswerStatus(models.TextChoices):
    PENDING_APPROVAL = "pending_approval", _("Chờ lãnh đạo duyệt")
    RETURNED = "returned", _("Lãnh đạo trả lại")
    PUBLISHED = "published", _("Đã ban hành")


class Answer(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="answers")
    body = models.TextField(_("nội dung trả lời"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người soạn"),
    )
    status = models.CharField(max_length=20, choices=AnswerStatus.choices)
    created_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người duyệt"),
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("ý kiến lãnh đạo"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("trả lời")
        verbose_name_plural = _("trả lời")

    def __str__(self) -> str:
        return f"{self.petition_id} {self.get_status_display()}"


class RatingReason(models.TextChoices):
    SOLVED = "solved", _("Vấn đề đã được giải quyết")
    TIMELY = "timely", _("Trả lời kịp thời")
    CLEAR = "clear", _("Trả lời rõ ràng, dễ hiểu")
    RESPECTFUL = "respectful", _("Thái độ tôn trọng")
    NOT_SOLVED = "not_solved", _("Vấn đề chưa được giải quyết")
    LATE = "late", _("Trả lời chậm")
    UNCLEAR = "unclear", _("Trả lời chung chung, khó hiểu")
    DISRESPECTFUL = "disrespectful", _("Thái độ thiếu tôn trọng")


# The rating form shows what went well apart from what did not.
POSITIVE_REASONS = (
    RatingReason.SOLVED,
    RatingReason.TIMELY,
    RatingReason.CLEAR,
    RatingReason.RESPECTFUL,
)


class Rating(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="ratings")
    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, related_name="ratings")
    stars = models.PositiveSmallIntegerField(_("mức độ hài lòng"))
    reasons = models.JSONField(_("lý do"), default=list, blank=True)
    comment = models.TextField(_("ý kiến"), blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("đánh giá")
        verbose_name_plural = _("đánh giá")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="stars_1_to_5"
            ),
            models.UniqueConstraint(fields=["answer"], name="one_rating_per_answer"),
        ]
        # The dashboards list the worst-rated answers of a period.
        indexes = [models.Index(fields=["stars", "created_at"])]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.stars}/5"


class Attachment(models.Model):
    class FileKind(models.TextChoices):
        IMAGE = "image", _("Ảnh")
        PDF = "pdf", _("PDF")

    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="petitions/%Y/%m/")
    file_kind = models.CharField(max_length=8, choices=FileKind.choices)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    original_name = models.CharField(max_length=200, blank=True)
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.original_name or self.file.name or ""
