"""Development: prints each SMS to standard output."""

import sys

from sms.backends.base import BaseSmsBackend, OutgoingSms


class SmsBackend(BaseSmsBackend):
    def send(self, message: OutgoingSms) -> None:
        sys.stdout.write(f"SMS an {message.recipient}:\n{message.text}\n{'-' * 40}\n")
        sys.stdout.flush()
