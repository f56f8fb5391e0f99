from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "nghedan.reception"
    verbose_name = _("Tiếp công dân, đối thoại, cam kết")
    default_auto_field = "django.db.models.BigAutoField"
