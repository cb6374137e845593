import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.importing import RECORD_FORMS, billing_export_import

IMPORT_HELP = (
    "Load a billing-system export: JSON Lines (UTF-8), one record per line, its kind in "
    f"'type' ({', '.join(RECORD_FORMS)}). Records refer to each other by number and "
    "must follow those they refer to. Idempotent; bad lines are reported by number and "
    "skipped, and the exit status is 1 if there were any."
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

    def handle(self, *args, action, **options):
        if action == "import":
            self.import_file(options["file"])

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
