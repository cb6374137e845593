"""Retention rules: how long the records of one processing activity may be kept.

A rule turns "all records of an activity" into "the records due for deletion now".
The retention engine deletes exactly that queryset, and the audit counts it, so what
the policy promises, what is deleted and what is checked cannot drift apart.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.db.models import Min, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Deletion:
    """When a subject's records of one activity go: at a time, or upon an event."""

    at: datetime | None = None
    #: The rule's words when no time can be named (an event, an open case).
    event: str = ""


class RetentionRule:
    #: Whether staff may hold records of this activity back from deletion. The
    #: engine never deletes a held record whatever the rule; this flag tells the
    #: policy text and the staff tools that holds are part of the promise.
    holds: bool = False
    #: True for rules whose records live in files instead of database rows.
    on_files: bool = False

    def due(self, queryset: QuerySet, *, now: datetime) -> QuerySet:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def next_deletion(self, records: QuerySet) -> Deletion:
        """When the first of these records goes, as far as the rule alone decides."""
        return Deletion(event=self.describe())

    @property
    def fields(self) -> tuple[str, ...]:
        """Model fields the rule reads; the system check verifies they exist."""
        return ()


def _days(days: int) -> str:
    return ngettext("%(days)d Tag", "%(days)d Tagen", days) % {"days": days}


HOLD_REASONS_TEXT = _(
    "sofern nicht aus Gründen der Nachweisbarkeit, der Kundenbetreuung oder "
    "gesetzlicher Aufbewahrungsfristen eine Aufbewahrung geboten ist"
)


@dataclass(frozen=True)
class MaxAge(RetentionRule):
    """Delete a record once the timestamp in `field` is more than `days` old."""

    field: str
    days: int
    holds: bool = False

    def due(self, queryset: QuerySet, *, now: datetime) -> QuerySet:
        return queryset.filter(**{f"{self.field}__lt": now - timedelta(days=self.days)})

    def next_deletion(self, records: QuerySet) -> Deletion:
        oldest = records.aggregate(oldest=Min(self.field))["oldest"]
        if oldest is None:
            return Deletion(event=self.describe())
        return Deletion(at=oldest + timedelta(days=self.days))

    def describe(self) -> str:
        if self.days == 0:
            return str(_("Löschung, sobald der Eintrag abgelaufen ist"))
        return str(_("Löschung nach %(days)s") % {"days": _days(self.days)})

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field,)


@dataclass(frozen=True)
class AfterCompletion(RetentionRule):
    """Delete a record `days` after its completion time in `field` (unset while
    open), unless staff have placed a retention hold on it."""

    field: str
    days: int
    holds: bool = True

    def due(self, queryset: QuerySet, *, now: datetime) -> QuerySet:
        cutoff = now - timedelta(days=self.days)
        return queryset.filter(**{f"{self.field}__isnull": False, f"{self.field}__lt": cutoff})

    def next_deletion(self, records: QuerySet) -> Deletion:
        """The first completed record's date; while every one is open, the rule's words."""
        completed = records.filter(**{f"{self.field}__isnull": False})
        first = completed.aggregate(first=Min(self.field))["first"]
        if first is None:
            return Deletion(event=self.describe())
        return Deletion(at=first + timedelta(days=self.days))

    def describe(self) -> str:
        if self.days == 0:
            text = _("Löschung nach Abschluss der Bearbeitung")
        else:
            # "nach 30 Tagen" but "30 Tage nach": the phrase carries its own plural.
            text = ngettext(
                "Löschung %(days)d Tag nach Abschluss der Bearbeitung",
                "Löschung %(days)d Tage nach Abschluss der Bearbeitung",
                self.days,
            ) % {"days": self.days}
        if self.holds:
            return f"{text}, {HOLD_REASONS_TEXT}"
        return str(text)

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field,)


@dataclass(frozen=True)
class OnCompletion(AfterCompletion):
    """Delete a record as soon as the one thing it was kept for is done."""

    days: int = 0
    holds: bool = False

    def describe(self) -> str:
        return str(_("Löschung unmittelbar nach Abschluss des Vorgangs"))


@dataclass(frozen=True)
class UntilEvent(RetentionRule):
    """Kept until an event, such as the deletion of an account, deletes it.

    Nothing is due by age: the code that handles the event deletes the records.
    """

    #: The whole phrase, e.g. _("bis zur Löschung des Online-Zugangs").
    event: str

    def due(self, queryset: QuerySet, *, now: datetime) -> QuerySet:
        return queryset.none()

    def next_deletion(self, records: QuerySet) -> Deletion:
        return Deletion(event=str(self.event))

    def describe(self) -> str:
        return str(_("Speicherung %(event)s") % {"event": self.event})


@dataclass(frozen=True)
class FilesOlderThan(RetentionRule):
    """Delete files in the activity's directory last written more than `days` ago."""

    days: int
    pattern: str = "*"
    on_files = True

    def due_files(self, directory: Path, *, now: datetime) -> list[Path]:
        if not directory.is_dir():
            return []
        cutoff = (now - timedelta(days=self.days)).timestamp()
        return sorted(
            path
            for path in directory.rglob(self.pattern)
            if path.is_file() and path.stat().st_mtime < cutoff
        )

    def describe(self) -> str:
        return str(_("Löschung der Dateien nach spätestens %(days)s") % {"days": _days(self.days)})
