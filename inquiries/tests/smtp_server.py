"""A real SMTP server on 127.0.0.1 (aiosmtpd) that tests stop and start again."""

import socket
from email import message_from_bytes
from email.message import Message

from aiosmtpd.controller import Controller


class _Collect:
    def __init__(self, received: list) -> None:
        self.received = received

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK queued"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPServer:
    """Start, stop and start again on the same port; `received` keeps every message."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], Message]] = []
        self.port = _free_port()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(_Collect(self.received), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller:
            self._controller.stop()
            self._controller = None
