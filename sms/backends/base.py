"""The gateway interface: one method that hands one SMS over or raises.

Backends get exactly what the privacy policy says leaves the house, the recipient
number and the text, plus a random key the gateway may use to drop a repeated
delivery. Services load the configured backend with `get_backend()`; nothing else
imports one.
"""

from dataclasses import dataclass

from django.utils.module_loading import import_string

from sms import conf


@dataclass(frozen=True)
class OutgoingSms:
    recipient: str
    text: str
    idempotency_key: str


class GatewayError(Exception):
    """The gateway did not take the message now (down, slow, confused); try again later."""


class GatewayRefused(GatewayError):
    """The gateway refused the message for good; trying again would not help."""


class BaseSmsBackend:
    def __init__(self, **options) -> None:
        self.options = options

    def send(self, message: OutgoingSms) -> None:
        """Hand the message to the gateway; return once it is accepted, or raise."""
        raise NotImplementedError


def get_backend(path: str | None = None) -> BaseSmsBackend:
    return import_string(path or conf.backend_path())()
