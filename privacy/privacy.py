"""Processing activities of the libraries we build on, and our processors.

Their models hold personal data too: sessions, staff and customer accounts, allauth's
e-mail addresses and authenticators, Wagtail's revisions and logs, the task queue. They
are declared here so the coverage check has no blind spot. Activities for apps that
are not installed are skipped, so the list always matches what runs.

Activities that concern only staff (editorial logs, the task queue) are marked
``Audience.STAFF``: they stay in the record of processing activities, while the public
privacy policy explains what happens to visitors' and customers' data.
"""

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy.registry import Audience, Kept, Lookup, activity, not_personal, processor
from privacy.rules import AfterCompletion, MaxAge, UntilEvent

STAFF_ONLY = [_("Betrieb und Redaktion der Stadtwerke")]
#: Work records of staff: a request from a staff member goes through the personnel
#: office's own procedure, and deleting pages or revisions through the customer
#: workflow would destroy the website's history.
STAFF_WORK = _(
    "Arbeitsdaten von Beschäftigten; ihre Anträge bearbeitet die Personalabteilung, "
    "die Daten gehen mit dem Benutzerkonto"
)
ONLINE_ACCESS_STAYS = Kept(
    reason=_("Ihr Online-Zugang bleibt bestehen, bis Sie auch seine Löschung verlangen"),
    until_online_access_removed=True,
)
ART_6_1_F = "Art. 6 Abs. 1 lit. f DSGVO"

activity(
    key="django.sessions",
    title=_("Sitzungen"),
    purpose=_("Anmeldung und Formularschutz während eines Besuchs"),
    legal_basis="Art. 6 Abs. 1 lit. b und f DSGVO",
    data=[_("Sitzungskennung"), _("Anmeldestatus")],
    recipients=[_("niemand; nur technisch verwendet")],
    model="sessions.Session",
    retention=MaxAge(field="expire_date", days=0),
    unsearchable=_(
        "eine Sitzung trägt nur eine zufällige Kennung; sie endet mit ihrem Ablauf oder "
        "mit dem Benutzerkonto"
    ),
)

activity(
    key="django.accounts",
    title=_("Benutzerkonten"),
    purpose=_("Anmeldung von Beschäftigten und Kunden"),
    legal_basis="Art. 6 Abs. 1 lit. b DSGVO",
    data=[_("Benutzername"), _("Name"), _("E-Mail-Adresse"), _("Passwort-Hash")],
    recipients=[_("die kontoinhabende Person"), *STAFF_ONLY],
    model="auth.User",
    retention=UntilEvent(event=_("bis zur Löschung des Kontos")),
    subject=Lookup(email="email"),
    kept_on_erasure=[
        ONLINE_ACCESS_STAYS,
        # A customer's request never removes a staff login that shares the address.
        Kept(
            reason=STAFF_WORK,
            records=lambda users: users.filter(Q(is_staff=True) | Q(is_superuser=True)),
        ),
    ],
)

activity(
    key="allauth.email_addresses",
    title=_("E-Mail-Adressen von Konten"),
    purpose=_("Bestätigung der E-Mail-Adresse und Anmeldung"),
    legal_basis="Art. 6 Abs. 1 lit. b DSGVO",
    data=[_("E-Mail-Adresse"), _("Bestätigungsstatus")],
    recipients=[_("die kontoinhabende Person")],
    model="account.EmailAddress",
    retention=UntilEvent(event=_("bis zur Löschung des Kontos")),
    subject=Lookup(email="email"),
    kept_on_erasure=[ONLINE_ACCESS_STAYS],
)

activity(
    key="allauth.authenticators",
    title=_("Zweite Anmeldefaktoren"),
    purpose=_("Schutz des Kontos durch einen zweiten Faktor"),
    legal_basis="Art. 6 Abs. 1 lit. b und f DSGVO, Art. 32 DSGVO",
    data=[_("Art des Faktors"), _("Zeitpunkt der letzten Verwendung")],
    recipients=[_("die kontoinhabende Person")],
    model="mfa.Authenticator",
    retention=UntilEvent(event=_("bis zur Löschung des Faktors oder des Kontos")),
    subject=Lookup(email="user__email"),
    kept_on_erasure=[ONLINE_ACCESS_STAYS],
    export_exclude=["data"],
)

activity(
    key="wagtail.revisions",
    title=_("Versionen redaktioneller Inhalte"),
    purpose=_("Nachvollziehbarkeit von Änderungen an Seiten und Inhalten"),
    legal_basis=ART_6_1_F,
    data=[_("Inhalt der Version"), _("bearbeitende Person")],
    recipients=STAFF_ONLY,
    model="wagtailcore.Revision",
    retention=UntilEvent(event=_("bis zur Löschung des Inhalts")),
    unsearchable=STAFF_WORK,
    audience=Audience.STAFF,
)

activity(
    key="wagtail.audit_log",
    title=_("Protokoll der Redaktion"),
    purpose=_("Nachvollziehbarkeit, wer wann welche Seite geändert hat"),
    legal_basis=ART_6_1_F,
    data=[_("bearbeitende Person"), _("Aktion"), _("Zeitpunkt")],
    recipients=STAFF_ONLY,
    model="wagtailcore.PageLogEntry",
    retention=MaxAge(field="timestamp", days=365),
    unsearchable=STAFF_WORK,
    audience=Audience.STAFF,
)

activity(
    key="wagtail.model_audit_log",
    title=_("Protokoll der Verwaltung"),
    purpose=_("Nachvollziehbarkeit, wer wann welche Einstellung geändert hat"),
    legal_basis=ART_6_1_F,
    data=[_("bearbeitende Person"), _("Aktion"), _("Zeitpunkt")],
    recipients=STAFF_ONLY,
    model="wagtailcore.ModelLogEntry",
    retention=MaxAge(field="timestamp", days=365),
    unsearchable=STAFF_WORK,
    audience=Audience.STAFF,
)

activity(
    key="tasks.results",
    title=_("Warteschlange für Hintergrundaufgaben"),
    purpose=_("Versand von E-Mails und Briefen, Löschläufe und andere Hintergrundarbeit"),
    legal_basis=ART_6_1_F,
    data=[_("Kennungen der bearbeiteten Datensätze"), _("Ergebnis und Fehlermeldung")],
    recipients=STAFF_ONLY,
    model="django_tasks_database.DBTaskResult",
    retention=MaxAge(field="finished_at", days=7),
    unsearchable=_(
        "eine Aufgabe nennt meist nur die Kennung eines Datensatzes, der selbst gefunden "
        "wird; erledigte Aufgaben gehen nach 7 Tagen"
    ),
    audience=Audience.STAFF,
)

activity(
    key="privacy.holds",
    title=_("Aufbewahrungsgründe"),
    purpose=_("Nachweis, warum ein Datensatz über die Regelfrist hinaus aufbewahrt wird"),
    legal_basis="Art. 6 Abs. 1 lit. c DSGVO, Art. 5 Abs. 2 DSGVO",
    data=[_("Grund"), _("Vermerk"), _("setzende Person"), _("Frist")],
    recipients=STAFF_ONLY,
    model="privacy.RetentionHold",
    retention=MaxAge(field="until", days=365),
    unsearchable=_("nur ein Verweis auf einen Datensatz und der Grund, keine Angaben zur Person"),
    audience=Audience.STAFF,
)

#: A request's file proves how it was answered (Art. 5(2), 12 GDPR) for as long as
#: claims about the answer can be raised: three years (§ 195 BGB).
SUBJECT_REQUEST_DAYS = 3 * 365
#: Days an access package can be fetched; then it is deleted, fetched or not.
ACCESS_PACKAGE_DAYS = 14
REQUEST_FILE_STAYS = Kept(
    reason=_(
        "Nachweis, wie Ihr Antrag bearbeitet wurde (Art. 5 Abs. 2 DSGVO); Löschung drei "
        "Jahre nach Abschluss"
    )
)
BY_REQUEST = Lookup(
    email="request__email", customer_number="request__customer_number", phone="request__phone"
)

activity(
    key="privacy.subject_requests",
    title=_("Anträge auf Auskunft, Löschung, Berichtigung, Einschränkung und Widerspruch"),
    purpose=_(
        "Bearbeitung Ihres Antrags nach Art. 15 bis 21 DSGVO und Nachweis, dass und wie er "
        "beantwortet wurde"
    ),
    legal_basis="Art. 6 Abs. 1 lit. c DSGVO i. V. m. Art. 12 und Art. 5 Abs. 2 DSGVO",
    data=[
        _("Name"),
        _("E-Mail-Adresse"),
        _("freiwillig: Kundennummer und Telefonnummer"),
        _("Art und Beschreibung des Antrags"),
        _("Zeitpunkte der Bestätigung Ihrer Identität"),
        _("Anzahl gelöschter und aufbewahrter Datensätze je Verarbeitung"),
    ],
    recipients=[_("die Datenschutzbeauftragte und ihr Team")],
    model="privacy.SubjectRequest",
    retention=AfterCompletion(field="closed_at", days=SUBJECT_REQUEST_DAYS, holds=False),
    subject=Lookup(email="email", customer_number="customer_number", phone="phone"),
    export_exclude=["email_token_hash", "postal_code_hash"],
    kept_on_erasure=[REQUEST_FILE_STAYS],
)

activity(
    key="privacy.subject_request_steps",
    title=_("Bearbeitungsschritte von Anträgen"),
    purpose=_("Nachweis, wer wann welchen Schritt eines Antrags erledigt hat"),
    legal_basis="Art. 6 Abs. 1 lit. c DSGVO i. V. m. Art. 5 Abs. 2 DSGVO",
    data=[_("Schritt"), _("Zeitpunkt"), _("bearbeitende Person"), _("Anzahlen")],
    recipients=[_("die Datenschutzbeauftragte und ihr Team")],
    model="privacy.SubjectRequestStep",
    retention=UntilEvent(event=_("mit dem Antrag, zu dem der Schritt gehört")),
    subject=BY_REQUEST,
    kept_on_erasure=[REQUEST_FILE_STAYS],
)

activity(
    key="privacy.access_packages",
    title=_("Bereitgestellte Auskünfte"),
    purpose=_("Übermittlung der Kopie Ihrer Daten (Art. 15 Abs. 3 DSGVO)"),
    legal_basis="Art. 6 Abs. 1 lit. c DSGVO i. V. m. Art. 15 DSGVO",
    data=[_("Kopie Ihrer Daten als JSON- und PDF-Datei")],
    recipients=[_("Sie selbst über einen einmal gültigen Link"), _("die Datenschutzbeauftragte")],
    model="privacy.AccessPackage",
    retention=MaxAge(field="created_at", days=ACCESS_PACKAGE_DAYS),
    subject=BY_REQUEST,
    export_exclude=["token_hash", "archive", "pdf"],
)

if apps.is_installed("django.contrib.admin"):
    activity(
        key="django.admin_log",
        title=_("Protokoll der Django-Verwaltung"),
        purpose=_("Nachvollziehbarkeit von Änderungen in der Verwaltung"),
        legal_basis=ART_6_1_F,
        data=[_("bearbeitende Person"), _("Aktion"), _("Zeitpunkt")],
        recipients=STAFF_ONLY,
        model="admin.LogEntry",
        retention=MaxAge(field="action_time", days=365),
        unsearchable=STAFF_WORK,
        audience=Audience.STAFF,
    )

if apps.is_installed("wagtail.contrib.forms"):
    activity(
        key="wagtail.form_submissions",
        title=_("Einsendungen über Wagtail-Formulare"),
        purpose=_("Bearbeitung der Einsendung"),
        legal_basis="Art. 6 Abs. 1 lit. b DSGVO",
        data=[_("eingegebene Formulardaten")],
        recipients=STAFF_ONLY,
        model="wagtailforms.FormSubmission",
        retention=MaxAge(field="submit_time", days=30),
        unsearchable=_("die Site hat keine Wagtail-Formulare; Einsendungen gehen nach 30 Tagen"),
    )

activity(
    key="allauth.email_confirmations",
    title=_("Bestätigungen von E-Mail-Adressen"),
    purpose=_("Nachweis, dass eine E-Mail-Adresse der kontoinhabenden Person gehört"),
    legal_basis="Art. 6 Abs. 1 lit. b DSGVO",
    data=[_("E-Mail-Adresse"), _("Zeitpunkt des Versands")],
    recipients=[_("die kontoinhabende Person")],
    model="account.EmailConfirmation",
    retention=MaxAge(field="created", days=7),
    subject=Lookup(email="email_address__email"),
)

if apps.is_installed("allauth.usersessions"):
    # A customer's session ends after 30 idle minutes, a staff member's after 8 hours
    # at most; last_seen_at follows every request, so a day after it the session is
    # long over and its record only says where someone once logged in from.
    activity(
        key="allauth.user_sessions",
        title=_("Angemeldete Sitzungen"),
        purpose=_(
            "Übersicht, auf welchen Geräten Sie angemeldet sind, damit Sie eine fremde "
            "Sitzung erkennen und beenden können"
        ),
        legal_basis="Art. 6 Abs. 1 lit. b und f DSGVO, Art. 32 DSGVO",
        data=[
            _("IP-Adresse"),
            _("Browser und Betriebssystem"),
            _("Zeitpunkt der Anmeldung und der letzten Aktivität"),
        ],
        recipients=[_("die kontoinhabende Person")],
        model="usersessions.UserSession",
        retention=MaxAge(field="last_seen_at", days=1),
        subject=Lookup(email="user__email"),
        kept_on_erasure=[ONLINE_ACCESS_STAYS],
        export_exclude=["session_key", "data"],
    )

NAMES_OF_THINGS = _("Bezeichnung einer Sache, nicht einer Person")
for label, fields in [
    ("auth.Group", ["name"]),
    ("auth.Permission", ["name"]),
    ("taggit.Tag", ["name"]),
    ("wagtailcore.APIToken", ["name"]),
    ("wagtailcore.Collection", ["name"]),
    ("wagtailcore.Site", ["site_name"]),
    ("wagtailcore.Task", ["name"]),
    ("wagtailcore.Workflow", ["name"]),
]:
    not_personal(model=label, fields=fields, reason=NAMES_OF_THINGS)

# Wagtail links pages, files, comments and workflow steps to the staff member who
# made them. Those links go when the account goes (Wagtail clears or deletes them).
EDITORIAL_WORK = {
    "purpose": _("Redaktion und Verwaltung der Website"),
    "legal_basis": ART_6_1_F,
    "data": [_("bearbeitende Person"), _("Zeitpunkt")],
    "recipients": STAFF_ONLY,
    "audience": Audience.STAFF,
    "unsearchable": STAFF_WORK,
}
for label, key, title in [
    ("wagtailcore.Page", "pages", _("Seiten: Eigentümer und Sperre")),
    ("wagtailcore.Comment", "comments", _("Kommentare der Redaktion")),
    ("wagtailcore.CommentReply", "comment_replies", _("Antworten auf Kommentare")),
    ("wagtailcore.PageSubscription", "subscriptions", _("Benachrichtigungen")),
    ("wagtailcore.WorkflowState", "workflows", _("Freigabe-Workflows")),
    ("wagtailcore.TaskState", "workflow_tasks", _("Schritte der Freigabe")),
    ("wagtailimages.Image", "images", _("Bilder: hochladende Person")),
    ("wagtaildocs.Document", "documents", _("Dokumente: hochladende Person")),
    ("wagtailusers.UserProfile", "user_profiles", _("Einstellungen der Redaktion")),
    ("wagtailcore.APIToken", "api_tokens", _("API-Schlüssel")),
    ("wagtailcore.UploadedFile", "uploads", _("Zwischengespeicherte Uploads")),
]:
    activity(
        key=f"wagtail.{key}",
        title=title,
        model=label,
        retention=UntilEvent(event=_("bis zur Löschung des Inhalts oder des Benutzerkontos")),
        **EDITORIAL_WORK,
    )

activity(
    key="wagtail.editing_sessions",
    title=_("Hinweise auf gleichzeitige Bearbeitung"),
    model="wagtailadmin.EditingSession",
    retention=MaxAge(field="last_seen_at", days=1),
    **EDITORIAL_WORK,
)

activity(
    key="wagtail.form_states",
    title=_("Automatisch gesicherte Formulareingaben"),
    model="wagtailadmin.FormState",
    retention=MaxAge(field="last_updated_at", days=30),
    **EDITORIAL_WORK,
)

# Everything the site stores runs on servers a hosting provider operates for us.
processor(
    key="hosting",
    name=_("Rechenzentrumsdienstleister der Stadtwerke"),
    address=_("Rechenzentrum in Deutschland"),
    service=_("Betrieb der Server dieser Website und des Online-Kundencenters"),
)

if apps.is_installed("sms"):
    # The free SMS of the customer centre leave through this gateway (spec: "Kostenloser
    # SMS-Service"); it receives the recipient's number and the text, nothing else.
    processor(
        key="sms.gateway",
        name="Fastcom GmbH & Co. KG",
        address="Hardenbergstraße 12, 10623 Berlin",
        service=_("Zustellung der kostenlosen SMS aus dem Online-Kundencenter"),
    )
