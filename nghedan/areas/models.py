"""Administrative units: the 34 provinces/cities and their communes, wards and special zones."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nghedan.lib.reference import ReferenceModel


class AreaLevel(models.TextChoices):
    PROVINCE = "province", _("Tỉnh/thành phố")
    COMMUNE = "commune", _("Xã/phường/đặc khu")


class UnitType(models.TextChoices):
    MUNICIPALITY = "municipality", _("Thành phố trực thuộc trung ương")
    PROVINCE = "province", _("Tỉnh")
    WARD = "ward", _("Phường")
    COMMUNE = "commune", _("Xã")
    SPECIAL_ZONE = "special_zone", _("Đặc khu")


class Area(ReferenceModel):
    """Kept by each process as they are looked up by code (areas.selectors)."""


    # Official GSO/NSO code as text: 2 digits for a province, 5 for a commune.
    code = models.CharField(_("mã"), max_length=5, unique=True)
    level = models.CharField(_("cấp"), max_length=10, choices=AreaLevel.choices)
    unit_type = models.CharField(_("loại đơn vị"), max_length=16, choices=UnitType.choices)
    name = models.CharField(_("tên"), max_length=100)
    full_name = models.CharField(_("tên đầy đủ"), max_length=150)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=150, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("thuộc"),
    )
    # Vùng sâu, vùng xa, đặc biệt khó khăn: some laws give longer limits there
    # (e.g. Law on Complaints 2011, Arts. 28 and 37).
    is_remote = models.BooleanField(_("vùng sâu, vùng xa, đặc biệt khó khăn"), default=False)
    # Diacritic-free key of the name for search typed with or without accents.
    search_key = models.CharField(max_length=150, db_index=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("địa bàn")
        verbose_name_plural = _("địa bàn")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(level="province", parent__isnull=True)
                    | models.Q(level="commune", parent__isnull=False)
                ),
                name="area_commune_has_province",
            )
        ]

    def __str__(self) -> str:
        if self.parent_id and self.parent:
            return f"{self.full_name}, {self.parent.full_name}"
        return self.full_name

    @property
    def province(self) -> "Area":
        return self.parent if self.level == AreaLevel.COMMUNE and self.parent else self
