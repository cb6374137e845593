import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from privacy import processing_record
from privacy.audit import audit_findings
from privacy.registry import get_activity
from privacy.retention import purge
from privacy.subjects import Subject, subject_export


class Command(BaseCommand):
    help = _("Aufbewahrung, Prüfung und das Verzeichnis der Verarbeitungstätigkeiten.")

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        purge_parser = commands.add_parser("purge", help=_("Löschen, was fällig ist."))
        purge_parser.add_argument("--dry-run", action="store_true", help=_("Nur zählen."))
        purge_parser.add_argument(
            "--activity", metavar="KEY", help=_("Nur diese Verarbeitungstätigkeit.")
        )
        commands.add_parser(
            "audit",
            help=_("Exit-Status 1, wenn Daten zu lange gespeichert oder nicht erklärt sind."),
        )
        activities = commands.add_parser(
            "activities", help=_("Das Verzeichnis der Verarbeitungstätigkeiten (Art. 30 DSGVO).")
        )
        activities.add_argument("--format", choices=sorted(processing_record.FORMATS), default="md")
        export = commands.add_parser(
            "export", help=_("Alles, was über eine betroffene Person gespeichert ist, als JSON.")
        )
        export.add_argument("--customer-number", default="")
        export.add_argument("--email", default="")
        export.add_argument("--phone", default="")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_purge(self, *, dry_run, activity, **options):
        if activity:
            try:
                get_activity(activity)
            except LookupError as exc:
                raise CommandError(exc) from None
        results = purge(activity_key=activity, dry_run=dry_run)
        done = (
            _("%(activity)s: würde %(count)d löschen")
            if dry_run
            else _("%(activity)s: %(count)d gelöscht")
        )
        for result in results:
            line = done % {"activity": result.activity, "count": result.count}
            if result.error:
                line += _(" — FEHLGESCHLAGEN (%(error)s)") % {"error": result.error}
            self.stdout.write(line)
        if any(result.error for result in results):
            raise CommandError(
                _(
                    "Bei einigen Verarbeitungstätigkeiten ist das Löschen fehlgeschlagen; "
                    "Einzelheiten im Log."
                )
            )

    def handle_audit(self, **options):
        problems = audit_findings()
        if problems:
            self.stdout.write(_("Datenschutz-Prüfung FEHLGESCHLAGEN:"))
            for problem in problems:
                self.stdout.write(f"  - {problem}")
            sys.exit(1)
        self.stdout.write(
            _("Datenschutz-Prüfung bestanden: nichts zu lange gespeichert, alles erklärt.")
        )

    def handle_activities(self, *, format, **options):
        self.stdout.write(processing_record.FORMATS[format]())

    def handle_export(self, *, customer_number, email, phone, **options):
        try:
            subject = Subject(
                customer_number=customer_number or "", emails=(email or "",), phones=(phone or "",)
            )
        except ValueError as exc:
            raise CommandError(exc) from None
        self.stdout.write(json.dumps(subject_export(subject), ensure_ascii=False, indent=2))
