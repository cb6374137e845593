"""Data-subject access (GDPR Art. 15) and erasure (Art. 17) across all activities.

A subject is identified by what they can show: a customer number, an e-mail address
or a phone number. Each activity's Lookup says which of its fields hold those. Erasure
deletes everything found except records under a retention hold, and says what it
kept and why.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import CharField, Count, Max, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from privacy.models import RetentionHold
from privacy.registry import Activity, get_activities
from privacy.retention import delete_in_batches, held_records_excluded
from privacy.rules import Deletion

#: Never exported: hashes and secrets say nothing about the person.
ALWAYS_EXCLUDED = frozenset({"password", "secret", "session_key"})
_encoder = DjangoJSONEncoder()


@dataclass(frozen=True)
class Subject:
    """What a data subject is known by. Only verified identifiers belong here."""

    customer_number: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()

    def __post_init__(self):
        object.__setattr__(self, "customer_number", self.customer_number.strip())
        emails = dict.fromkeys(e.strip().lower() for e in self.emails if e and e.strip())
        object.__setattr__(self, "emails", tuple(emails))
        phones = dict.fromkeys(p.strip() for p in self.phones if p and p.strip())
        object.__setattr__(self, "phones", tuple(phones))
        if not (self.customer_number or self.emails or self.phones):
            raise ValueError("A data subject needs a customer number, e-mail or phone.")

    def values(self, kind: str) -> tuple[str, ...]:
        if kind == "customer_number":
            return (self.customer_number,) if self.customer_number else ()
        return self.emails if kind == "email" else self.phones


def subject_records(activity: Activity, subject: Subject) -> QuerySet | None:
    """The subject's records in one activity, or None if it cannot be searched."""
    if not activity.model or not activity.subject:
        return None
    match = Q()
    for kind, path in activity.subject.paths().items():
        for value in subject.values(kind):
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


def export_rows(activity: Activity, records: QuerySet) -> list[dict]:
    """The records as plain JSON-ready rows, without secrets."""
    fields = _export_fields(activity)
    return [
        {name: _plain(value) for name, value in row.items()}
        for row in records.order_by("pk").values(*fields)
    ]


def field_labels(activity: Activity) -> dict[str, str]:
    """A readable label for each exported field, for people rather than programs."""
    exported = set(_export_fields(activity))
    return {
        f.attname: str(getattr(f, "verbose_name", f.name))
        for f in activity.model_class._meta.concrete_fields
        if f.attname in exported
    }


def subject_export(subject: Subject) -> dict[str, list[dict]]:
    """Every record held about the subject, as plain JSON-ready data, by activity."""
    export = {}
    for activity in get_activities():
        records = subject_records(activity, subject)
        if records is None:
            continue
        rows = export_rows(activity, records)
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


@dataclass(frozen=True)
class KeptRecords:
    """Records of one activity an erasure left in place, and why."""

    activity: str
    count: int
    reason: str
    until: datetime | None = None


@dataclass
class ErasureResult:
    erased: dict[str, int] = field(default_factory=dict)
    kept: list[KeptRecords] = field(default_factory=list)

    @property
    def held(self) -> dict[str, int]:
        """Kept records per activity, whatever the reason."""
        counts: dict[str, int] = {}
        for kept in self.kept:
            counts[kept.activity] = counts.get(kept.activity, 0) + kept.count
        return counts

    def as_report(self) -> dict:
        """Counts and reasons only: nothing of the erased data survives in the report."""
        return {
            "erased": dict(self.erased),
            "kept": [
                {
                    "activity": kept.activity,
                    "count": kept.count,
                    "reason": kept.reason,
                    "until": kept.until.isoformat() if kept.until else None,
                }
                for kept in self.kept
            ],
        }


def _held_by_reason(records: QuerySet, *, now: datetime) -> list[tuple[str, int, datetime]]:
    """Of these records, those under an active retention hold: reason, count, end."""
    holds = (
        RetentionHold.objects.on_model(records.model)
        .active(now)
        .filter(object_id__in=records.values(held_record_key=Cast("pk", CharField())))
    )
    return [
        (str(RetentionHold.Reason(row["reason"]).label), row["count"], row["until"])
        for row in holds.values("reason")
        .annotate(count=Count("object_id", distinct=True), until=Max("until"))
        .order_by("reason")
    ]


def subject_erase(
    subject: Subject, *, now: datetime | None = None, remove_online_access: bool = False
) -> ErasureResult:
    """Delete the subject's records in every activity, except those an activity keeps
    on erasure (Art. 17(3)) and those under a retention hold; say what stayed and why.

    The online access (account, e-mail addresses, second factors, sessions) goes only
    with ``remove_online_access``.
    """
    now = now or timezone.now()
    result = ErasureResult()
    for activity in get_activities():
        records = subject_records(activity, subject)
        if records is None:
            continue
        erasable = records
        for kept in activity.kept_on_erasure:
            if kept.until_online_access_removed and remove_online_access:
                continue
            kept_records = kept.records(records) if kept.records else records
            count = kept_records.count()
            if count:
                result.kept.append(KeptRecords(activity.key, count, str(kept.reason)))
            erasable = erasable.exclude(pk__in=kept_records.values("pk"))
        for reason, count, until in _held_by_reason(erasable, now=now):
            result.kept.append(KeptRecords(activity.key, count, reason, until))
        erased = delete_in_batches(held_records_excluded(erasable, now=now), now=now)
        if erased:
            result.erased[activity.key] = erased
    return result
