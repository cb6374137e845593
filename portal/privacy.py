"""What the online customer centre stores about customers, for whom, and for how long.

The master data is a copy of the billing system's: it is replaced by each import and
goes when the billing system stops sending it. The online access (the link between a
login and a customer) stays until the customer asks for it to be deleted; the access
log goes after 90 days, as the privacy policy promises.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from privacy.registry import Audience, Kept, Lookup, activity, not_personal, subject_source
from privacy.rules import AfterCompletion, MaxAge, UntilEvent

ACCESS_LOG_DAYS = 90
#: A registration is checked within seconds; one left over (a worker was down) goes
#: after a day at the latest.
PENDING_REGISTRATION_DAYS = 1
#: A letter's code is valid for 30 days after printing; the letter and its print run
#: are kept a while longer so a customer's question about it can be answered.
ACTIVATION_LETTER_DAYS = 90
CONTRACT = "Art. 6 Abs. 1 lit. b DSGVO"
AS_LONG_AS_BILLING = UntilEvent(
    event=_("solange das Abrechnungssystem den Vertrag führt; danach mit dem nächsten Abgleich")
)
BY_CUSTOMER_NUMBER = Lookup(customer_number="customer__customer_number")
#: The portal only mirrors the billing system; that system keeps the contract data for
#: the statutory retention period, and the next import would bring our copy back.
BILLING_RECORDS_STAY = Kept(
    reason=_(
        "Vertrags- und Abrechnungsdaten: gesetzliche Aufbewahrungsfrist (§ 147 AO, "
        "§ 257 HGB); das Abrechnungssystem führt sie, solange der Vertrag besteht"
    )
)
ONLINE_ACCESS_STAYS = Kept(
    reason=_("Ihr Online-Zugang bleibt bestehen, bis Sie auch seine Löschung verlangen"),
    until_online_access_removed=True,
)

activity(
    key="portal.customers",
    title=_("Kundenstammdaten im Online-Kundencenter"),
    purpose=_("Anzeige Ihrer Stammdaten und Prüfung Ihrer Registrierung im Online-Kundencenter"),
    legal_basis=CONTRACT,
    data=[_("Kundennummer"), _("Name"), _("Postanschrift")],
    recipients=[_("Sie selbst nach Anmeldung im Online-Kundencenter")],
    model="portal.Customer",
    retention=AS_LONG_AS_BILLING,
    subject=Lookup(customer_number="customer_number"),
    kept_on_erasure=[BILLING_RECORDS_STAY],
    audience=Audience.PUBLIC,
)

activity(
    key="portal.contracts",
    title=_("Verträge, Zähler, Zählerstände, Abschläge und Rechnungen"),
    purpose=_("Anzeige Ihrer Verträge und Verbrauchsdaten im Online-Kundencenter"),
    legal_basis=CONTRACT,
    data=[_("Vertragsnummer"), _("Sparte"), _("Tarif"), _("Lieferanschrift")],
    recipients=[_("Sie selbst nach Anmeldung im Online-Kundencenter")],
    model="portal.Contract",
    retention=AS_LONG_AS_BILLING,
    subject=BY_CUSTOMER_NUMBER,
    kept_on_erasure=[BILLING_RECORDS_STAY],
    audience=Audience.PUBLIC,
)

activity(
    key="portal.bank_accounts",
    title=_("Bankverbindung"),
    purpose=_("Anzeige der Bankverbindung für Ihre Lastschrift (nur teilweise sichtbar)"),
    legal_basis=CONTRACT,
    data=[_("Kontoinhaber"), _("IBAN"), _("Mandatsreferenz")],
    recipients=[_("Sie selbst nach Anmeldung im Online-Kundencenter")],
    model="portal.BankAccount",
    retention=AS_LONG_AS_BILLING,
    subject=BY_CUSTOMER_NUMBER,
    kept_on_erasure=[BILLING_RECORDS_STAY],
    audience=Audience.PUBLIC,
)

activity(
    key="portal.online_access",
    title=_("Online-Kundencenter: Zugang"),
    purpose=_("Zuordnung Ihres Benutzerkontos zu Ihrer Kundennummer"),
    legal_basis=CONTRACT,
    data=[_("Kundennummer"), _("Benutzerkonto"), _("Zeitpunkt der Registrierung")],
    recipients=[_("Sie selbst")],
    model="portal.OnlineAccess",
    retention=UntilEvent(event=_("bis Sie die Löschung des Online-Zugangs verlangen")),
    subject=BY_CUSTOMER_NUMBER,
    kept_on_erasure=[ONLINE_ACCESS_STAYS],
    audience=Audience.PUBLIC,
)

activity(
    key="portal.pending_registrations",
    title=_("Online-Kundencenter: Registrierung"),
    purpose=_("Abgleich Ihrer Registrierungsangaben mit unseren Kundendaten"),
    legal_basis=CONTRACT,
    data=[
        _("Kundennummer"),
        _("Name"),
        _("Wohnort"),
        _("E-Mail-Adresse"),
        _("Passwort-Hash"),
    ],
    recipients=[_("niemand; nur maschinell abgeglichen")],
    model="portal.PendingRegistration",
    retention=MaxAge(field="created_at", days=PENDING_REGISTRATION_DAYS),
    subject=Lookup(email="email", customer_number="customer_number"),
    export_exclude=["password_hash"],
    audience=Audience.PUBLIC,
)

activity(
    key="portal.access_log",
    title=_("Zugriffsprotokoll des Online-Kundencenters"),
    purpose=_(
        "Sicherheit des Online-Kundencenters: Nachvollziehbarkeit von Anmeldungen, "
        "Abmeldungen, fehlgeschlagenen Anmeldungen und Datenabrufen"
    ),
    legal_basis="Art. 6 Abs. 1 lit. f DSGVO, Art. 32 DSGVO",
    data=[_("Kunde"), _("Zeitpunkt"), _("IP-Adresse"), _("Aktion")],
    recipients=[_("die IT-Sicherheit der Stadtwerke"), _("Sie selbst (Ihre letzten Zugriffe)")],
    model="portal.AccessLogEntry",
    retention=MaxAge(field="at", days=ACCESS_LOG_DAYS),
    subject=BY_CUSTOMER_NUMBER,
    audience=Audience.PUBLIC,
)

activity(
    key="portal.activation_letters",
    title=_("Online-Kundencenter: Aktivierung per Brief"),
    purpose=_(
        "Versand eines Aktivierungscodes per Post an Ihre Anschrift aus unseren Kundendaten; "
        "Begrenzung der Briefanforderungen wegen der Portokosten"
    ),
    legal_basis=CONTRACT,
    data=[
        _("Kundennummer"),
        _("Zeitpunkt der Anforderung"),
        _("Prüfwert des Aktivierungscodes"),
        _("Zeitpunkt der Verwendung"),
    ],
    recipients=[_("die Poststelle der Stadtwerke (gedruckter Brief)")],
    model="portal.ActivationLetter",
    retention=MaxAge(field="requested_at", days=ACTIVATION_LETTER_DAYS),
    subject=BY_CUSTOMER_NUMBER,
    export_exclude=["code_hash"],
    audience=Audience.PUBLIC,
)

activity(
    key="portal.activation_letter_batches",
    title=_("Druckstapel der Aktivierungsbriefe"),
    purpose=_("Nachweis, wann und von wem Aktivierungsbriefe gedruckt wurden"),
    legal_basis="Art. 6 Abs. 1 lit. f DSGVO",
    data=[_("Beschäftigte, die gedruckt haben"), _("Zeitpunkt des Drucks")],
    recipients=[_("die Verwaltung des Kundencenters")],
    model="portal.ActivationLetterBatch",
    retention=MaxAge(field="printed_at", days=ACTIVATION_LETTER_DAYS),
    unsearchable=_("nennt nur, wer gedruckt hat; die Briefe selbst werden gefunden"),
    audience=Audience.STAFF,
)

#: The billing system has its own copy once a request is transferred; ours stays only
#: so the customer can see what they sent and that it arrived.
TRANSFERRED_REQUEST_RETENTION = AfterCompletion(
    field="transferred_at", days=settings.PORTAL_TRANSFERRED_REQUEST_RETENTION_DAYS, holds=False
)

activity(
    key="portal.customer_requests",
    title=_("Online-Kundencenter: Aufträge"),
    purpose=_(
        "Entgegennahme Ihrer Aufträge (Zählerstand, Abschlag, Bankverbindung und "
        "SEPA-Lastschriftmandat, Umzug, Kontaktdaten) und Weitergabe an unser "
        "Abrechnungssystem"
    ),
    legal_basis=CONTRACT,
    data=[
        _("Kundennummer"),
        _("Vertrags- und Zählernummer"),
        _("Zählerstand und Ablesedatum"),
        _("Abschlagsbetrag"),
        _("Kontoinhaber und IBAN"),
        _("Version und Zeitpunkt des erteilten SEPA-Lastschriftmandats"),
        _("Auszugsdatum und neue Anschrift"),
        _("Telefonnummer, E-Mail- und Postanschrift für Schreiben"),
    ],
    recipients=[_("das Abrechnungssystem der Stadtwerke"), _("Sie selbst")],
    model="portal.CustomerRequest",
    retention=TRANSFERRED_REQUEST_RETENTION,
    subject=BY_CUSTOMER_NUMBER,
    kept_on_erasure=[
        Kept(
            reason=_(
                "Aufträge, die noch nicht an das Abrechnungssystem übergeben sind: "
                "sie werden noch ausgeführt"
            ),
            records=lambda requests: requests.filter(transferred_at=None),
        )
    ],
    export_exclude=["claim_token"],
    audience=Audience.PUBLIC,
)

activity(
    key="portal.meter_photos",
    title=_("Online-Kundencenter: Fotos von Zählern"),
    purpose=_("Nachweis eines ungewöhnlichen Zählerstands, den Sie gemeldet haben"),
    legal_basis=CONTRACT,
    data=[_("Foto des Zählers")],
    recipients=[_("das Abrechnungssystem der Stadtwerke"), _("Sie selbst")],
    model="portal.RequestPhoto",
    # A photo goes with its request: the same rule, read through the request.
    retention=AfterCompletion(
        field="request__transferred_at",
        days=settings.PORTAL_TRANSFERRED_REQUEST_RETENTION_DAYS,
        holds=False,
    ),
    subject=Lookup(customer_number="request__customer__customer_number"),
    # The picture itself is shown to you in the customer centre, not put into the export.
    export_exclude=["image"],
    audience=Audience.PUBLIC,
)

not_personal(
    model="portal.Tariff",
    fields=["title"],
    reason=_("Bezeichnung eines Tarifs"),
)

subject_source(
    key="portal.customers",
    identifiers="portal.selectors.customer_identifiers",
    postal_address="portal.selectors.customer_postal_address",
)
