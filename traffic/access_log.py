"""Access-log lines in the combined log format, written to daily files.

The line is made in the request thread (a few string operations) and handed to a
writer thread through a queue; the writer appends whole lines to the day's file about
once a second. A request never waits for the disk. Each write is one append of
complete lines, so several processes can share a day's file as nginx workers do.
"""

import atexit
import os
import queue
import re
import threading
from datetime import datetime
from pathlib import Path

from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

FLUSH_SECONDS = 1.0
MAX_BATCH = 2000
_UNSAFE = re.compile(r'["\\\x00-\x1f\x7f-\U0010ffff]')


def escaped(text: str) -> str:
    """As nginx escapes a logged string: quote, backslash and non-ASCII as \\xHH."""
    return _UNSAFE.sub(lambda m: "".join(f"\\x{b:02X}" for b in m[0].encode()), text)


def file_name(day: datetime) -> str:
    return f"access-{day:%Y-%m-%d}.log"


def response_bytes(response: HttpResponseBase) -> int:
    if response.streaming:
        try:
            return int(response.get("Content-Length", 0))
        except ValueError:
            return 0
    return len(response.content)


def combined_line(
    *, request: HttpRequest, response: HttpResponseBase, ip: str, at: datetime
) -> str:
    """One line: ip - - [time] "request" status bytes "referrer" "user agent"."""
    protocol = request.META.get("SERVER_PROTOCOL", "HTTP/1.1")
    request_line = escaped(f"{request.method} {request.get_full_path()} {protocol}")
    size = response_bytes(response)
    return (
        f"{ip or '-'} - - [{at:%d/%b/%Y:%H:%M:%S %z}] "
        f'"{request_line}" {response.status_code} {size if size else "-"} '
        f'"{escaped(request.META.get("HTTP_REFERER", "")) or "-"}" '
        f'"{escaped(request.META.get("HTTP_USER_AGENT", "")) or "-"}"\n'
    )


def local_now() -> datetime:
    # The %b month names of the format are English whatever the locale: strftime with
    # the C locale, which Python uses unless told otherwise.
    return timezone.localtime()


class AccessLogWriter:
    def __init__(self) -> None:
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def write(self, *, directory: Path, at: datetime, line: str) -> None:
        self._ensure_thread()
        self._queue.put((directory / file_name(at), line))

    def _ensure_thread(self) -> None:
        # A forked worker inherits no thread: start one per process.
        if self._pid == os.getpid() and self._thread and self._thread.is_alive():
            return
        with self._lock:
            if self._pid != os.getpid() or not (self._thread and self._thread.is_alive()):
                self._queue = queue.SimpleQueue()
                self._pid = os.getpid()
                self._thread = threading.Thread(
                    target=self._run, name="access-log-writer", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while True:
            try:
                first = self._queue.get(timeout=FLUSH_SECONDS)
            except queue.Empty:
                continue
            batch, flushed = self._drain(first)
            self._write_batch(batch)
            for event in flushed:
                event.set()

    def _drain(self, first) -> tuple[list, list[threading.Event]]:
        batch, flushed = [], []
        item = first
        while True:
            if isinstance(item, threading.Event):
                flushed.append(item)
            else:
                batch.append(item)
            if len(batch) >= MAX_BATCH:
                break
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
        return batch, flushed

    @staticmethod
    def _write_batch(batch: list) -> None:
        by_file: dict[Path, list[str]] = {}
        for path, line in filter(None, batch):
            by_file.setdefault(path, []).append(line)
        for path, lines in by_file.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            data = "".join(lines).encode()
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)

    def flush(self, timeout: float = 5.0) -> None:
        """Return once everything queued so far is written (tests, and at exit)."""
        if self._pid == os.getpid() and self._thread and self._thread.is_alive():
            done = threading.Event()
            self._queue.put(done)
            if done.wait(timeout):
                return
        while batch := self._drain_all():
            self._write_batch(batch)

    def _drain_all(self) -> list:
        try:
            first = self._queue.get_nowait()
        except queue.Empty:
            return []
        batch, flushed = self._drain(first)
        for event in flushed:
            event.set()
        return batch or ([None] if flushed else [])


writer = AccessLogWriter()
atexit.register(writer.flush)
