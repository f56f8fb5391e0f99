"""Legal time limits as data (DESIGN.md §3, §7) and the administrator's calendar changes.

A rule is in force from `valid_from` to `valid_to` (inclusive); a clock takes the rule in
force on the day it starts, so a change of the law never moves a clock already running.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nghedan.deadlines.kinds import Kind
from nghedan.lib.reference import ReferenceModel


class RuleLevel(models.TextChoices):
    ANY = "", _("Mọi cấp")
    COMMUNE = "commune", _("Cấp xã")
    PROVINCE = "province", _("Cấp tỉnh")


class Stage(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Thụ lý / tiếp nhận")
    RESOLUTION = "resolution", _("Giải quyết lần đầu")
    SECOND_RESOLUTION = "second_resolution", _("Giải quyết lần hai")
    EXTENSION = "extension", _("Gia hạn giải quyết")


class DeadlineRule(ReferenceModel):
    """Kept by each process (deadlines.services.deadline_rules); a change through the ORM
    reaches every process (lib/reference)."""


    kind = models.CharField(_("loại đơn"), max_length=16, choices=Kind.choices)
    level = models.CharField(
        _("cấp"), max_length=10, choices=RuleLevel.choices, blank=True, default=""
    )
    stage = models.CharField(_("giai đoạn"), max_length=20, choices=Stage.choices)
    days = models.PositiveSmallIntegerField(_("số ngày"))
    working_days = models.BooleanField(
        _("ngày làm việc"),
        default=False,
        help_text=_(
            "Bỏ chọn nếu thời hạn tính theo ngày (dương lịch), Bộ luật Dân sự Điều 147–148."
        ),
    )
    complex_days = models.PositiveSmallIntegerField(
        _("số ngày, vụ việc phức tạp"), null=True, blank=True
    )
    remote_days = models.PositiveSmallIntegerField(
        _("số ngày, vùng sâu vùng xa"), null=True, blank=True
    )
    remote_complex_days = models.PositiveSmallIntegerField(
        _("số ngày, vùng sâu vùng xa và phức tạp"), null=True, blank=True
    )
    max_extensions = models.PositiveSmallIntegerField(
        _("số lần gia hạn tối đa"),
        default=0,
        help_text=_("Chỉ dùng cho giai đoạn gia hạn; mỗi lần gia hạn không quá số ngày trên."),
    )
    citation = models.TextField(_("căn cứ pháp lý"))
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "stage", "level", "-valid_from"]
        verbose_name = _("quy định thời hạn")
        verbose_name_plural = _("quy định thời hạn")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "level", "stage", "valid_from"],
                name="deadline_rule_one_per_start",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="deadline_rule_valid_range",
            ),
            models.CheckConstraint(condition=models.Q(days__gt=0), name="deadline_rule_days"),
        ]

    def __str__(self) -> str:
        unit = _("ngày làm việc") if self.working_days else _("ngày")
        return (
            f"{self.get_kind_display()} – {self.get_stage_display()}: {self.days} {unit} "
            f"({self.citation})"
        )

    def days_for(self, *, remote: bool = False, complex: bool = False) -> int:
        """The limit that applies: the longest figure the law gives the case, falling back
        to the plainer one where the rule has none (a remote complex case with no
        `remote_complex_days` takes the larger of the remote and complex figures)."""
        if remote and complex and self.remote_complex_days:
            return self.remote_complex_days
        candidates = [self.days]
        if remote and self.remote_days:
            candidates.append(self.remote_days)
        if complex and self.complex_days:
            candidates.append(self.complex_days)
        return max(candidates)


class CalendarException(ReferenceModel):
    """A day the government moves: an extra day off, or a weekend made a working day
    (ngày làm bù). Public holidays themselves come from the `holidays` library."""

    day = models.DateField(_("ngày"), unique=True)
    is_working_day = models.BooleanField(
        _("là ngày làm việc"),
        help_text=_("Chọn: ngày làm bù (làm việc vào cuối tuần/ngày lễ). Bỏ chọn: ngày nghỉ thêm."),
    )
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("ngày nghỉ/làm bù")
        verbose_name_plural = _("ngày nghỉ/làm bù")

    def __str__(self) -> str:
        what = _("làm bù") if self.is_working_day else _("nghỉ")
        return f"{self.day:%d/%m/%Y} ({what})"
