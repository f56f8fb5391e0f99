"""People who sign in: citizens, officers and leaders of an agency, supervisors of an area."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Người dân")
    OFFICER = "officer", _("Cán bộ xử lý")
    LEADER = "leader", _("Lãnh đạo")
    SUPERVISOR = "supervisor", _("Giám sát (Mặt trận Tổ quốc, Ban Dân vận)")
    ADMIN = "admin", _("Quản trị")


STAFF_ROLES = (Role.OFFICER, Role.LEADER)


class User(AbstractUser):
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices, default=Role.CITIZEN)
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("cơ quan"),
    )
    supervised_area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervisors",
        verbose_name=_("địa bàn giám sát"),
    )
    # Set when the person proved they receive messages there (accounts/verification.py);
    # one verified contact is what lets an account vote (one person, one vote).
    email_verified_at = models.DateTimeField(null=True, blank=True)
    phone_verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["officer", "leader"])
                | models.Q(agency__isnull=False),
                name="staff_user_has_agency",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="supervisor") | models.Q(supervised_area__isnull=False),
                name="supervisor_has_area",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_agency_staff(self) -> bool:
        return self.role in STAFF_ROLES and self.agency_id is not None

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def is_admin_role(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser


class DisciplineKind(models.TextChoices):
    REPRIMAND = "reprimand", _("Khiển trách")
    WARNING = "warning", _("Cảnh cáo")
    DEMOTION = "demotion", _("Hạ bậc lương, giáng chức")
    DISMISSAL = "dismissal", _("Cách chức")
    SUSPENSION = "suspension", _("Tạm đình chỉ công tác")


class DisciplineRecord(models.Model):
    """A discipline decision against an official, in force from one date to another.
    While it is in force the official is not assigned to work with the people
    (`accounts.discipline`)."""

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="discipline", verbose_name=_("cán bộ")
    )
    kind = models.CharField(_("hình thức"), max_length=16, choices=DisciplineKind.choices)
    reason = models.TextField(_("lý do"))
    decision = models.CharField(_("số quyết định"), max_length=100, blank=True)
    valid_from = models.DateField(_("hiệu lực từ ngày"))
    valid_to = models.DateField(_("hết hiệu lực ngày"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="discipline_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_kind_display()} {self.valid_from}"


class VerificationCode(models.Model):
    """A one-time code sent to an e-mail address or phone number to prove it is the
    person's own. Only its keyed digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="verification_codes")
    channel = models.CharField(max_length=8)  # "email" | "phone"
    address = models.CharField(max_length=254)
    code_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.channel}"
