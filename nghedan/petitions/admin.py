"""Admin pages: topics and routing rules are edited here; petitions are only looked at.

Petitions change only through actions, and petitioners' personal data never appear here
(a denouncer's identity is for the handling officer and leader alone).
"""

from django.contrib import admin

from nghedan.petitions.models import Petition, PetitionEvent, RoutingRule, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "position", "is_active")
    list_editable = ("position", "is_active")
    search_fields = ("code", "name", "name_en", "keywords")


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "topic", "level", "agency_type", "priority")
    list_filter = ("kind", "level", "agency_type")
    list_select_related = ("topic", "agency_type")
    autocomplete_fields = ("topic", "agency_type")


class EventInline(admin.TabularInline):
    model = PetitionEvent
    fields = (
        "at",
        "action",
        "from_status",
        "to_status",
        "actor",
        "from_agency",
        "to_agency",
        "reason",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "title",
        "kind",
        "status",
        "agency",
        "area",
        "received_at",
        "resolution_due",
    )
    list_filter = ("kind", "status", "channel", "topic")
    list_select_related = ("agency", "area", "area__parent")
    search_fields = ("code", "title")
    date_hierarchy = "received_at"
    fields = (
        "code",
        "kind",
        "topic",
        "title",
        "public_body",
        "area",
        "address",
        "agency",
        "channel",
        "status",
        "signatories",
        "is_anonymous",
        "publish_consent",
        "received_at",
        "acceptance_due",
        "resolution_due",
        "accepted_at",
        "answered_at",
        "closed_at",
        "appeal_of",
    )
    readonly_fields = fields
    inlines = [EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
