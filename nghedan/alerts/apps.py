from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "nghedan.alerts"
    verbose_name = _("Cảnh báo điểm nóng")
    default_auto_field = "django.db.models.BigAutoField"
