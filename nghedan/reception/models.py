"""Citizen reception days (tiếp công dân), dialogues (đối thoại) and commitments (cam kết).

A leader holds reception days on a schedule checked against the legal minimum; citizens
book a slot or walk in and wait in the day's queue; each matter raised becomes a petition
(channel: reception) or is linked to one. Dialogues gather questions in advance, voted up,
and record which were answered and how. Whatever a leader promises is a commitment with a
deadline, evidence and the say of the people it was made to.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nghedan.lib.crypto import EncryptedTextField


class DayStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Đã lên lịch")
    HELD = "held", _("Đã tiếp")
    CANCELLED = "cancelled", pgettext_lazy("reception day", "Đã huỷ")


class ReceptionDay(models.Model):
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reception_days",
        verbose_name=_("lãnh đạo tiếp"),
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    date = models.DateField(_("ngày tiếp"), db_index=True)
    starts_at = models.TimeField(_("từ"))
    ends_at = models.TimeField(_("đến"))
    place = models.CharField(_("địa điểm"), max_length=300)
    slot_minutes = models.PositiveSmallIntegerField(_("mỗi lượt (phút)"), default=20)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=DayStatus.choices, default=DayStatus.SCHEDULED
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "starts_at"]
        verbose_name = _("ngày tiếp công dân")
        verbose_name_plural = _("ngày tiếp công dân")
        constraints = [
            models.UniqueConstraint(fields=["leader", "date"], name="one_reception_day_per_leader")
        ]

    def __str__(self) -> str:
        return f"{self.leader} {self.date:%d/%m/%Y}"


class BookingKind(models.TextChoices):
    BOOKED = "booked", _("Đặt lịch trước")
    WALK_IN = "walk_in", _("Đến trực tiếp")


class BookingStatus(models.TextChoices):
    WAITING = "waiting", _("Đang chờ")
    RECEIVED = "received", _("Đã được tiếp")
    ABSENT = "absent", _("Không đến")
    CANCELLED = "cancelled", pgettext_lazy("booking", "Đã huỷ")


class Booking(models.Model):
    """A citizen's turn at a reception day: booked online or registered at the desk."""

    day = models.ForeignKey(ReceptionDay, on_delete=models.PROTECT, related_name="bookings")
    kind = models.CharField(_("hình thức"), max_length=8, choices=BookingKind.choices)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=BookingStatus.choices,
        default=BookingStatus.WAITING,
    )
    queue_number = models.PositiveIntegerField(_("số thứ tự"))
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
    )
    name = EncryptedTextField(_("họ tên"))
    phone = EncryptedTextField(_("điện thoại"), blank=True)
    matter = models.TextField(_("nội dung muốn trình bày"))
    # A group on one matter chooses representatives (Law on Citizen Reception 2013, Art. 30).
    group_size = models.PositiveIntegerField(_("số người trong đoàn"), default=1)
    representatives = EncryptedTextField(_("người đại diện"), blank=True)
    alert = models.ForeignKey(
        "alerts.Alert", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The petition the matter became or was linked to.
    petition = models.ForeignKey(
        "petitions.Petition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reception_bookings",
    )
    # The same person on the same matter before: the earlier booking recognised.
    returning_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="returns"
    )
    minutes = models.TextField(_("biên bản tiếp"), blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "queue_number"]
        verbose_name = _("lượt tiếp")
        verbose_name_plural = _("lượt tiếp")
        constraints = [
            models.UniqueConstraint(fields=["day", "queue_number"], name="one_queue_number")
        ]

    def __str__(self) -> str:
        return f"{self.day} #{self.queue_number}"


class DialogueStatus(models.TextChoices):
    PLANNED = "planned", _("Sắp diễn ra")
    HELD = "held", _("Đã tổ chức")
    CANCELLED = "cancelled", pgettext_lazy("dialogue", "Đã huỷ")


class DialogueAudience(models.TextChoices):
    RESIDENTS = "residents", _("Nhân dân địa phương")
    BUSINESSES = "businesses", _("Doanh nghiệp")
    PROJECT = "project", _("Người dân chịu ảnh hưởng của dự án")
    OTHER = "other", _("Khác")


class Dialogue(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="hosted_dialogues",
        verbose_name=_("người chủ trì"),
    )
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("tên buổi đối thoại"), max_length=300)
    audience = models.CharField(_("đối tượng"), max_length=12, choices=DialogueAudience.choices)
    starts_at = models.DateTimeField(_("thời gian"))
    place = models.CharField(_("địa điểm"), max_length=300)
    agenda = models.TextField(_("chương trình"))
    # Questions are taken until this moment.
    questions_close_at = models.DateTimeField(_("hạn gửi câu hỏi"))
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=DialogueStatus.choices,
        default=DialogueStatus.PLANNED,
    )
    record = models.TextField(_("biên bản công khai"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("buổi đối thoại")
        verbose_name_plural = _("buổi đối thoại")

    def __str__(self) -> str:
        return self.title


class DialogueQuestion(models.Model):
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="questions")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("câu hỏi"))
    # Shown publicly: the text with personal data removed.
    public_text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    votes = models.PositiveIntegerField(_("lượt ủng hộ"), default=0)
    hidden_reason = models.CharField(_("lý do ẩn"), max_length=300, blank=True)
    answered = models.BooleanField(_("đã trả lời"), default=False)
    answer = models.TextField(_("nội dung trả lời"), blank=True)

    class Meta:
        ordering = ["-votes", "created_at"]
        verbose_name = _("câu hỏi đối thoại")
        verbose_name_plural = _("câu hỏi đối thoại")

    def __str__(self) -> str:
        return self.public_text[:60]


class QuestionVote(models.Model):
    question = models.ForeignKey(DialogueQuestion, on_delete=models.CASCADE, related_name="+")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "voter"], name="one_vote_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.question_id}"


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Đang thực hiện")
    KEPT = "kept", _("Đã thực hiện")
    BROKEN = "broken", _("Không thực hiện được")


class Commitment(models.Model):
    """A promise made to the people, tracked to its end."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="commitments",
        verbose_name=_("người cam kết"),
    )
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("nội dung cam kết"))
    due_date = models.DateField(_("hạn thực hiện"), db_index=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=8,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.OPEN,
    )
    # Where it was made: one of these.
    booking = models.ForeignKey(
        Booking, on_delete=models.PROTECT, null=True, blank=True, related_name="commitments"
    )
    dialogue = models.ForeignKey(
        Dialogue, on_delete=models.PROTECT, null=True, blank=True, related_name="commitments"
    )
    petition = models.ForeignKey(
        "petitions.Petition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
    )
    # The people it was made to (accounts); those without an account are reached through
    # the petition's contact.
    people = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    outcome_note = models.TextField(_("kết quả"), blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date"]
        verbose_name = _("cam kết")
        verbose_name_plural = _("cam kết")

    def __str__(self) -> str:
        return self.text[:60]


class CommitmentEvidence(models.Model):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="evidence")
    note = models.TextField(_("mô tả"), blank=True)
    file = models.FileField(upload_to="commitments/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at"]

    def __str__(self) -> str:
        return self.original_name or self.note[:40]


class CommitmentResponse(models.Model):
    """Whether a person it was made to agrees that the commitment was kept."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agrees = models.BooleanField(_("đồng ý đã thực hiện"))
    comment = models.TextField(_("ý kiến"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commitment", "person"], name="one_response_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.agrees}"


class ReceptionEvent(models.Model):
    """History of reception days, bookings, dialogues and commitments (also in the audit
    log): who did what, when."""

    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=30)
    day = models.ForeignKey(ReceptionDay, on_delete=models.CASCADE, null=True, blank=True)
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, null=True, blank=True)
    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, null=True, blank=True)
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d}"
