"""Handing abuse-log entries to the authorities upon a criminal complaint.

Only staff with the permission sms.export_abuse_log may export, one customer and one
period at a time, and only with a stated reason. Every export is recorded before the
file leaves. The document carries an HMAC seal over its content, made with the site's
secret key: we can confirm later that a copy presented to us is unaltered. It is a
seal for our own verification, not a qualified electronic signature.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac

from sms import conf
from sms.models import AbuseLogEntry, AbuseLogExport

EXPORT_PERMISSION = "sms.export_abuse_log"
SEAL_LINE = "# Siegel (HMAC-SHA256): "


@dataclass(frozen=True)
class ExportFile:
    record: AbuseLogExport
    content: bytes
    content_type: str
    filename: str


def _entries(*, customer_number: str, start: date, end: date):
    zone = ZoneInfo(conf.TIME_ZONE)
    since = datetime.combine(start, time.min, zone)
    until = datetime.combine(end + timedelta(days=1), time.min, zone)
    return list(
        AbuseLogEntry.objects.filter(
            customer_number=customer_number, at__gte=since, at__lt=until
        ).order_by("at", "pk")
    )


def _canonical_csv(record: AbuseLogExport, entries) -> str:
    """The content the seal covers: the record's facts and every entry, as CSV."""
    zone = ZoneInfo(conf.TIME_ZONE)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["# Export-Nr.", record.pk])
    writer.writerow(["# Kundennummer", record.customer_number])
    writer.writerow(["# Zeitraum", record.period_start.isoformat(), record.period_end.isoformat()])
    writer.writerow(["# Erstellt", timezone.localtime(record.exported_at, zone).isoformat()])
    writer.writerow(["Kundennummer", "Zeitpunkt des SMS-Versands", "IP-Adresse"])
    for entry in entries:
        writer.writerow(
            [
                entry.customer_number,
                timezone.localtime(entry.at, zone).isoformat(),
                entry.ip_address or "",
            ]
        )
    return buffer.getvalue()


def _seal(canonical: str) -> str:
    return salted_hmac("sms.abuse_log_export", canonical, algorithm="sha256").hexdigest()


@transaction.atomic
def abuse_log_export(
    *, exported_by, customer_number: str, start: date, end: date, reason: str, file_format: str
) -> ExportFile:
    """Record the export, then build the sealed CSV or PDF of the entries."""
    entries = _entries(customer_number=customer_number, start=start, end=end)
    record = AbuseLogExport.objects.create(
        exported_by=exported_by,
        exported_by_name=exported_by.get_full_name() or exported_by.get_username(),
        exported_at=timezone.now(),
        reason=reason,
        customer_number=customer_number,
        period_start=start,
        period_end=end,
        entry_count=len(entries),
        file_format=file_format,
        seal="",
    )
    canonical = _canonical_csv(record, entries)
    record.seal = _seal(canonical)
    record.save(update_fields=["seal"])
    name = f"sms-missbrauchsprotokoll-{customer_number}-export-{record.pk}"
    if file_format == AbuseLogExport.Format.CSV:
        content = (canonical + SEAL_LINE + record.seal + "\n").encode("utf-8")
        return ExportFile(record, content, "text/csv; charset=utf-8", f"{name}.csv")
    return ExportFile(record, _pdf(record, entries), "application/pdf", f"{name}.pdf")


def _pdf(record: AbuseLogExport, entries) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    with translation.override("de"), timezone.override(ZoneInfo(conf.TIME_ZONE)):
        html = render_to_string(
            "sms/abuse_log_export.html",
            {"record": record, "entries": entries, "issuer": settings.UTILITY_NAME},
        )
    no_network = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return HTML(string=html, url_fetcher=no_network).write_pdf()


def abuse_log_csv_verify(content: bytes) -> AbuseLogExport | None:
    """The export record a presented CSV belongs to, if it is unaltered; else None."""
    text = content.decode("utf-8", errors="replace")
    canonical, separator, seal = text.rpartition(SEAL_LINE)
    seal = seal.strip()
    if not separator or not constant_time_compare(_seal(canonical), seal):
        return None
    return AbuseLogExport.objects.filter(seal=seal).first()
