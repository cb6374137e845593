from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmsConfig(AppConfig):
    name = "sms"
    verbose_name = _("Kostenloser SMS-Service")

    def ready(self) -> None:
        from sms import checks  # noqa: F401  (registers the system checks)
