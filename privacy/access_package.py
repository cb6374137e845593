"""The copy of a subject's data (GDPR Art. 15(3)): one section per processing activity,
each with what the declaration says about it, as JSON for programs and PDF for people.
Everything is read through the registry, so an activity added later is in it."""

import io
import json
import zipfile
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone, translation

from privacy.registry import get_activities, get_processors
from privacy.subjects import Subject, export_rows, field_labels, subject_records

FORMAT_VERSION = 1


@dataclass(frozen=True)
class AccessCopy:
    document: dict
    record_count: int

    def json_bytes(self) -> bytes:
        return json.dumps(
            self.document, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder
        ).encode("utf-8")


def access_copy(subject: Subject, *, reference: str, now=None) -> AccessCopy:
    """Every record of the subject in every activity, with purpose, legal basis,
    recipients and retention from its declaration."""
    now = now or timezone.now()
    sections = []
    count = 0
    with translation.override("de"):
        for activity in get_activities():
            records = subject_records(activity, subject)
            if records is None:
                continue
            rows = export_rows(activity, records)
            if not rows:
                continue
            count += len(rows)
            sections.append(
                {
                    "activity": activity.key,
                    "title": str(activity.title),
                    "purpose": str(activity.purpose),
                    "legal_basis": activity.legal_basis,
                    "data": [str(item) for item in activity.data],
                    "recipients": [str(item) for item in activity.recipients],
                    "retention": activity.retention.describe(),
                    "fields": field_labels(activity),
                    "records": rows,
                }
            )
        document = {
            "format": FORMAT_VERSION,
            "reference": reference,
            "created_at": now.isoformat(),
            "controller": settings.UTILITY_NAME,
            "searched_by": {
                "customer_number": subject.customer_number,
                "emails": list(subject.emails),
                "phones": list(subject.phones),
            },
            "processors": [
                {"name": str(p.name), "service": str(p.service), "address": str(p.address)}
                for p in get_processors()
            ],
            "sections": sections,
        }
    return AccessCopy(document=document, record_count=count)


def _readable(value) -> str:
    if value is None or value == "":
        return "–"
    if value is True or value is False:
        return str(translation.gettext("ja") if value else translation.gettext("nein"))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def access_copy_pdf(copy: AccessCopy) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    sections = [
        {
            **section,
            "rows": [
                [
                    (section["fields"].get(name, name), _readable(value))
                    for name, value in row.items()
                ]
                for row in section["records"]
            ],
        }
        for section in copy.document["sections"]
    ]
    with translation.override("de"), timezone.override(ZoneInfo(settings.TIME_ZONE)):
        html = render_to_string(
            "privacy/requests/access_copy.html",
            {"copy": copy.document, "sections": sections, "record_count": copy.record_count},
        )
    no_network = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return HTML(string=html, url_fetcher=no_network).write_pdf()


def access_copy_archive(copy: AccessCopy, pdf: bytes) -> bytes:
    """Both files in one ZIP, so a single-use link can deliver them together."""
    name = f"auskunft-{copy.document['reference']}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.json", copy.json_bytes())
        archive.writestr(f"{name}.pdf", pdf)
    return buffer.getvalue()
