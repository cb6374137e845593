"""What the contact services store about people, for whom, and for how long.

Contact, officer, feedback and outage inquiries go a configurable number of days
(INQUIRIES_RETENTION_DAYS, 30 by default) after they are done, which leaves time for
queries back, unless staff set a retention hold for one of the policy's reasons. A
callback request goes as soon as the call is marked done, and at the latest that
many days after the time the caller asked for, should the call never happen.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from inquiries import conf
from privacy.registry import Lookup, activity, not_personal
from privacy.rules import AfterCompletion, RetentionRule, UntilEvent

CONTACT_DATA = [_("Anrede"), _("Name"), _("E-Mail-Adresse"), _("Anliegen")]
OPTIONAL_CONTACT_DATA = [_("freiwillig: Kundennummer"), _("freiwillig: Telefonnummer")]
LEGAL_BASIS = "Art. 6 Abs. 1 lit. b und f DSGVO"
SUBJECT = Lookup(email="email", customer_number="customer_number", phone="phone")


@dataclass(frozen=True)
class OnCompletionOrExpiry(RetentionRule):
    """Delete a record when it is done, or `days` after the time it was for."""

    done_field: str
    expiry_field: str
    days: int
    holds: bool = False

    def due(self, queryset: QuerySet, *, now: datetime) -> QuerySet:
        return queryset.filter(
            Q(**{f"{self.done_field}__isnull": False, f"{self.done_field}__lte": now})
            | Q(**{f"{self.expiry_field}__lt": now - timedelta(days=self.days)})
        )

    def describe(self) -> str:
        days = ngettext("%(days)d Tag", "%(days)d Tagen", self.days) % {"days": self.days}
        return str(
            _(
                "Löschung unmittelbar nach dem Rückruf; kommt er nicht zustande, "
                "%(days)s nach dem gewünschten Termin"
            )
            % {"days": days}
        )

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.done_field, self.expiry_field)


def _kind(kind: str):
    return lambda inquiries: inquiries.filter(kind=kind)


AFTER_DONE = AfterCompletion(field="done_at", days=conf.retention_days(), holds=True)

activity(
    key="inquiries.contact",
    title=_("Allgemeines Kontaktformular"),
    purpose=_("Bearbeitung Ihres Anliegens durch die zuständige Stelle"),
    legal_basis=LEGAL_BASIS,
    data=[*CONTACT_DATA, _("Thema"), *OPTIONAL_CONTACT_DATA],
    recipients=[_("die für Ihr Anliegen zuständige Stelle")],
    model="inquiries.Inquiry",
    records=_kind("contact"),
    retention=AFTER_DONE,
    subject=SUBJECT,
)

activity(
    key="inquiries.callback",
    title=_("Rückrufservice"),
    purpose=_("Ein Rückruf des Kundenservicecenters zu Ihrem Wunschtermin"),
    legal_basis=LEGAL_BASIS,
    data=[_("Name"), _("Telefonnummer"), _("Wunschtermin"), _("Thema")],
    recipients=[_("das Kundenservicecenter")],
    model="inquiries.Inquiry",
    records=_kind("callback"),
    retention=OnCompletionOrExpiry(
        done_field="done_at", expiry_field="preferred_start", days=conf.retention_days()
    ),
    subject=SUBJECT,
)

activity(
    key="inquiries.privacy_officer",
    title=_("Anfragen an die Datenschutzbeauftragte"),
    purpose=_("Bearbeitung Ihres Anliegens durch die Datenschutzbeauftragte"),
    legal_basis="Art. 6 Abs. 1 lit. c DSGVO, Art. 38 Abs. 4 DSGVO",
    data=[*CONTACT_DATA, *OPTIONAL_CONTACT_DATA],
    recipients=[_("ausschließlich die Datenschutzbeauftragte und ihre Vertretung")],
    model="inquiries.Inquiry",
    records=_kind("privacy_officer"),
    retention=AFTER_DONE,
    subject=SUBJECT,
)

activity(
    key="inquiries.equality_officer",
    title=_("Anfragen an den Gleichbehandlungsbeauftragten"),
    purpose=_("Bearbeitung Ihres Anliegens durch den Gleichbehandlungsbeauftragten"),
    legal_basis="Art. 6 Abs. 1 lit. c DSGVO",
    data=CONTACT_DATA,
    recipients=[_("ausschließlich der Gleichbehandlungsbeauftragte und seine Vertretung")],
    model="inquiries.Inquiry",
    records=_kind("equality_officer"),
    retention=AFTER_DONE,
    subject=SUBJECT,
)

activity(
    key="inquiries.feedback",
    title=_("Lob und Tadel"),
    purpose=_("Bearbeitung Ihrer Rückmeldung und Verbesserung unserer Leistungen"),
    legal_basis=LEGAL_BASIS,
    data=[*CONTACT_DATA, _("Art der Rückmeldung")],
    recipients=[_("die für Ihre Rückmeldung zuständige Stelle")],
    model="inquiries.Inquiry",
    records=_kind("feedback"),
    retention=AFTER_DONE,
    subject=SUBJECT,
)

activity(
    key="inquiries.outage",
    title=_("Störungsmeldung"),
    purpose=_("Behebung der gemeldeten Störung und gegebenenfalls Rückfragen"),
    legal_basis="Art. 6 Abs. 1 lit. e und f DSGVO",
    data=[
        _("Versorgungsart"),
        _("Adresse oder Ort der Störung"),
        _("Beschreibung"),
        _("freiwillig: Name, Telefonnummer, E-Mail-Adresse für Rückfragen"),
    ],
    recipients=[_("der Netzbetrieb der betroffenen Sparte")],
    model="inquiries.Inquiry",
    records=_kind("outage"),
    retention=AFTER_DONE,
    subject=SUBJECT,
)

activity(
    key="inquiries.processing_steps",
    title=_("Bearbeitungsvermerke zu Anliegen"),
    purpose=_("Nachvollziehbarkeit der Bearbeitung: Status, Zuweisung, Weiterleitung, Notizen"),
    legal_basis="Art. 6 Abs. 1 lit. f DSGVO",
    data=[_("bearbeitende Person"), _("Aktion"), _("interne Notiz"), _("Zeitpunkt")],
    recipients=[_("die zuständige Stelle")],
    model="inquiries.InquiryEvent",
    subject=Lookup(
        email="inquiry__email", customer_number="inquiry__customer_number", phone="inquiry__phone"
    ),
    retention=UntilEvent(event=_("bis zur Löschung des Anliegens, zu dem sie gehören")),
)

not_personal(
    model="inquiries.Unit",
    fields=["name", "notification_email"],
    reason=_("Bezeichnung und Funktionspostfach einer Stelle, nicht einer Person"),
)
not_personal(
    model="inquiries.Topic",
    fields=["label"],
    reason=_("Bezeichnung eines Themas"),
)
not_personal(
    model="inquiries.SpecialDay",
    fields=["label"],
    reason=_("Bezeichnung eines Feiertags"),
)
