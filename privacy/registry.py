"""The registry of processing activities (GDPR Art. 30).

Each app declares what personal data it processes in its own ``privacy.py``::

    from privacy.registry import Lookup, activity
    from privacy.rules import AfterCompletion

    activity(
        key="inquiries.contact",
        title=_("Allgemeines Kontaktformular"),
        purpose=_("Bearbeitung Ihres Anliegens durch die zuständige Stelle"),
        legal_basis="Art. 6 Abs. 1 lit. b und f DSGVO",
        data=[_("Anrede"), _("Name"), _("E-Mail-Adresse"), _("Anliegen")],
        recipients=[_("die für Ihr Anliegen zuständige Stelle")],
        model="inquiries.Inquiry",
        records=lambda inquiries: inquiries.filter(kind="contact"),
        retention=AfterCompletion(field="done_at", days=30),
        subject=Lookup(email="email", customer_number="customer_number"),
    )

That one declaration drives the retention engine, the audit, the policy page, the
record of processing activities and data-subject access and erasure. Activities that
concern only staff say ``audience=Audience.STAFF``: the record lists them, the public
policy does not. Processors who receive data on our behalf are declared with
``processor(...)``; the policy names each one.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet

from privacy.rules import RetentionRule


@dataclass(frozen=True)
class Lookup:
    """Field paths that identify a data subject's records, e.g. ``email="email"``."""

    customer_number: str | None = None
    email: str | None = None
    phone: str | None = None

    def paths(self) -> dict[str, str]:
        return {
            kind: path
            for kind, path in (
                ("customer_number", self.customer_number),
                ("email", self.email),
                ("phone", self.phone),
            )
            if path
        }


@dataclass(frozen=True)
class Kept:
    """Records an erasure request leaves in place (GDPR Art. 17(3)), and why.

    ``records`` narrows which of the subject's records are kept (all when None). With
    ``until_online_access_removed`` they are the online access itself: they go when
    the subject asks for the access to be removed too.
    """

    reason: str
    records: Callable[[QuerySet], QuerySet] | None = None
    until_online_access_removed: bool = False


class Audience(StrEnum):
    """Whose data an activity processes, and so where the people are informed."""

    #: Visitors and customers: the public privacy policy has a section on it.
    PUBLIC = "public"
    #: Staff and editors only (revisions, admin logs, the task queue): in the
    #: record of processing activities, but informed internally, not in the
    #: public policy.
    STAFF = "staff"


@dataclass(frozen=True)
class Activity:
    key: str
    title: str
    purpose: str
    legal_basis: str
    data: tuple[str, ...]
    recipients: tuple[str, ...]
    retention: RetentionRule
    model: str | None = None
    records: Callable[[QuerySet], QuerySet] | None = None
    directory: Callable[[], Path] | None = None
    subject: Lookup | None = None
    #: Fields left out of a data-subject export (secrets, not data about the person).
    export_exclude: tuple[str, ...] = ()
    #: Public unless said otherwise: an activity forgotten here errs towards
    #: being explained, never towards being hidden.
    audience: Audience = Audience.PUBLIC
    #: Dotted path of a function ``(request) -> str`` that renders the box with
    #: which a visitor objects to this activity (GDPR Art. 21) on the privacy page.
    objection: str | None = None
    #: What an erasure request does not delete, and why (see Kept).
    kept_on_erasure: tuple[Kept, ...] = ()
    #: Why a data subject's records cannot be looked up (anonymous, or found
    #: through another activity); required when there is no ``subject`` lookup.
    unsearchable: str = ""

    @property
    def in_policy(self) -> bool:
        return self.audience == Audience.PUBLIC

    @property
    def model_class(self) -> type[Model] | None:
        return apps.get_model(self.model) if self.model else None

    def queryset(self) -> QuerySet:
        """All records of this activity, held or not, due or not."""
        queryset = self.model_class._default_manager.all()
        return self.records(queryset) if self.records else queryset

    def storage(self) -> str:
        """Where the data lives, for the record of processing activities."""
        if self.model:
            return f"{self.model_class._meta.verbose_name_plural} ({self.model})"
        return str(self.directory())


@dataclass(frozen=True)
class NotPersonal:
    """Fields that look like personal data by name but are not, with the reason."""

    model: str
    fields: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Processor:
    """A processor (GDPR Art. 28) who handles personal data on our behalf."""

    key: str
    name: str
    address: str
    service: str
    #: A country outside the EU/EEA the data goes to; empty when it stays inside.
    third_country: str = ""


@dataclass(frozen=True)
class SubjectSource:
    """An app that knows a customer by customer number and can tell more about them.

    ``identifiers``: dotted path of ``(customer_number) -> (emails, phones)``, the
    addresses and numbers on file, so a request finds records kept under them.
    ``postal_address``: dotted path of ``(customer_number, meter_number) -> lines``,
    the postal address on file when the meter belongs to that customer, else None.
    """

    key: str
    identifiers: str | None = None
    postal_address: str | None = None


@dataclass
class Registry:
    activities: dict[str, Activity] = field(default_factory=dict)
    not_personal: dict[str, NotPersonal] = field(default_factory=dict)
    processors: dict[str, Processor] = field(default_factory=dict)
    subject_sources: dict[str, SubjectSource] = field(default_factory=dict)

    def register(self, declared: Activity) -> None:
        if declared.key in self.activities:
            raise ImproperlyConfigured(f"Processing activity {declared.key!r} is declared twice.")
        if (declared.model is None) == (declared.directory is None):
            raise ImproperlyConfigured(
                f"Processing activity {declared.key!r} needs either model or directory."
            )
        if declared.retention.on_files != (declared.directory is not None):
            raise ImproperlyConfigured(
                f"Processing activity {declared.key!r}: file rules go with a "
                "directory, record rules with a model."
            )
        self.activities[declared.key] = declared

    def exempt(self, exemption: NotPersonal) -> None:
        self.not_personal[exemption.model.lower()] = exemption

    def register_processor(self, declared: Processor) -> None:
        if declared.key in self.processors:
            raise ImproperlyConfigured(f"Processor {declared.key!r} is declared twice.")
        self.processors[declared.key] = declared


registry = Registry()


def activity(
    *,
    key: str,
    title: str,
    purpose: str,
    legal_basis: str,
    data: Iterable[str],
    recipients: Iterable[str],
    retention: RetentionRule,
    model: str | None = None,
    records: Callable[[QuerySet], QuerySet] | None = None,
    directory: Callable[[], Path] | None = None,
    subject: Lookup | None = None,
    export_exclude: Iterable[str] = (),
    audience: Audience = Audience.PUBLIC,
    objection: str | None = None,
    kept_on_erasure: Iterable[Kept] = (),
    unsearchable: str = "",
) -> Activity:
    """Declare a processing activity; call it from an app's privacy.py."""
    declared = Activity(
        key=key,
        title=title,
        purpose=purpose,
        legal_basis=legal_basis,
        data=tuple(data),
        recipients=tuple(recipients),
        retention=retention,
        model=model,
        records=records,
        directory=directory,
        subject=subject,
        export_exclude=tuple(export_exclude),
        audience=audience,
        objection=objection,
        kept_on_erasure=tuple(kept_on_erasure),
        unsearchable=unsearchable,
    )
    registry.register(declared)
    return declared


def not_personal(*, model: str, fields: Iterable[str], reason: str) -> None:
    """Say that these fields of a model hold no personal data, and why."""
    registry.exempt(NotPersonal(model=model, fields=tuple(fields), reason=reason))


def processor(*, key: str, name: str, address: str, service: str, third_country: str = "") -> None:
    """Declare a processor that receives personal data; the policy names each one."""
    registry.register_processor(
        Processor(key=key, name=name, address=address, service=service, third_country=third_country)
    )


def subject_source(
    *, key: str, identifiers: str | None = None, postal_address: str | None = None
) -> None:
    """Declare what an app can tell about a customer for data-subject requests."""
    if key in registry.subject_sources:
        raise ImproperlyConfigured(f"Subject source {key!r} is declared twice.")
    registry.subject_sources[key] = SubjectSource(
        key=key, identifiers=identifiers, postal_address=postal_address
    )


def get_subject_sources() -> list[SubjectSource]:
    return sorted(registry.subject_sources.values(), key=lambda s: s.key)


def get_processors() -> list[Processor]:
    return sorted(registry.processors.values(), key=lambda p: p.key)


def get_activities() -> list[Activity]:
    return sorted(registry.activities.values(), key=lambda a: a.key)


def get_activity(key: str) -> Activity:
    try:
        return registry.activities[key]
    except KeyError:
        raise LookupError(f"Unknown processing activity {key!r}.") from None
