from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LanguageConfig(AppConfig):
    name = "nghedan.language"
    verbose_name = _("Xử lý tiếng Việt")
    default_auto_field = "django.db.models.BigAutoField"
