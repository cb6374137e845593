"""Demo versions of the privacy policy (the utility's text of November 2012 as it was
published then, and a current version generated from the registry) and the login of
the data-protection officer's desk."""

from datetime import UTC, date, datetime

from django.contrib.auth.models import Group, Permission, User

from privacy.models import PolicyVersion
from privacy.policy import Controller
from privacy.services import policy_version_publish, policy_version_record

VERSION_2012 = "1.3"
VERSION_2012_VALID_FROM = date(2012, 11, 1)
CURRENT_VERSION = "2.0"
CURRENT_VERSION_VALID_FROM = date(2025, 3, 1)

#: The password of every demo login (the other apps' demos use the same one).
DEMO_PASSWORD = "stadtwerk-demo"
#: The group the website's demo puts the officer in, and the contact services' demo her
#: deputy: both work the desk.
DPO_GROUP = "Datenschutz"
DPO_USERNAME = "datenschutz"
DPO_PERMISSIONS = [
    ("privacy", "handle_subject_requests"),
    ("privacy", "view_processing_record"),
    ("wagtailadmin", "access_admin"),
]

# The text of version 1.3 from "Grundsätzliches" on, as published in November 2012. Its
# bold technical terms carry the Wikipedia links the text promises; the lone
# "weitergegeben werden." is in the original, too, and a frozen version keeps it.
POLICY_2012_HTML = """\
<h2>Grundsätzliches</h2>
<p>Mit dieser Datenschutzerklärung möchten wir Sie darüber informieren, welche Ihrer Daten \
beim Besuch unseres Internet-Auftritts verarbeitet werden und wozu wir sie gebrauchen. Sofern \
wir Fachbegriffe für erklärungsbedürftig halten, stellen wir Ihnen einen Link zum \
Online-Lexikon Wikipedia zur Verfügung.</p>
<p>Zum Schutz dieser Daten ergreifen wir nach dem Stand der Technik wirksame \
Sicherheitsmaßnahmen, um die Vertraulichkeit sicherzustellen. Unsere Mitarbeiterinnen und \
Mitarbeiter sind ausdrücklich auf den vertraulichen Umgang mit personenbezogenen Daten \
verpflichtet.</p>
<p>Verantwortliche Stelle im Sinne des Bundesdatenschutzgesetzes ist die Stadtwerke Bochum \
GmbH.</p>
<p>Sie können sich jederzeit um Auskunft und Informationen an unsere \
Datenschutzbeauftragte Frau Harder wenden. Nutzen Sie hierzu zum Beispiel \
<a href="/kontakt-hilfe/datenschutzbeauftragte/">dieses Kontaktformular</a>.</p>
<p>Version dieser Datenschutzerklärung: 1.3, gültig seit November 2012</p>
<p>Frühere Versionen dieser Datenschutzerklärung \
<a href="/kontakt-hilfe/datenschutz/versionen/">finden Sie hier</a>.</p>

<h2>Nutzung der Website</h2>
<p>Bei dem Zugriff auf unsere Webseiten werden die \
<a href="https://de.wikipedia.org/wiki/IP-Adresse"><strong>IP-Adresse</strong></a> des \
zugreifenden Systems, die aufrufende Seite, die aufgerufene Seite, Datum, Uhrzeit, \
übertragene Datenmenge, Statusdaten (Fehlercode) sowie \
<a href="https://de.wikipedia.org/wiki/Webbrowser"><strong>Browser</strong></a> und \
Betriebssystem des aufrufenden Systems in Protokolldateien auf unseren Systemen gespeichert. \
Diese Daten werden von uns jedoch ausschließlich zur Betriebsüberwachung und der Erstellung \
von anonymen Zugriffsstatistiken genutzt und nach spätestens 90 Tagen gelöscht. Eine \
personenbezogene Auswertung dieser Daten z.B. zur Erstellung von Nutzungsprofilen erfolgt \
nicht.</p>
<p>Auf einigen Seiten unseres Webangebots setzen wir \
<a href="https://de.wikipedia.org/wiki/HTTP-Cookie"><strong>Cookies</strong></a> ein, um \
Ihnen unsere Leistungen individueller zur Verfügung stellen zu können. Sie können Ihren \
Browser so einstellen, dass er Sie über die Verwendung von Cookies informiert oder deren \
Ablage nicht zulässt. Unsere Seiten sind auch dann für Sie nutzbar, bieten jedoch unter \
Umständen weniger Komfort.</p>
<p>Zur Verbesserung unserer Angebote und zur zielgerichteten Informationsvermittlung setzen \
wir ein Produkt der Firma Econda GmbH / www.econda.de zur Nutzungsanalyse ein. Sofern Ihre \
Sicherheitseinstellungen dies zulassen, werden wir während Ihres Besuchs unserer Webseiten \
in anonymisierter Form durch einen Pixelaufwurf / Setzen von Cookies o.ä. aufzeichnen, \
welche Seiten in welcher Reihenfolge besucht wurden. Sie können dieser Aufzeichnung \
jederzeit mit Wirkung für die Zukunft widersprechen, indem Sie diesen Link aufrufen \
<a href="http://www.econda.de/index.php?id=491">http://www.econda.de/index.php?id=491</a></p>

<h2>Verlinkung von Fremdangeboten</h2>
<p>Wir bieten Ihnen auf unseren Webseiten auch nützliche Dienste an, die von anderen \
Anbietern („Dritten“) bereitgestellt werden (Staumelder o.ä.). Sofern bei deren Nutzung \
Daten über Sie („personenbezogene Daten“) erhoben verarbeitet oder genutzt werden, geschieht \
dies nur, sofern Sie Daten selbst eingeben (z. B. in Formularen). Ansprechpartner hierfür \
(„verantwortliche Stelle“) ist der jeweilige Anbieter. Für die Verwendung und Bearbeitung \
Ihrer Daten gilt die Datenschutzerklärung des jeweiligen Anbieters. Sie können derartige \
Angebote an der Markierung „[Link]“, „[extern]“ / „powered by“ erkennen.</p>

<h2>Im Einzelnen werden Ihnen auf unseren Seiten folgende Dienste von Dritten \
angeboten</h2>

<h3>Allgemeines Kontaktformular</h3>
<p>Um per E-Mail mit uns Kontakt aufzunehmen, können Sie das \
<a href="/kontakt-hilfe/kontaktformular/">Kontaktformular</a> verwenden. Wir benötigen zur \
Bearbeitung Ihres Wunsches mindestens Ihren Namen samt Anrede, eine gültige E-Mailadresse \
und natürlich die Angabe, weswegen Sie uns kontaktieren. Die Übertragung der durch Sie \
eingegebenen Daten erfolgt über eine gesicherte SSL-Verbindung.</p>
<p>Die uns übermittelten Angaben werden an die für Ihr Anliegen zuständige Stelle \
weitergeleitet und ausschließlich dazu verwendet, um Ihren jeweiligen Wunsch zu bearbeiten. \
Ihre Daten werden sodann gelöscht, sofern nicht aus Gründen der Nachweisbarkeit, der \
Kundenbetreuung oder gesetzlicher Aufbewahrungsfristen eine Aufbewahrung geboten ist.</p>

<h3>Rückrufservice</h3>
<p>Wir bieten Ihnen an, sich von uns zurückrufen zu lassen, wenn Sie Fragen oder Wünsche \
telefonisch klären möchten. Den Rückrufwunsch können Sie über das \
<a href="/kontakt-hilfe/rueckrufservice/">Formular</a> mitteilen. Wir benötigen dann \
mindestens Ihren Namen, Ihre Telefonnummer und eine Wunschzeit. Die Übertragung der durch \
Sie eingegebenen Daten erfolgt über eine gesicherte SSL-Verbindung.</p>
<p>Die uns übermittelten Angaben werden an unser Beratungsteam des Kunden-Servicecenters \
weitergeleitet und ausschließlich dazu verwendet, um Sie einmalig anzurufen. Ihre Daten \
werden nach Abschluss des Vorgangs gelöscht.</p>

<h3>Kontaktformulare Datenschutzbeauftragte / Gleichbehandlungsbeauftragter</h3>
<p>Um per E-Mail mit unseren Beauftragten Kontakt aufzunehmen, können Sie die \
Kontaktformulare <a href="/kontakt-hilfe/datenschutzbeauftragte/">Datenschutzbeauftragte</a> \
und <a href="/kontakt-hilfe/gleichbehandlungsbeauftragter/">Gleichbehandlungsbeauftragter</a> \
verwenden. Wir benötigen zur Bearbeitung Ihres Wunsches mindestens Ihren Namen samt Anrede, \
eine gültige E-Mailadresse und natürlich das Anliegen, weswegen Sie den jeweiligen \
Beauftragten kontaktieren. Die Übertragung der durch Sie eingegebenen Daten erfolgt über \
eine gesicherte SSL-Verbindung.</p>
<p>Die übermittelten Angaben werden an den jeweiligen Beauftragten weitergeleitet und \
ausschließlich dazu verwendet, um Ihr jeweiliges Anliegen zu bearbeiten. Die auf diesem Wege \
übermittelten Daten werden gelöscht, sobald Ihr Anliegen abschließend bearbeitet ist und \
sofern nicht aus Gründen der Nachweisbarkeit, der Kundenbetreuung oder gesetzlicher \
Aufbewahrungsfristen eine Aufbewahrung geboten ist.</p>

<h3>Online-Kundencenter</h3>
<p>Unsere Kunden bieten wir die Möglichkeit, per Internet im Online-Kundencenter \
Vertragsinformationen abzurufen und bestimmte Geschäftsvorgänge zu initiieren. Um \
sicherzustellen, dass jeder Kunde nur auf seine eigenen Daten zugreifen kann und um die \
Übertragung der Daten sicher zu gestalten, ist für diese Funktionen das abgesicherte \
Kundenportal zu nutzen. Die Übertragung der Daten erfolgt über eine gesicherte \
SSL-Verbindung.</p>
<p>Vor der ersten Nutzung müssen Sie sich einmalig neu registrieren. Dazu müssen Sie \
mindestens Ihre Kundennummer, Ihren Namen, Ihren Wohnort und eine gültige E-Mail-Adresse \
mitteilen. Außerdem müssen Sie ein Passwort wählen. Daraufhin erhalten Sie per Post oder \
E-Mail einen <strong>Aktivierungslink</strong>.</p>
<p>weitergegeben werden.</p>
<p>Im Kundenportal sind nur solche personenbezogenen Informationen hinterlegt, die mit dem \
Abschluss und der Abwicklung der mit Ihnen geschlossenen Versorgungsverträge bekannt sind \
und direkt mit deren Erfüllung in Zusammenhang stehen.</p>
<p>Die Nutzung des Kundenportals durch Sie protokollieren wir auf unseren Zugangssystemen, \
so dass uns über einen Zeitraum von 90 Tagen ein Nachweis über erfolgte Zugriffe möglich \
ist. Dies dient der Sicherheit des Systems und Ihrer Daten. Nach diesem Zeitraum werden \
diese Protokolleinträge automatisch gelöscht.</p>
<p>Wenn Sie die Bereitstellung dieses Dienstes für Ihre Verträge nicht mehr wünschen, können \
Sie über unser <a href="/kontakt-hilfe/kontaktformular/">Kontaktformular</a> die Löschung \
Ihres Online-Zugangs veranlassen. Die Kommunikation mit uns zu Ihren Verträgen kann danach \
nur noch postalisch, telefonisch, per E-Mail oder persönlich erfolgen.</p>

<h3>Kostenloser SMS-Service</h3>
<p>Im Online-Kundencenter haben Sie die Möglichkeit 5 Free-SMS (kostenfrei) pro Tag zu \
verschicken. Hierzu müssen Sie sich im Online-Kundencenter anmelden. Dort können Sie dann \
den Link „Kostenlose SMS“ aufrufen und die Handy-Nummer des Empfängers und den Text \
eingeben.</p>
<p>Der SMS-Versand erfolgt über eine gesicherte Verbindung an einen Dienstleister der \
Stadtwerke Bochum, die Fastcom GmbH &amp; Co. KG, Hardenbergstraße 12, 10623 Berlin. Hierbei \
werden lediglich die Empfänger-Telefonnummer sowie der Text übermittelt. Die Übertragung der \
Daten erfolgt über eine gesicherte SSL-Verbindung. Die Fastcom GmbH &amp; Co. KG übermittelt \
die Daten weiter an die entsprechenden Provider, die ihrerseits die Zustellung an den \
Empfänger vornehmen.</p>
<p>Zur Vermeidung von Missbrauch dieses Services speichern wir Ihre Kundennummer, den \
Zeitpunkt des SMS-Versands und die IP-Adresse und löschen diese nach 90 Tagen vollständig. \
Diese können im Falle einer Strafanzeige z.B. wegen Beleidigung an die Behörden \
weitergegeben werden.</p>
"""

CURRENT_INTRO_HTML = (
    "<p>Mit dieser Datenschutzerklärung informieren wir Sie darüber, welche Ihrer Daten beim "
    "Besuch unseres Internet-Auftritts und bei der Nutzung unserer Dienste verarbeitet werden, "
    "wozu wir sie gebrauchen, wie lange wir sie speichern und welche Rechte Sie haben. Sofern "
    "wir Fachbegriffe für erklärungsbedürftig halten, verlinken wir sie mit dem Online-Lexikon "
    "Wikipedia.</p>"
)
CURRENT_CLOSING_HTML = (
    "<p>Wir passen diese Datenschutzerklärung an, wenn sich unsere Dienste oder die Rechtslage "
    "ändern. Jede Fassung bleibt unverändert abrufbar: "
    '<a href="/kontakt-hilfe/datenschutz/versionen/">frühere Versionen dieser '
    "Datenschutzerklärung</a>.</p>"
)


def policy_demo_versions_ensure(
    *,
    controller: Controller,
    intro_html: str = CURRENT_INTRO_HTML,
    closing_html: str = CURRENT_CLOSING_HTML,
) -> None:
    """Version 1.3 of 2012 and a current version; a version already there stays as it is."""
    if not PolicyVersion.objects.filter(number=VERSION_2012).exists():
        policy_version_record(
            number=VERSION_2012,
            valid_from=VERSION_2012_VALID_FROM,
            published_at=datetime(2012, 10, 31, 12, 0, tzinfo=UTC),
            content_de=POLICY_2012_HTML,
        )
    if not PolicyVersion.objects.filter(number=CURRENT_VERSION).exists():
        policy_version_publish(
            number=CURRENT_VERSION,
            valid_from=CURRENT_VERSION_VALID_FROM,
            intro_html=intro_html,
            closing_html=closing_html,
            controller=controller,
        )


def dpo_staff_ensure() -> User:
    """The group of the data-protection officer with what the desk needs, and the
    officer's demo login in it; loading twice changes nothing."""
    group, _created = Group.objects.get_or_create(name=DPO_GROUP)
    group.permissions.add(
        *(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in DPO_PERMISSIONS
        )
    )
    user, created = User.objects.get_or_create(
        username=DPO_USERNAME,
        defaults={
            "email": "datenschutz@stadtwerke.example",
            "first_name": "Petra",
            "last_name": "Harder",
            "is_staff": True,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    elif not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(group)
    return user


def subject_requests_demo_load() -> None:
    """Two letters on the officer's desk, one of them past its deadline; once only."""
    from datetime import timedelta

    from django.utils import timezone

    from privacy.models import SubjectRequest
    from privacy.subject_requests import request_receive

    if SubjectRequest.objects.exists():
        return
    officer = dpo_staff_ensure()
    now = timezone.now()
    request_receive(
        kind=SubjectRequest.Kind.ACCESS,
        channel=SubjectRequest.Channel.LETTER,
        name="Jürgen Weiß",
        customer_number="1000002",
        description="Bitte um Auskunft über alle zu mir gespeicherten Daten (Brief vom Montag).",
        actor=officer,
        received_at=now - timedelta(days=12),
    )
    request_receive(
        kind=SubjectRequest.Kind.ERASURE,
        channel=SubjectRequest.Channel.LETTER,
        name="Erika Müller",
        customer_number="1000001",
        description="Löschung meiner Daten, soweit zulässig.",
        actor=officer,
        received_at=now - timedelta(days=40),
    )
