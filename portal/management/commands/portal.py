import json
import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.importing import RECORD_FORMS, billing_export_import
from portal.transactions.handover import (
    CLAIM_LIMIT_MAX,
    ClaimExpired,
    claim_confirm,
    claim_release,
    requests_claim,
)

IMPORT_HELP = _(
    "Einen Export des Abrechnungssystems laden: JSON Lines (UTF-8), ein Datensatz pro "
    "Zeile, seine Art im Feld 'type' (%(types)s). Datensätze verweisen über Nummern "
    "aufeinander und müssen nach denen stehen, auf die sie verweisen. Mehrfaches Laden "
    "schadet nicht; fehlerhafte Zeilen werden mit ihrer Nummer gemeldet und übersprungen, "
    "und gibt es welche, ist der Exit-Status 1."
) % {"types": ", ".join(RECORD_FORMS)}
EXPORT_HELP = _(
    "Offene Kundenaufträge an das Abrechnungssystem übergeben: JSON Lines, ein Auftrag pro "
    "Zeile (siehe docs/billing-requests.md), danach als übergeben markieren. Die Datei "
    "ist vollständig gespeichert, bevor etwas markiert wird; bricht der Befehl "
    "dazwischen ab, werden dieselben Aufträge (mit denselben IDs) erneut exportiert, "
    "sobald ihre Reservierung abgelaufen ist."
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
    help = _("Online-Kundencenter: Stammdaten des Abrechnungssystems laden.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help=IMPORT_HELP, description=IMPORT_HELP)
        load.add_argument(
            "file", type=Path, help=_("der Export, eine .jsonl-Datei ('-' für Standardeingabe)")
        )
        export = actions.add_parser("export", help=EXPORT_HELP, description=EXPORT_HELP)
        export.add_argument(
            "--output",
            type=Path,
            help=_("die zu schreibende .jsonl-Datei (Standard: Standardausgabe)"),
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
                    _(
                        "Das Schreiben hat länger gedauert als die Reservierung "
                        "(PORTAL_BILLING_CLAIM_LEASE_MINUTES); einige Aufträge werden "
                        "beim nächsten Lauf vielleicht noch einmal exportiert. Das "
                        "Abrechnungssystem erkennt sie an ihrer ID."
                    )
                ) from None
        self.stderr.write(
            ngettext("%(count)d Auftrag übergeben.", "%(count)d Aufträge übergeben.", total)
            % {"count": total}
        )

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
                _(
                    "%(path)s kann nicht geschrieben werden: %(error)s. Nichts wurde als "
                    "übergeben markiert; der nächste Lauf exportiert dieselben Aufträge."
                )
                % {"path": path, "error": error.strerror or error}
            ) from error

    def import_file(self, path: Path) -> None:
        if str(path) == "-":
            lines = sys.stdin.read().splitlines()
        else:
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(
                    _("%(path)s kann nicht gelesen werden: %(error)s")
                    % {"path": path, "error": error}
                ) from error
        result = billing_export_import(
            lines=lines, on_line=ProgressBar(self.stderr._out, len(lines))
        )
        for kind, count in sorted(result.loaded.items()):
            self.stdout.write(f"{kind}: {count}")
        for line, message in result.errors:
            self.stderr.write(_("Zeile %(line)d: %(message)s") % {"line": line, "message": message})
        if result.errors:
            count = len(result.errors)
            raise CommandError(
                ngettext("%(count)d Zeile nicht geladen.", "%(count)d Zeilen nicht geladen.", count)
                % {"count": count},
                returncode=1,
            )
