"""What the access logs and the usage analytics keep, and for how long.

Raw access-log files hold addresses and user agents: they go after at most 90 days
(TRAFFIC_ACCESS_LOG_DAYS may only lower that). The statistics made from them are
anonymous aggregates. Usage analytics keeps raw events under a daily visit key for one
day; the secret of that key is deleted after its day.
"""

from django.utils.translation import gettext_lazy as _

from privacy.registry import activity, not_personal
from privacy.rules import FilesOlderThan, MaxAge
from traffic import conf

LEGITIMATE_INTEREST = "Art. 6 Abs. 1 lit. f DSGVO"

activity(
    key="traffic.access_logs",
    title=_("Zugriffsprotokolle der Website"),
    purpose=_(
        "Betrieb und Sicherheit der Website (Fehlersuche, Abwehr von Angriffen) und "
        "daraus erstellte anonyme Statistiken"
    ),
    legal_basis=LEGITIMATE_INTEREST,
    data=[
        _("IP-Adresse"),
        _("verweisende Seite"),
        _("aufgerufene Seite"),
        _("Datum und Uhrzeit"),
        _("übertragene Datenmenge"),
        _("Statuscode"),
        _("Browser und Betriebssystem"),
    ],
    recipients=[_("der Betrieb der Website"), _("anonyme Statistik")],
    directory=conf.access_log_dir,
    retention=FilesOlderThan(
        days=min(conf.access_log_days(), conf.MAX_ACCESS_LOG_DAYS),
        pattern=conf.access_log_pattern(),
    ),
)

activity(
    key="traffic.analytics_events",
    title=_("Nutzungsanalyse (Reihenfolge der aufgerufenen Seiten)"),
    purpose=_(
        "Anonyme Auswertung, in welcher Reihenfolge Seiten besucht werden, um die Website "
        "verständlicher zu machen; ohne Cookies, Widerspruch jederzeit möglich"
    ),
    legal_basis=LEGITIMATE_INTEREST,
    data=[
        _("Besuchskennung (täglich wechselnder Schlüssel aus IP-Adresse und Browserkennung)"),
        _("aufgerufene Seiten in ihrer Reihenfolge"),
        _("Zeitpunkt"),
    ],
    recipients=[_("anonyme Statistik")],
    model="traffic.PageEvent",
    retention=MaxAge(field="at", days=1),
    objection="traffic.views.analytics_objection_box",
    # Art. 11 GDPR: we do not keep what would tie a visit key to a person.
    unsearchable=_(
        "anonym: der täglich wechselnde Besuchsschlüssel lässt sich keiner Person zuordnen"
    ),
)

not_personal(
    model="traffic.DailyCount",
    fields=["value"],
    reason=_("anonyme Tageszählung je Seite, Statuscode, Browserfamilie oder Domain"),
)
not_personal(
    model="traffic.Transition",
    fields=["from_path", "to_path"],
    reason=_("anonyme Zählung der Übergänge zwischen Seiten"),
)
not_personal(
    model="traffic.LogFile",
    fields=["name"],
    reason=_("Name einer gezählten Protokolldatei"),
)
not_personal(
    model="traffic.DailySalt",
    fields=["secret"],
    reason=_("Zufallswert des Tages, ohne Bezug zu einer Person; nach dem Tag gelöscht"),
)
