"""Agencies that handle petitions: People's Committees, departments, police, inspectorates."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nghedan.areas.models import AreaLevel


class AgencyType(models.Model):
    """A kind of agency (UBND xã, Sở Xây dựng, …); routing rules point at these."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=150)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=150, blank=True)
    level = models.CharField(_("cấp"), max_length=10, choices=AreaLevel.choices)
    # Agencies of this type answer only after a leader approves the answer.
    requires_answer_approval = models.BooleanField(_("cần lãnh đạo duyệt trả lời"), default=True)

    class Meta:
        ordering = ["level", "code"]
        verbose_name = _("loại cơ quan")
        verbose_name_plural = _("loại cơ quan")

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    agency_type = models.ForeignKey(
        AgencyType, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("loại")
    )
    area = models.ForeignKey(
        "areas.Area", on_delete=models.PROTECT, related_name="agencies", verbose_name=_("địa bàn")
    )
    # Where escalations and second-level complaints go.
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("cơ quan cấp trên"),
    )
    requires_answer_approval = models.BooleanField(_("cần lãnh đạo duyệt trả lời"), default=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        ordering = ["area__code", "agency_type__code"]
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        constraints = [
            models.UniqueConstraint(fields=["area", "agency_type"], name="one_agency_per_type_area")
        ]

    def __str__(self) -> str:
        return self.name
