from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Website")

    def ready(self) -> None:
        from website import page_cache  # also registers the check website.E001

        page_cache.connect_signals()
