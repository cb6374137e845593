"""System checks for the SMS gateway settings."""

from django.core.checks import Error, Tags, Warning, register
from django.utils.module_loading import import_string

from sms import conf
from sms.backends.base import BaseSmsBackend

HTTP_BACKEND = "sms.backends.http.SmsBackend"


@register(Tags.compatibility)
def check_backend_imports(app_configs=None, **kwargs):
    try:
        backend = import_string(conf.backend_path())
    except ImportError:
        backend = None
    if backend is None or not (isinstance(backend, type) and issubclass(backend, BaseSmsBackend)):
        return [
            Error(
                f"SMS_BACKEND {conf.backend_path()!r} is not an SMS backend class.",
                hint="Use sms.backends.http.SmsBackend, file, console or locmem.",
                id="sms.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_http_gateway(app_configs=None, **kwargs):
    if conf.backend_path() != HTTP_BACKEND:
        return [
            Warning(
                f"SMS_BACKEND is {conf.backend_path()!r}: free SMS do not reach anyone.",
                hint=f"Set SMS_BACKEND={HTTP_BACKEND} and SMS_HTTP_URL in production.",
                id="sms.W001",
            )
        ]
    messages = []
    if not conf.http_url().startswith("https://"):
        messages.append(
            Warning(
                "SMS_HTTP_URL is not an https:// address.",
                hint="Recipient numbers and texts may only travel encrypted (privacy policy).",
                id="sms.W002",
            )
        )
    if conf.http_verify() is False:
        messages.append(
            Warning(
                "SMS_HTTP_VERIFY is off: the gateway's certificate is not checked.",
                hint="Remove SMS_HTTP_VERIFY or point it at the provider's CA bundle.",
                id="sms.W003",
            )
        )
    return messages
