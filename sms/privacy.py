"""What the free SMS service stores, for whom, and for how long.

The privacy policy promises two things: only the recipient number and the text go to
the gateway, and the abuse log (customer number, time, IP address) goes after 90 days.
Number and text are deleted as soon as the gateway has accepted the message or it has
finally failed; the retention engine deletes any left over (a worker died between the
two steps) and the audit reports them. What remains of a message for the customer's
list (time, parts, state) goes after SMS_MESSAGE_LIST_DAYS.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from privacy.registry import Audience, Kept, Lookup, activity
from privacy.rules import FilesOlderThan, MaxAge, OnCompletion
from sms import conf

ABUSE_LOG_DAYS = 90
#: A recipient's daily counter is needed for its day only; the next day's purge takes it.
RECIPIENT_COUNTER_DAYS = 2

activity(
    key="sms.contents",
    title=_("Kostenloser SMS-Service: Empfängernummer und Text"),
    purpose=_("Zustellung der SMS, die Sie im Online-Kundencenter versenden"),
    legal_basis="Art. 6 Abs. 1 lit. b DSGVO",
    data=[_("Empfänger-Telefonnummer"), _("Text der SMS")],
    recipients=[_("der SMS-Dienstleister Fastcom GmbH & Co. KG und die Mobilfunkanbieter")],
    model="sms.SmsContent",
    retention=OnCompletion(field="message__finished_at"),
    subject=Lookup(customer_number="message__customer__customer_number", phone="recipient"),
    audience=Audience.PUBLIC,
)

activity(
    key="sms.messages",
    title=_("Kostenloser SMS-Service: Ihre versendeten SMS"),
    purpose=_(
        "Anzeige Ihrer SMS und ihres Status im Online-Kundencenter; "
        "Zählung der 5 kostenlosen SMS pro Tag"
    ),
    legal_basis="Art. 6 Abs. 1 lit. b DSGVO",
    data=[_("Kundennummer"), _("Zeitpunkt"), _("Anzahl der SMS-Teile"), _("Status")],
    recipients=[_("Sie selbst nach Anmeldung im Online-Kundencenter")],
    model="sms.SmsMessage",
    retention=MaxAge(field="created_at", days=conf.message_list_days()),
    subject=Lookup(customer_number="customer__customer_number"),
    export_exclude=["idempotency_key", "recipient_digest"],
    audience=Audience.PUBLIC,
)

activity(
    key="sms.abuse_log",
    title=_("Kostenloser SMS-Service: Missbrauchsprotokoll"),
    purpose=_(
        "Vermeidung von Missbrauch des SMS-Service; Weitergabe an die Behörden "
        "nur im Falle einer Strafanzeige, z. B. wegen Beleidigung"
    ),
    legal_basis="Art. 6 Abs. 1 lit. f DSGVO",
    data=[_("Kundennummer"), _("Zeitpunkt des SMS-Versands"), _("IP-Adresse")],
    recipients=[_("Strafverfolgungsbehörden, nur im Falle einer Strafanzeige")],
    model="sms.AbuseLogEntry",
    retention=MaxAge(field="at", days=ABUSE_LOG_DAYS),
    subject=Lookup(customer_number="customer_number"),
    # Art. 17(3)(e) GDPR: the log exists to answer a criminal complaint about misuse;
    # erasing it on request would defeat that, and it goes after 90 days anyway.
    kept_on_erasure=[
        Kept(
            reason=_(
                "Missbrauchsprotokoll: Nachweis für Strafanzeigen (Art. 17 Abs. 3 lit. e "
                "DSGVO), Löschung nach 90 Tagen"
            )
        )
    ],
    audience=Audience.PUBLIC,
)

activity(
    key="sms.recipient_counters",
    title=_("Kostenloser SMS-Service: Tageszähler je Empfängernummer"),
    purpose=_("Begrenzung der SMS an dieselbe Nummer pro Tag zum Schutz vor Missbrauch"),
    legal_basis="Art. 6 Abs. 1 lit. f DSGVO",
    data=[_("Prüfwert (Hash) der Empfängernummer"), _("Anzahl der SMS an diesem Tag")],
    recipients=[_("niemand; nur maschinell gezählt")],
    model="sms.SmsDailyCount",
    records=lambda counters: counters.filter(key__startswith="recipient:"),
    retention=MaxAge(field="created_at", days=RECIPIENT_COUNTER_DAYS),
    unsearchable=_(
        "der Zähler kennt die Nummer nur als Prüfwert mit geheimem Schlüssel und geht nach "
        "wenigen Tagen"
    ),
    audience=Audience.PUBLIC,
)

#: A hand-over to the authorities must be provable for as long as claims about it
#: can be raised: the regular limitation period of three years (§ 195 BGB), counted
#: generously from the export itself.
ABUSE_LOG_EXPORT_RECORD_DAYS = 3 * 365 + 31

activity(
    key="sms.abuse_log_exports",
    title=_("Kostenloser SMS-Service: Weitergaben des Missbrauchsprotokolls an Behörden"),
    purpose=_(
        "Nachweis, wer wann aus welchem Anlass Einträge des Missbrauchsprotokolls zu "
        "welcher Kundennummer an Behörden herausgegeben hat"
    ),
    legal_basis="Art. 5 Abs. 2, Art. 6 Abs. 1 lit. c und f DSGVO",
    data=[
        _("Kundennummer"),
        _("Zeitraum und Zahl der herausgegebenen Einträge"),
        _("Anlass (z. B. Aktenzeichen)"),
        _("exportierende Beschäftigte und Zeitpunkt"),
    ],
    recipients=[_("die Datenschutzbeauftragte und die Rechtsabteilung der Stadtwerke")],
    model="sms.AbuseLogExport",
    retention=MaxAge(field="exported_at", days=ABUSE_LOG_EXPORT_RECORD_DAYS),
    subject=Lookup(customer_number="customer_number"),
    kept_on_erasure=[
        Kept(
            reason=_(
                "Nachweis einer Herausgabe an Behörden (Art. 17 Abs. 3 lit. e DSGVO), "
                "Löschung nach drei Jahren"
            )
        )
    ],
    export_exclude=["exported_by", "exported_by_name", "seal"],
    audience=Audience.PUBLIC,
)

#: The file backend is for development and demonstrations only; what it writes holds
#: real numbers and texts all the same, so it does not stay.
DEVELOPMENT_FILE_DAYS = 1

activity(
    key="sms.development_files",
    title=_("Kostenloser SMS-Service: SMS als Dateien (nur Entwicklung)"),
    purpose=_("Prüfung des SMS-Versands in Entwicklung und Vorführung ohne SMS-Dienstleister"),
    legal_basis="Art. 6 Abs. 1 lit. f DSGVO",
    data=[_("Empfänger-Telefonnummer"), _("Text der SMS")],
    recipients=[_("die Entwicklerinnen und Entwickler des Portals")],
    directory=lambda: Path(conf.file_path()),
    retention=FilesOlderThan(days=DEVELOPMENT_FILE_DAYS, pattern="*.txt"),
    audience=Audience.STAFF,
)
