import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from privacy import processing_record
from privacy.access_package import access_copy, access_copy_pdf
from privacy.audit import audit_findings
from privacy.registry import get_activity
from privacy.retention import purge
from privacy.selectors import subject_request_list_open
from privacy.subject_requests import is_overdue, local_date
from privacy.subjects import Subject


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
            "export",
            help=_(
                "Alles, was über eine betroffene Person gespeichert ist, je Verarbeitung mit "
                "Zweck, Rechtsgrundlage, Empfängern und Speicherdauer, als JSON."
            ),
        )
        export.add_argument("--customer-number", default="")
        export.add_argument("--email", default="")
        export.add_argument("--phone", default="")
        export.add_argument("--pdf", metavar="DATEI", help=_("Dasselbe als PDF in diese Datei."))
        requests = commands.add_parser(
            "requests",
            help=_(
                "Offene Anträge betroffener Personen mit Frist; Exit-Status 1, wenn einer "
                "überfällig ist."
            ),
        )
        requests.add_argument("--today", type=date.fromisoformat, help=_("Stichtag (JJJJ-MM-TT)."))

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

    def handle_export(self, *, customer_number, email, phone, pdf, **options):
        try:
            subject = Subject(customer_number=customer_number, emails=(email,), phones=(phone,))
        except ValueError:
            raise CommandError(
                _("Bitte eine Kundennummer, eine E-Mail-Adresse oder eine Telefonnummer angeben.")
            ) from None
        copy = access_copy(subject, reference=_("ohne Aktenzeichen"))
        if pdf:
            Path(pdf).write_bytes(access_copy_pdf(copy))
        self.stdout.write(copy.json_bytes().decode())

    def handle_requests(self, *, today, **options):
        today = today or local_date(timezone.now())
        open_requests = list(subject_request_list_open())
        late = 0
        for request in open_requests:
            overdue_mark = ""
            if is_overdue(request, today=today):
                late += 1
                overdue_mark = " " + _("ÜBERFÄLLIG")
            identity = (
                _("Identität bestätigt") if request.identity_verified_at else _("Identität offen")
            )
            self.stdout.write(
                f"{request.reference}  {request.get_kind_display()}  "
                + _("eingegangen %(received)s, Frist %(deadline)s")
                % {
                    "received": f"{local_date(request.received_at):%d.%m.%Y}",
                    "deadline": f"{request.deadline:%d.%m.%Y}",
                }
                + f"  {identity}{overdue_mark}"
            )
        self.stdout.write(
            ngettext(
                "%(count)d offener Antrag, davon %(late)d überfällig.",
                "%(count)d offene Anträge, davon %(late)d überfällig.",
                len(open_requests),
            )
            % {"count": len(open_requests), "late": late}
        )
        if late:
            sys.exit(1)
