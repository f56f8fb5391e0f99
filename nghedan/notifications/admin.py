from django.contrib import admin

from nghedan.deadlines.kinds import Kind
from nghedan.notifications.models import Delivery, Notification

# What is sent about a denunciation goes to the denouncer: who received it is their
# identity, which only the handlers may know (Law on Denunciations 2018, Art. 47), so it
# is not listed here (`Petition.protects_identity`).
PROTECTED_KINDS = [Kind.DENUNCIATION]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("id", "recipient", "kind", "title", "created_at", "read_at")
    list_filter = ("kind",)
    list_select_related = ("recipient",)
    readonly_fields = [field.name for field in Notification._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(petition__kind__in=PROTECTED_KINDS)

    def has_add_permission(self, request):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("id", "channel", "kind", "key")
    list_filter = ("channel", "kind")
    readonly_fields = [field.name for field in Delivery._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(petition__kind__in=PROTECTED_KINDS)

    def has_add_permission(self, request):
        return False
