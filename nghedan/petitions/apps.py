from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "nghedan.petitions"
    verbose_name = _("Đơn thư, phản ánh")
