"""Pre-aggregated counts behind the scorecards, and the register of good practice.

A `MonthlyCell` holds the additive counts of one unit (an agency, an area, an officer or
the whole country) for one calendar month, for all topics (`topic_id` 0) and for each
topic. Every indicator of any period of whole months is computed from the sums of these
cells, so a scorecard reads a few dozen rows whatever the number of petitions. The cells
are rebuilt from the petitions (`scorecards.cells`); they are never typed in.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    AGENCY = "agency", _("cơ quan")
    AREA = "area", _("địa bàn")
    OFFICER = "officer", _("cán bộ")
    NATION = "nation", _("cả nước")


class MonthlyCell(models.Model):
    month = models.DateField()  # the first day of the month
    unit_kind = models.CharField(max_length=8, choices=UnitKind.choices)
    unit_id = models.PositiveIntegerField()  # agency, area or user id; 0 for the nation
    topic_id = models.PositiveIntegerField(default=0)  # 0: all topics

    received = models.PositiveIntegerField(default=0)
    signatories = models.PositiveIntegerField(default=0)
    # Acceptance deadlines falling due in the month (or met early), and those met.
    acceptance_due = models.PositiveIntegerField(default=0)
    acceptance_on_time = models.PositiveIntegerField(default=0)
    # Resolution deadlines falling due in the month (or met early), and those met.
    resolution_due = models.PositiveIntegerField(default=0)
    resolution_on_time = models.PositiveIntegerField(default=0)
    # Petitions whose answer in force was published in the month; of those, how many were
    # later reopened or appealed, and the working days each took ({days: petitions}).
    answered = models.PositiveIntegerField(default=0)
    answer_days = models.JSONField(default=dict)
    reopened = models.PositiveIntegerField(default=0)
    appealable = models.PositiveIntegerField(default=0)  # complaints answered
    appealed = models.PositiveIntegerField(default=0)
    # Ratings given in the month.
    rated = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    rated_high = models.PositiveIntegerField(default=0)  # 4 or 5 stars
    rated_low = models.PositiveIntegerField(default=0)  # 1 or 2 stars
    # Overdue petitions still open at the end of the month (for the current month: at the
    # time of the refresh), by working days past their deadline, and the sum of those days.
    overdue_1_5 = models.PositiveIntegerField(default=0)
    overdue_6_10 = models.PositiveIntegerField(default=0)
    overdue_11_20 = models.PositiveIntegerField(default=0)
    overdue_21_plus = models.PositiveIntegerField(default=0)
    overdue_days = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ô số liệu tháng")
        verbose_name_plural = _("ô số liệu tháng")
        constraints = [
            models.UniqueConstraint(
                fields=["unit_kind", "unit_id", "topic_id", "month"], name="one_cell_per_unit_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_kind}:{self.unit_id} t{self.topic_id} {self.month:%Y-%m}"


class RefreshState(models.Model):
    """When the cells were last rebuilt: one row, so pages can say how fresh they are and
    the periodic refresh knows which petitions changed since."""

    refreshed_at = models.DateTimeField()
    full_rebuild_at = models.DateTimeField()
    petitions = models.PositiveIntegerField(default=0)
    cells = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    def __str__(self) -> str:
        return f"{self.refreshed_at:%Y-%m-%d %H:%M} ({self.cells} cells)"


class Practice(models.Model):
    """A good practice of mass-mobilisation work (mô hình "Dân vận khéo")."""

    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="practices",
        verbose_name=_("cơ quan"),
    )
    title = models.CharField(_("tên mô hình"), max_length=200)
    summary = models.TextField(_("cách làm"))
    topic = models.ForeignKey(
        "petitions.Topic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lĩnh vực"),
        help_text=_("Để trống nếu mô hình không riêng một lĩnh vực"),
    )
    started_on = models.DateField(_("ngày bắt đầu áp dụng"))
    # The official who runs the practice with the people: a citizen-facing duty.
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cán bộ phụ trách"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("mô hình Dân vận khéo")
        verbose_name_plural = _("mô hình Dân vận khéo")

    def __str__(self) -> str:
        return self.title


class PracticeAdoption(models.Model):
    """Another agency took up a registered practice from `started_on`."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="adoptions")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    started_on = models.DateField(_("ngày bắt đầu áp dụng"))
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = _("nhân rộng mô hình")
        verbose_name_plural = _("nhân rộng mô hình")
        constraints = [
            models.UniqueConstraint(fields=["practice", "agency"], name="one_adoption_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.practice} → {self.agency}"
