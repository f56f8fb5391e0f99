from django.contrib import admin

from nghedan.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "name", "status", "attempts", "run_after", "worker", "finished_at")
    list_filter = ("status", "name")
    search_fields = ("name", "key")
    readonly_fields = [field.name for field in Job._meta.fields]

    def has_add_permission(self, request):
        return False
