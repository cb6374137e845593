import json
import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.importing import RECORD_FORMS, billing_export_import
from portal.transactions.handover import (
    CLAIM_LIMIT_MAX,
    ClaimExpired,
    claim_confirm,
    claim_release,
    requests_claim,
)

IMPORT_HELP = (
    "Load a billing-system export: JSON Lines (UTF-8), one record per line, its kind in "
    f"'type' ({', '.join(RECORD_FORMS)}). Records refer to each other by number and "
    "must follow those they refer to. Idempotent; bad lines are reported by number and "
    "skipped, and the exit status is 1 if there were any."
)
EXPORT_HELP = (
    "Hand open customer requests to the billing system: JSON Lines, one request a line "
    "(see docs/billing-requests.md), then mark them transferred. The file is complete "
    "on disk before anything is marked; if the command dies in between, the same "
    "requests (same ids) are exported again once their claim has expired."
)


class ProgressBar:
    """A one-line bar on a terminal; nothing when the output is a file or a pipe."""

    WIDTH = 40

    def __init__(self, stream, total: int):
        self.stream, self.total = stream, max(total, 1)
        self.active = stream.isatty()

    def __call__(self, done: int) -> None:
        if self.active and (done % 100 == 0 or done == self.total):
            filled = self.WIDTH * done // self.total
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r[{bar}] {done}/{self.total}")
            if done == self.total:
                self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = "Online customer centre: load the billing system's master data."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help=IMPORT_HELP, description=IMPORT_HELP)
        load.add_argument("file", type=Path, help="the export, a .jsonl file ('-' for stdin)")
        export = actions.add_parser("export", help=EXPORT_HELP, description=EXPORT_HELP)
        export.add_argument(
            "--output", type=Path, help="the .jsonl file to write (default: standard output)"
        )

    def handle(self, *args, action, **options):
        if action == "import":
            self.import_file(options["file"])
        elif action == "export":
            self.export_requests(options["output"])

    def export_requests(self, output: Path | None) -> None:
        total = 0
        lines: list[str] = []
        tokens: list[str] = []
        while True:
            claimed = requests_claim(now=timezone.now(), limit=CLAIM_LIMIT_MAX)
            if claimed.token is None:
                break
            tokens.append(claimed.token)
            lines += [json.dumps(r, ensure_ascii=False) + "\n" for r in claimed.requests]
        try:
            if output is None:
                self.stdout.write("".join(lines), ending="")
                self.stdout.flush()
            else:
                self.write_durably(output, "".join(lines))
        except (CommandError, OSError):
            for token in tokens:
                claim_release(token=token)
            raise
        for token in tokens:
            try:
                total += claim_confirm(token=token, now=timezone.now())
            except ClaimExpired:
                raise CommandError(
                    "Writing took longer than the claim's lease "
                    "(PORTAL_BILLING_CLAIM_LEASE_MINUTES); some requests may be exported "
                    "again by the next run. The billing system tells them by their id."
                ) from None
        self.stderr.write(f"{total} request(s) transferred.")

    @staticmethod
    def write_durably(path: Path, text: str) -> None:
        """Write to a temporary file beside `path`, sync it, then rename: the file is
        either absent or complete, never half written."""
        temporary = None
        try:
            handle, temporary = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except OSError as error:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
            raise CommandError(
                f"Cannot write {path}: {error.strerror or error}. Nothing was marked "
                "transferred; the next run exports the same requests."
            ) from error

    def import_file(self, path: Path) -> None:
        if str(path) == "-":
            lines = sys.stdin.read().splitlines()
        else:
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"Cannot read {path}: {error}") from error
        result = billing_export_import(
            lines=lines, on_line=ProgressBar(self.stderr._out, len(lines))
        )
        for kind, count in sorted(result.loaded.items()):
            self.stdout.write(f"{kind}: {count}")
        for line, message in result.errors:
            self.stderr.write(f"line {line}: {message}")
        if result.errors:
            raise CommandError(f"{len(result.errors)} line(s) not loaded.", returncode=1)
