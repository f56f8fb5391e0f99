from django.contrib import admin

from nghedan.reception.models import Commitment, Dialogue, ReceptionDay


@admin.register(ReceptionDay)
class ReceptionDayAdmin(admin.ModelAdmin):
    list_display = ("date", "leader", "agency", "status")
    list_filter = ("status",)
    list_select_related = ("leader", "agency")
    search_fields = ("leader__username", "agency__name")
    date_hierarchy = "date"
    raw_id_fields = ("leader", "agency")


@admin.register(Dialogue)
class DialogueAdmin(admin.ModelAdmin):
    list_display = ("title", "host", "agency", "starts_at", "status")
    list_filter = ("status", "audience")
    list_select_related = ("host", "agency")
    raw_id_fields = ("host", "agency", "area")


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ("text", "owner", "agency", "due_date", "status")
    list_filter = ("status",)
    list_select_related = ("owner", "agency")
    raw_id_fields = ("owner", "agency", "booking", "dialogue", "petition", "people")
