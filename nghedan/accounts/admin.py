from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from nghedan.accounts.actions import second_factor_reset
from nghedan.accounts.models import DisciplineRecord, User


class DisciplineInline(admin.TabularInline):
    """Discipline in force keeps the official off citizen-facing duties
    (accounts/discipline.py)."""

    model = DisciplineRecord
    fk_name = "user"
    extra = 0
    fields = ("kind", "reason", "decision", "valid_from", "valid_to")


@admin.register(User)
class NgheDanUserAdmin(UserAdmin):
    inlines = [DisciplineInline]
    list_display = ("username", "full_name", "role", "agency", "supervised_area", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    list_select_related = ("agency", "supervised_area")
    search_fields = ("username", "full_name", "email", "phone")
    autocomplete_fields = ("agency", "supervised_area")
    # UserAdmin.fieldsets is a tuple; the stubs type the attribute as possibly None.
    fieldsets = UserAdmin.fieldsets + (  # type: ignore[operator]
        (_("Nghe Dân"), {"fields": ("role", "full_name", "phone", "agency", "supervised_area")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        (_("Nghe Dân"), {"fields": ("role", "full_name", "agency", "supervised_area")}),
    )
    actions = ["reset_second_factor"]

    @admin.action(description=_("Đặt lại xác thực hai bước (mất điện thoại)"))
    def reset_second_factor(self, request, queryset):
        """The chosen people set up a new authenticator app at their next sign-in (if they
        must have one); each reset is in the audit log."""
        removed = sum(
            1 for user in queryset if second_factor_reset(acting_user=request.user, user=user)
        )
        self.message_user(
            request, _("Đã đặt lại xác thực hai bước cho %(count)d tài khoản.") % {"count": removed}
        )
