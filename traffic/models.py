"""Anonymous aggregates of the access logs and of usage analytics, and the little
state their making needs. Nothing here identifies a visitor, except the raw analytics
events, which live one day under a key that cannot be linked to a person."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LogFile(models.Model):
    """How far a log file has been counted, so no line is ever counted twice.

    A file is known by a fingerprint of its first line (with the address masked, so
    shortening the addresses later keeps the fingerprint), not by its name, which
    log rotation changes.
    """

    fingerprint = models.CharField(max_length=64, unique=True)
    name = models.CharField(_("Dateiname"), max_length=255)
    lines_done = models.BigIntegerField(_("gezählte Zeilen"), default=0)
    updated_at = models.DateTimeField(_("zuletzt gezählt"), auto_now=True)

    class Meta:
        verbose_name = _("gezählte Protokolldatei")
        verbose_name_plural = _("gezählte Protokolldateien")

    def __str__(self) -> str:
        return self.name


class Dimension(models.TextChoices):
    TOTAL = "total", _("Insgesamt")
    PAGE = "page", _("Seite")
    STATUS = "status", _("Statuscode")
    BROWSER = "browser", _("Browser")
    OS = "os", _("Betriebssystem")
    DEVICE = "device", _("Gerätetyp")
    REFERRER = "referrer", _("Verweisende Domain")


class DailyCount(models.Model):
    """Requests of one day that share one value of one dimension (a page, a status
    code, a browser, ...), bots and people apart."""

    day = models.DateField(_("Tag"))
    dimension = models.CharField(_("Merkmal"), max_length=10, choices=Dimension.choices)
    value = models.CharField(_("Wert"), max_length=255)
    bot = models.BooleanField(_("Bot"), default=False)
    hits = models.BigIntegerField(_("Zugriffe"), default=0)
    views = models.BigIntegerField(_("Seitenaufrufe"), default=0)
    bytes = models.BigIntegerField(_("Bytes"), default=0)

    class Meta:
        verbose_name = _("Tageszählung")
        verbose_name_plural = _("Tageszählungen")
        # One index serves both the dashboard (a dimension over a range of days) and
        # ingestion's upsert; a second one would cost every ingested row a write.
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "day", "value", "bot"], name="traffic_daily_count_unique"
            )
        ]
        permissions = [("view_statistics", _("Zugriffsstatistik einsehen"))]

    def __str__(self) -> str:
        return f"{self.day} {self.dimension} {self.value}"


class DailySalt(models.Model):
    """The secret of one day's visit keys; deleted when the day is over, after which
    no key of that day can be recomputed from an address."""

    day = models.DateField(unique=True)
    secret = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("Tagesschlüssel der Nutzungsanalyse")
        verbose_name_plural = _("Tagesschlüssel der Nutzungsanalyse")

    def __str__(self) -> str:
        return str(self.day)


class PageEvent(models.Model):
    """One page view of a visit, kept for a day until it is counted as a transition."""

    visit = models.CharField(_("Besuchskennung"), max_length=32)
    path = models.CharField(_("Seite"), max_length=255)
    at = models.DateTimeField(_("Zeitpunkt"), db_index=True)

    class Meta:
        verbose_name = _("Seitenaufruf der Nutzungsanalyse")
        verbose_name_plural = _("Seitenaufrufe der Nutzungsanalyse")
        indexes = [models.Index(fields=["visit", "at"])]

    def __str__(self) -> str:
        return self.path


class Transition(models.Model):
    """How often visitors went from one page to another on a day. An empty
    `from_path` is the first page of a visit, an empty `to_path` the last."""

    day = models.DateField(_("Tag"))
    from_path = models.CharField(_("von Seite"), max_length=255, blank=True)
    to_path = models.CharField(_("zu Seite"), max_length=255, blank=True)
    count = models.BigIntegerField(_("Anzahl"), default=0)

    class Meta:
        verbose_name = _("Seitenübergang")
        verbose_name_plural = _("Seitenübergänge")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "from_path", "to_path"], name="traffic_transition_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_path} → {self.to_path}"
