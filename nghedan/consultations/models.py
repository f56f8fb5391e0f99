"""Consultations on drafts (lấy ý kiến nhân dân, dân bàn): a draft split into sections,
comments and replies, statements people vote on, opinion groups, direct decisions by
ballot, and the agency's reply to every comment (tiếp thu, giải trình)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ConsultationKind(models.TextChoices):
    REGULATION = "regulation", _("Dự thảo văn bản quy phạm")
    PLAN = "plan", _("Quy hoạch, kế hoạch")
    PROJECT = "project", _("Dự án đầu tư")
    LAND = "land", _("Phương án thu hồi đất, bồi thường, tái định cư")
    BUDGET = "budget", _("Dự toán, ngân sách")
    OTHER = "other", _("Khác")


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("consultation", "Đang soạn")
    OPEN = "open", pgettext_lazy("consultation", "Đang lấy ý kiến")
    CLOSED = "closed", pgettext_lazy("consultation", "Đã kết thúc lấy ý kiến")
    DONE = "done", pgettext_lazy("consultation", "Đã tiếp thu, giải trình")


class Consultation(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    areas = models.ManyToManyField("areas.Area", related_name="+", verbose_name=_("địa bàn"))
    kind = models.CharField(_("loại"), max_length=12, choices=ConsultationKind.choices)
    title = models.CharField(_("tên dự thảo"), max_length=300)
    summary = models.TextField(_("tóm tắt"), blank=True)
    audience = models.CharField(_("đối tượng lấy ý kiến"), max_length=300, blank=True)
    opens_at = models.DateTimeField(_("bắt đầu"))
    closes_at = models.DateTimeField(_("kết thúc"))
    status = models.CharField(
        _("trạng thái"),
        max_length=8,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    report_published_at = models.DateTimeField(null=True, blank=True)
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="followed_consultations", blank=True
    )

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("lấy ý kiến")
        verbose_name_plural = _("lấy ý kiến")

    def __str__(self) -> str:
        return self.title


class ConsultationAttachment(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to="consultations/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    added_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class SectionLevel(models.TextChoices):
    CHAPTER = "chapter", _("Chương")
    ARTICLE = "article", _("Điều")
    PARAGRAPH = "paragraph", _("Khoản, đoạn")


class Section(models.Model):
    """One commentable part of the draft; `final_text` is the text after the agency took
    the comments in, for the changes view."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="sections"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    order = models.PositiveIntegerField()
    level = models.CharField(max_length=10, choices=SectionLevel.choices)
    heading = models.CharField(_("tiêu đề"), max_length=500, blank=True)
    text = models.TextField(_("nội dung dự thảo"), blank=True)
    final_text = models.TextField(_("nội dung sau tiếp thu"), blank=True)

    class Meta:
        ordering = ["consultation", "order"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "order"], name="section_order_unique")
        ]

    def __str__(self) -> str:
        return self.heading or self.text[:60]


class Disposition(models.TextChoices):
    ACCEPTED = "accepted", _("Tiếp thu")
    PARTLY = "partly", _("Tiếp thu một phần")
    EXPLAINED = "explained", _("Giải trình")
    NOT_ACCEPTED = "not_accepted", _("Không tiếp thu")


class Comment(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    # None: a comment on the draft as a whole.
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    # A reply to another comment (replies get no disposition).
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("ý kiến"))
    # Shown publicly: personal data removed.
    public_text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    support = models.PositiveIntegerField(default=0)
    oppose = models.PositiveIntegerField(default=0)
    # Hidden by a moderator: kept, with the reason (audited); not shown publicly.
    hidden_reason = models.CharField(max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Flagged by the abusive-language screen: waits for a moderator before it shows.
    flagged = models.BooleanField(default=False)
    disposition = models.CharField(
        _("tiếp thu, giải trình"), max_length=12, choices=Disposition.choices, blank=True
    )
    disposition_reason = models.TextField(_("lý do"), blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    disposed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ý kiến")
        verbose_name_plural = _("ý kiến")

    def __str__(self) -> str:
        return self.public_text[:60]


class CommentReaction(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField()  # 1 support, -1 oppose

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_reaction_per_comment")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.value:+d}"


class AbuseReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.reason[:40]}"


class StatementStatus(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    REJECTED = "rejected", _("Không duyệt")


class Statement(models.Model):
    """A short statement participants vote on (agree / disagree / pass), as in Pol.is."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="statements"
    )
    text = models.CharField(_("nhận định"), max_length=300)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    by_agency = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=StatementStatus.choices, default=StatementStatus.PENDING
    )
    moderation_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text


class StatementVote(models.Model):
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    value = models.SmallIntegerField()  # 1 agree, -1 disagree, 0 pass
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "participant"], name="one_vote_per_statement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.value:+d}"


class OpinionSnapshot(models.Model):
    """The opinion groups last computed from the votes (recomputed in the background)."""

    consultation = models.OneToOneField(
        Consultation, on_delete=models.CASCADE, related_name="opinion"
    )
    computed_at = models.DateTimeField()
    votes = models.PositiveIntegerField()
    result = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"{self.consultation_id} @ {self.computed_at}"


class BallotUnit(models.TextChoices):
    VOTER = "voter", _("Mỗi cử tri một phiếu")
    HOUSEHOLD = "household", _("Mỗi hộ gia đình một phiếu")


class Ballot(models.Model):
    """A direct decision the law leaves to the people (e.g. a village's contribution)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="ballots")
    question = models.CharField(_("nội dung biểu quyết"), max_length=500)
    unit = models.CharField(max_length=10, choices=BallotUnit.choices, default=BallotUnit.HOUSEHOLD)
    eligible = models.PositiveIntegerField(_("số cử tri/hộ có quyền biểu quyết"))
    # Percentages of the eligible (quorum) and of the ballots cast (majority).
    quorum_percent = models.PositiveSmallIntegerField(default=50)
    majority_percent = models.PositiveSmallIntegerField(default=50)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.question


class BallotVote(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The household the vote counts for, when the ballot is by household.
    household = models.CharField(max_length=100, blank=True)
    choice = models.CharField(max_length=8)  # "yes" | "no" | "abstain"
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "voter"], name="one_ballot_per_voter"),
            models.UniqueConstraint(
                fields=["ballot", "household"],
                condition=~models.Q(household=""),
                name="one_ballot_per_household",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id} {self.choice}"


class ConsultationEvent(models.Model):
    """History of a consultation (also in the audit log)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=30)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.action}"
