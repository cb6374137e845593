"""A gateway whose answers a test writes in advance: "ok", "down" or "refuse"."""

from sms.backends.base import BaseSmsBackend, GatewayError, GatewayRefused, OutgoingSms

answers: list[str] = []
received: list[OutgoingSms] = []
PATH = "sms.tests.scripted_backend.SmsBackend"


class SmsBackend(BaseSmsBackend):
    def send(self, message: OutgoingSms) -> None:
        received.append(message)
        answer = answers.pop(0) if answers else "ok"
        if answer == "down":
            raise GatewayError("HTTP 503")
        if answer == "refuse":
            raise GatewayRefused("HTTP 400")
        if answer == "crash":
            raise KeyError("a bug in the backend")
