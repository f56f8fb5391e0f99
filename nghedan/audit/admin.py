from django.contrib import admin

from nghedan.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only and sealed as a chain (`nghedan audit verify`).
    A protected actor (a denouncer) appears only as a pseudonym in `actor_label`."""

    list_display = ("seq", "at", "actor_label", "action", "target_type", "target_id")
    list_filter = ("action", "target_type")
    search_fields = ("target_id", "action")
    readonly_fields = (
        "seq",
        "at",
        "actor",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "data",
        "prev_hash",
        "hash",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
