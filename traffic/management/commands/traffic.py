from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from traffic.services import (
    access_log_addresses_truncate,
    access_logs_ingest,
    analytics_finished_days_count,
)


class Command(BaseCommand):
    help = _("Zugriffsprotokolle zählen, IP-Adressen kürzen, Nutzungsanalyse zusammenfassen.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        ingest = actions.add_parser("ingest", help=_("Neue Protokollzeilen zählen"))
        ingest.add_argument("files", nargs="*", type=Path)
        actions.add_parser("truncate", help=_("IP-Adressen in alten Protokollen kürzen"))
        actions.add_parser("analytics", help=_("Abgeschlossene Tage der Nutzungsanalyse zählen"))

    def handle(self, *args, action: str, **options):
        if action == "ingest":
            missing = [str(path) for path in options["files"] if not path.is_file()]
            if missing:
                raise CommandError(_("Datei nicht gefunden: %s") % ", ".join(missing))
            for ingested in access_logs_ingest(paths=options["files"] or None):
                self.stdout.write(f"{ingested.file}: {ingested.lines}")
        elif action == "truncate":
            self.stdout.write(str(access_log_addresses_truncate()))
        else:
            self.stdout.write(str(analytics_finished_days_count()))
