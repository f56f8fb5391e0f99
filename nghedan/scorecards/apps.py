from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScorecardsConfig(AppConfig):
    name = "nghedan.scorecards"
    verbose_name = _("Đánh giá, xếp loại")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from nghedan.scorecards import tasks  # noqa: F401  (registers the refresh jobs)
