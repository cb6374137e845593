"""Development: writes each SMS to a text file of its own, so a person can read it."""

from datetime import datetime
from pathlib import Path

from sms import conf
from sms.backends.base import BaseSmsBackend, OutgoingSms


class SmsBackend(BaseSmsBackend):
    def send(self, message: OutgoingSms) -> None:
        directory = Path(conf.file_path())
        directory.mkdir(parents=True, exist_ok=True)
        name = f"{datetime.now():%Y%m%d-%H%M%S}-{message.idempotency_key}.txt"
        # The key names the file, so a repeated delivery overwrites instead of doubling.
        for existing in directory.glob(f"*-{message.idempotency_key}.txt"):
            existing.unlink()
        (directory / name).write_text(
            f"An: {message.recipient}\n\n{message.text}\n", encoding="utf-8"
        )
