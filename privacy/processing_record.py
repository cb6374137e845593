"""The record of processing activities (GDPR Art. 30), drawn from the registry."""

import csv
import io
import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from privacy.registry import Activity, get_activities

COLUMNS = [
    ("key", gettext_noop("Schlüssel")),
    ("title", gettext_noop("Bezeichnung")),
    ("purpose", gettext_noop("Zweck")),
    ("legal_basis", gettext_noop("Rechtsgrundlage")),
    ("data", gettext_noop("Datenkategorien")),
    ("recipients", gettext_noop("Empfänger")),
    ("retention", gettext_noop("Löschfrist")),
    ("storage", gettext_noop("Speicherort")),
]


def activity_entry(activity: Activity) -> dict[str, str | list[str]]:
    return {
        "key": activity.key,
        "title": str(activity.title),
        "purpose": str(activity.purpose),
        "legal_basis": str(activity.legal_basis),
        "data": [str(item) for item in activity.data],
        "recipients": [str(item) for item in activity.recipients],
        "retention": activity.retention.describe(),
        "storage": activity.storage(),
    }


def processing_record() -> list[dict[str, str | list[str]]]:
    return [activity_entry(activity) for activity in get_activities()]


def _joined(value: str | list[str]) -> str:
    return "; ".join(value) if isinstance(value, list) else value


def as_json() -> str:
    return json.dumps(processing_record(), ensure_ascii=False, indent=2)


def as_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_(label) for _key, label in COLUMNS])
    for entry in processing_record():
        writer.writerow([_joined(entry[key]) for key, _label in COLUMNS])
    return out.getvalue()


def as_markdown() -> str:
    lines = [f"# {_('Verzeichnis der Verarbeitungstätigkeiten')}", ""]
    for entry in processing_record():
        lines += [f"## {entry['title']}", ""]
        for key, label in COLUMNS[2:]:
            lines.append(f"- **{_(label)}:** {_joined(entry[key])}")
        lines.append(f"- **{_('Schlüssel')}:** `{entry['key']}`")
        lines.append("")
    return "\n".join(lines)


FORMATS = {"json": as_json, "csv": as_csv, "md": as_markdown}
