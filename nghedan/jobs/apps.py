from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "nghedan.jobs"
    verbose_name = _("Việc chạy nền")

    def ready(self) -> None:
        # Task modules register their tasks when imported.
        from nghedan.jobs.registry import import_task_modules

        import_task_modules()
