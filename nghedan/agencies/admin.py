from django.contrib import admin

from nghedan.agencies.models import Agency, AgencyType


@admin.register(AgencyType)
class AgencyTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "level", "requires_answer_approval"]
    list_filter = ["level", "requires_answer_approval"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "agency_type", "area", "parent", "is_active"]
    list_filter = ["is_active", "requires_answer_approval", "agency_type__level", "agency_type"]
    list_select_related = ["agency_type", "area__parent", "parent"]
    # The area's folded key finds "ba dinh" typed without diacritics.
    search_fields = ["code", "name", "area__search_key"]
    autocomplete_fields = ["parent", "area"]
