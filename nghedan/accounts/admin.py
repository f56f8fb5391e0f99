from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

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
    fieldsets = UserAdmin.fieldsets + (
        (_("Nghe Dân"), {"fields": ("role", "full_name", "phone", "agency", "supervised_area")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (
        (_("Nghe Dân"), {"fields": ("role", "full_name", "agency", "supervised_area")}),
    )
