from django.contrib import admin
from django.http import HttpRequest

from nghedan.areas.models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    """View-only: areas come from the official list through `nghedan load_areas`."""

    list_display = ["code", "full_name", "level", "unit_type", "parent"]
    list_filter = ["level", "unit_type"]
    list_select_related = ["parent"]
    # search_key lets an administrator type without diacritics; also serves autocomplete.
    search_fields = ["code", "name", "search_key"]
    ordering = ["code"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Area | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Area | None = None) -> bool:
        return False
