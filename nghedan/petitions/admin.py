"""Admin pages: topics and routing rules are edited here; petitions are only looked at.

Petitions change only through actions, and petitioners' personal data never appear here:
not their name, phone, e-mail, address or account, not as a filter or a search either,
and on a denunciation not who took the petitioner's steps (a denouncer's identity is for
the handling officer and leader alone, Law on Denunciations 2018, Art. 47). Titles and
bodies are shown as redacted at intake.
"""

from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from nghedan.petitions import policy
from nghedan.petitions.models import Petition, PetitionEvent, RoutingRule, Topic
from nghedan.petitions.public import redacted, redacted_address

# Fields that identify a petitioner: never shown, filtered or searched on here.
IDENTITY_FIELDS = frozenset(
    {
        "citizen",
        "petitioner_name",
        "petitioner_phone",
        "petitioner_email",
        "petitioner_address",
        "secret_digest",
        "title",
        "body",
        "address",
        "intake_key",
    }
)


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
        "actor_shown",
        "from_agency",
        "to_agency",
        "reason_shown",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("petition", "actor", "from_agency", "to_agency")
        )

    @admin.display(description=_("người thực hiện"))
    def actor_shown(self, event: PetitionEvent) -> str:
        if event.actor is None:
            return "—"
        # The admin is nobody's handler: a denouncer's steps show no account.
        if not policy.can_see_event_actor(
            None, event.petition, actor_id=event.actor_id, action=event.action
        ):
            return str(_("danh tính được bảo vệ"))
        return event.actor.display_name

    @admin.display(description=_("lý do"))
    def reason_shown(self, event: PetitionEvent) -> str:
        if policy.can_read_text(None, event.petition):
            return event.reason
        return redacted(event.petition, event.reason)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "public_title",
        "kind",
        "status",
        "agency",
        "area",
        "received_at",
        "resolution_due",
    )
    list_filter = ("kind", "status", "channel", "topic")
    list_select_related = ("agency", "area", "area__parent")
    search_fields = ("code", "public_title")
    date_hierarchy = "received_at"
    fields = (
        "code",
        "kind",
        "topic",
        "public_title",
        "public_body",
        "area",
        "address_shown",
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

    @admin.display(description=_("địa chỉ, vị trí"))
    def address_shown(self, petition: Petition) -> str:
        # Where a denunciation is about can point at whoever made it.
        if policy.can_read_text(None, petition):
            return petition.address
        return redacted_address(petition)

    def lookup_allowed(self, lookup, value, request=None):
        # Django lets a query string filter on any field of the model (?citizen=5 would
        # list the denunciations one account filed): not on these.
        first = lookup.split("__", 1)[0]
        try:
            name = self.model._meta.get_field(first).name  # citizen_id → citizen
        except FieldDoesNotExist:
            name = first
        if name in IDENTITY_FIELDS:
            raise DisallowedModelAdminLookup(f"Filtering by {lookup} not allowed")
        return super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
