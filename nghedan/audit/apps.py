from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "nghedan.audit"
    verbose_name = _("Nhật ký kiểm toán")

    def ready(self) -> None:
        from nghedan.audit import checks  # noqa: F401  (registers the start-up checks)
