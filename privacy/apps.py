from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Datenschutz")

    def ready(self) -> None:
        from privacy import checks  # noqa: F401  (registers the system checks)

        # Like admin.py for the admin: every app declares its processing
        # activities in its own privacy.py. A module that exists but fails to
        # import raises, so a typo never hides a declaration.
        autodiscover_modules("privacy")
