import json
import sys

from django.core.management.base import BaseCommand, CommandError

from privacy import processing_record
from privacy.coverage import uncovered_models
from privacy.registry import get_activity
from privacy.retention import overdue, purge
from privacy.selectors import policy_drift
from privacy.subjects import Subject, subject_export


class Command(BaseCommand):
    help = "Retention, audit and the record of processing activities."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        purge_parser = commands.add_parser("purge", help="Delete what is due.")
        purge_parser.add_argument("--dry-run", action="store_true", help="Only count.")
        purge_parser.add_argument("--activity", metavar="KEY", help="Only this activity.")
        commands.add_parser("audit", help="Exit 1 if data is kept too long or not declared.")
        activities = commands.add_parser(
            "activities", help="The record of processing activities (Art. 30)."
        )
        activities.add_argument("--format", choices=sorted(processing_record.FORMATS), default="md")
        export = commands.add_parser(
            "export", help="Everything stored about one data subject, as JSON."
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
        verb = "would delete" if dry_run else "deleted"
        for result in results:
            line = f"{result.activity}: {verb} {result.count}"
            if result.error:
                line += f" — FAILED ({result.error})"
            self.stdout.write(line)
        if any(result.error for result in results):
            raise CommandError("Some activities could not be purged; see the log.")

    def handle_audit(self, **options):
        problems = [
            f"{item.activity}: {item.count} record(s) older than allowed ({item.rule})"
            for item in overdue()
        ] + [
            f"{item.model}: personal data ({', '.join(item.fields)}) "
            "not covered by any processing activity"
            for item in uncovered_models()
        ]
        drift = policy_drift()
        if drift:
            problems.append(
                f"privacy policy version {drift.version} does not describe the declared "
                f"processing activities (new: {', '.join(drift.new) or '-'}; changed: "
                f"{', '.join(drift.changed) or '-'}; removed: {', '.join(drift.removed) or '-'}; "
                f"processors changed: {'yes' if drift.processors_changed else 'no'}); "
                "publish a new version"
            )
        if problems:
            self.stdout.write("Privacy audit FAILED:")
            for problem in problems:
                self.stdout.write(f"  - {problem}")
            sys.exit(1)
        self.stdout.write("Privacy audit passed: nothing kept too long, everything declared.")

    def handle_activities(self, *, format, **options):
        self.stdout.write(processing_record.FORMATS[format]())

    def handle_export(self, *, customer_number, email, phone, **options):
        try:
            subject = Subject(customer_number=customer_number, email=email, phone=phone)
        except ValueError as exc:
            raise CommandError(exc) from None
        self.stdout.write(json.dumps(subject_export(subject), ensure_ascii=False, indent=2))
