"""Data-subject access (GDPR Art. 15) and erasure (Art. 17) across all activities.

A subject is identified by what they can show: a customer number, an e-mail address
or a phone number. Each activity's Lookup says which of its fields hold those. Erasure
deletes everything found except records under a retention hold, and says what it
kept and why.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet
from django.utils import timezone

from privacy.registry import Activity, get_activities
from privacy.retention import delete_in_batches, held_records_excluded
from privacy.rules import Deletion

#: Never exported: hashes and secrets say nothing about the person.
ALWAYS_EXCLUDED = frozenset({"password", "secret", "session_key"})
_encoder = DjangoJSONEncoder()


@dataclass(frozen=True)
class Subject:
    customer_number: str = ""
    email: str = ""
    phone: str = ""

    def __post_init__(self):
        if not (self.customer_number or self.email or self.phone):
            raise ValueError("A data subject needs a customer number, e-mail or phone.")


def subject_records(activity: Activity, subject: Subject) -> QuerySet | None:
    """The subject's records in one activity, or None if it cannot be searched."""
    if not activity.model or not activity.subject:
        return None
    match = Q()
    for kind, path in activity.subject.paths().items():
        value = getattr(subject, kind)
        if not value:
            continue
        lookup = f"{path}__iexact" if kind == "email" else path
        match |= Q(**{lookup: value})
    if not match:
        return None
    return activity.queryset().filter(match)


def _plain(value):
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return _encoder.default(value)


def _export_fields(activity: Activity) -> list[str]:
    excluded = ALWAYS_EXCLUDED | set(activity.export_exclude)
    return [
        f.attname
        for f in activity.model_class._meta.concrete_fields
        if f.name not in excluded and f.attname not in excluded
    ]


def subject_export(subject: Subject) -> dict[str, list[dict]]:
    """Every record held about the subject, as plain JSON-ready data, by activity."""
    export = {}
    for activity in get_activities():
        records = subject_records(activity, subject)
        if records is None:
            continue
        fields = _export_fields(activity)
        rows = [
            {name: _plain(value) for name, value in row.items()}
            for row in records.order_by("pk").values(*fields)
        ]
        if rows:
            export[activity.key] = rows
    return export


@dataclass(frozen=True)
class HeldData:
    """One kind of data held about a subject, for the subject to read."""

    activity: Activity
    count: int
    deletion: Deletion


def subject_data_overview(subject: Subject) -> list[HeldData]:
    """Every activity that holds records of the subject, with when they will go."""
    overview = []
    for activity in get_activities():
        records = subject_records(activity, subject)
        if records is None:
            continue
        count = records.count()
        if count:
            overview.append(
                HeldData(
                    activity=activity,
                    count=count,
                    deletion=activity.retention.next_deletion(records),
                )
            )
    return overview


@dataclass
class ErasureResult:
    erased: dict[str, int] = field(default_factory=dict)
    held: dict[str, int] = field(default_factory=dict)


def subject_erase(subject: Subject, *, now: datetime | None = None) -> ErasureResult:
    """Delete the subject's records in every activity, except held ones."""
    now = now or timezone.now()
    result = ErasureResult()
    for activity in get_activities():
        records = subject_records(activity, subject)
        if records is None:
            continue
        erasable = held_records_excluded(records, now=now)
        erased = delete_in_batches(erasable, now=now)
        held = records.count()
        if erased:
            result.erased[activity.key] = erased
        if held:
            result.held[activity.key] = held
    return result
