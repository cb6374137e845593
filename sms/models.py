import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sms.encoding import GSM7, UCS2


class SmsMessage(models.Model):
    """One free SMS of a customer: what the customer's list shows, without number and text.

    A message accepted for sending holds one of the customer's quota slots of its day
    (1 to SMS_DAILY_QUOTA). The unique constraint on (customer, day, slot) is what
    keeps the quota under concurrency: a sixth insert finds every slot taken, in the
    database, however many requests arrive at once. A finally failed message gives its
    slot back (slot becomes empty).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("wird versendet")
        SENT = "sent", _("versendet")
        FAILED = "failed", _("fehlgeschlagen")

    class Encoding(models.TextChoices):
        GSM7 = GSM7, _("GSM-7")
        UCS2 = UCS2, _("Unicode (UCS-2)")

    customer = models.ForeignKey(
        "portal.Customer",
        on_delete=models.CASCADE,
        related_name="sms_messages",
        verbose_name=_("Kunde"),
    )
    day = models.DateField(_("Tag (Berliner Zeit)"))
    slot = models.PositiveSmallIntegerField(_("Kontingentplatz"), null=True, blank=True)
    parts = models.PositiveSmallIntegerField(_("SMS-Teile"))
    encoding = models.CharField(_("Zeichensatz"), max_length=4, choices=Encoding.choices)
    state = models.CharField(
        _("Status"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    #: Sent to the gateway with each attempt, so a retry after a lost answer is not
    #: delivered twice; random, so it tells the gateway nothing about the customer.
    idempotency_key = models.UUIDField(_("Idempotenzschlüssel"), default=uuid.uuid4, unique=True)
    #: Keyed hash of the recipient number: gives back the recipient's daily cap on
    #: failure after the number itself is deleted.
    recipient_digest = models.CharField(_("Prüfwert der Empfängernummer"), max_length=64)
    created_at = models.DateTimeField(_("angenommen am"))
    attempts = models.PositiveSmallIntegerField(_("Zustellversuche"), default=0)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), null=True, blank=True)
    finished_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    last_error = models.CharField(_("letzter Fehler"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("SMS")
        verbose_name_plural = _("SMS")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "day", "slot"],
                condition=Q(slot__isnull=False),
                name="sms_one_message_per_quota_slot",
            ),
            models.CheckConstraint(
                condition=Q(slot__isnull=True) | Q(slot__gte=1), name="sms_slot_from_one"
            ),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"SMS {self.pk} ({self.get_state_display()})"


class SmsContent(models.Model):
    """Recipient number and text, kept only until the gateway accepted or finally refused."""

    message = models.OneToOneField(
        SmsMessage,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="content",
        verbose_name=_("SMS"),
    )
    recipient = models.CharField(_("Empfängernummer"), max_length=20)
    text = models.TextField(_("Text"))

    class Meta:
        verbose_name = _("Inhalt einer SMS")
        verbose_name_plural = _("Inhalte von SMS")

    def __str__(self) -> str:
        return f"SMS {self.message_id}"


class SmsDailyCount(models.Model):
    """A counter of one calendar day: the global budget, one recipient's cap, refusals.

    Taking a place is one conditional UPDATE (used < limit), which the database
    serialises per row; there is no read-then-write window.
    """

    day = models.DateField(_("Tag (Berliner Zeit)"))
    key = models.CharField(_("Zähler"), max_length=80)
    used = models.PositiveIntegerField(_("Stand"), default=0)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("SMS-Tageszähler")
        verbose_name_plural = _("SMS-Tageszähler")
        constraints = [
            models.UniqueConstraint(fields=["day", "key"], name="sms_one_counter_per_day_and_key")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.key}: {self.used}"


class AbuseLogEntry(models.Model):
    """Customer number, time and IP address of a sent SMS, as the privacy policy says:
    nothing more, kept 90 days, handed to the authorities only upon a criminal complaint.

    The customer number is copied, not linked, so the entry stays its 90 days even if
    the customer's master data goes earlier."""

    customer_number = models.CharField(_("Kundennummer"), max_length=20, db_index=True)
    at = models.DateTimeField(_("Zeitpunkt"), db_index=True)
    ip_address = models.GenericIPAddressField(_("IP-Adresse"), null=True, blank=True)

    class Meta:
        verbose_name = _("Eintrag des SMS-Missbrauchsprotokolls")
        verbose_name_plural = _("SMS-Missbrauchsprotokoll")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.customer_number} {self.at:%Y-%m-%d %H:%M}"


class AbuseLogExport(models.Model):
    """The record of one hand-over of abuse-log entries to the authorities: who
    exported which customer's entries for which period, when and why."""

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        PDF = "pdf", _("PDF")

    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("exportiert von"),
    )
    #: Kept as text too, so the record still names the person after their account is gone.
    exported_by_name = models.CharField(_("Name der exportierenden Person"), max_length=150)
    exported_at = models.DateTimeField(_("exportiert am"))
    reason = models.CharField(_("Anlass (z. B. Aktenzeichen der Strafanzeige)"), max_length=300)
    customer_number = models.CharField(_("Kundennummer"), max_length=20)
    period_start = models.DateField(_("Zeitraum von"))
    period_end = models.DateField(_("Zeitraum bis"))
    entry_count = models.PositiveIntegerField(_("Anzahl der Einträge"))
    file_format = models.CharField(_("Format"), max_length=3, choices=Format.choices)
    #: HMAC seal over the exported entries, printed on the document, so a copy
    #: presented later can be checked against this record.
    seal = models.CharField(_("Siegel"), max_length=64)

    class Meta:
        verbose_name = _("Export des SMS-Missbrauchsprotokolls")
        verbose_name_plural = _("Exporte des SMS-Missbrauchsprotokolls")
        ordering = ["-exported_at"]
        # A data-subject request finds the hand-overs by customer number.
        indexes = [models.Index(fields=["customer_number"], name="sms_abuse_export_customer_no")]
        permissions = [
            ("export_abuse_log", _("SMS-Missbrauchsprotokoll für Behörden exportieren")),
        ]

    def __str__(self) -> str:
        return f"{self.customer_number} {self.exported_at:%Y-%m-%d}"
