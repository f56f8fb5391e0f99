from django.contrib import admin

from nghedan.deadlines.models import CalendarException, DeadlineRule


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = (
        "kind",
        "stage",
        "level",
        "days",
        "working_days",
        "complex_days",
        "remote_days",
        "remote_complex_days",
        "max_extensions",
        "valid_from",
        "valid_to",
    )
    list_filter = ("kind", "stage", "level", "working_days")
    search_fields = ("citation",)
    ordering = ("kind", "stage", "level", "-valid_from")
    fieldsets = (
        (None, {"fields": ("kind", "level", "stage", "citation")}),
        (
            "Thời hạn",
            {
                "fields": (
                    "days",
                    "working_days",
                    "complex_days",
                    "remote_days",
                    "remote_complex_days",
                    "max_extensions",
                )
            },
        ),
        (
            "Hiệu lực",
            {
                "fields": ("valid_from", "valid_to"),
                "description": "Đơn bắt đầu tính hạn từ ngày nào thì theo quy định có hiệu "
                "lực vào ngày đó. Khi luật thay đổi, hãy thêm quy định mới với ngày áp dụng "
                "mới và điền ngày kết thúc cho quy định cũ, đừng sửa quy định cũ.",
            },
        ),
    )


@admin.register(CalendarException)
class CalendarExceptionAdmin(admin.ModelAdmin):
    list_display = ("day", "is_working_day", "note")
    list_filter = ("is_working_day",)
    date_hierarchy = "day"
    search_fields = ("note",)
