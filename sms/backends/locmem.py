"""Tests: keeps each SMS in `outbox`, as Django's locmem mail backend does."""

from sms.backends.base import BaseSmsBackend, OutgoingSms

outbox: list[OutgoingSms] = []


class SmsBackend(BaseSmsBackend):
    def send(self, message: OutgoingSms) -> None:
        if any(sent.idempotency_key == message.idempotency_key for sent in outbox):
            return  # a gateway drops a repeated key; so does this one
        outbox.append(message)
