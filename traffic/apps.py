from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrafficConfig(AppConfig):
    name = "traffic"
    verbose_name = _("Zugriffsprotokolle und Statistik")

    def ready(self) -> None:
        from traffic import checks  # noqa: F401
