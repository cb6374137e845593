import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """The public forms; the values are those of the website's form pages."""

    CONTACT = "contact", _("Kontaktformular")
    CALLBACK = "callback", _("Rückrufservice")
    PRIVACY_OFFICER = "privacy_officer", _("Datenschutzbeauftragte")
    EQUALITY_OFFICER = "equality_officer", _("Gleichbehandlungsbeauftragter")
    FEEDBACK = "feedback", _("Lob und Tadel")
    OUTAGE = "outage", _("Störungsmeldung")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Montag")
    TUESDAY = 1, _("Dienstag")
    WEDNESDAY = 2, _("Mittwoch")
    THURSDAY = 3, _("Donnerstag")
    FRIDAY = 4, _("Freitag")
    SATURDAY = 5, _("Samstag")
    SUNDAY = 6, _("Sonntag")


class Unit(models.Model):
    """A responsible unit (zuständige Stelle). Its staff are the members of its group."""

    name = models.CharField(_("Bezeichnung"), max_length=100, unique=True)
    slug = models.SlugField(_("Kürzel"), max_length=50, unique=True)
    group = models.ForeignKey(
        Group,
        verbose_name=_("Beschäftigte (Gruppe)"),
        on_delete=models.PROTECT,
        related_name="inquiry_units",
        help_text=_("Wer dieser Gruppe angehört, sieht den Posteingang der Stelle."),
    )
    notification_email = models.EmailField(
        _("Funktionspostfach für Benachrichtigungen"),
        blank=True,
        help_text=_("Erhält nur einen Hinweis mit Link, nie Angaben der anfragenden Person."),
    )
    confidential = models.BooleanField(
        _("vertraulich (Beauftragte)"),
        default=False,
        help_text=_(
            "Anliegen dieser Stelle sehen nur ihre Mitglieder; sie können nicht "
            "an andere Stellen weitergeleitet werden."
        ),
    )
    handles_callbacks = models.BooleanField(_("bearbeitet Rückrufe"), default=False)

    class Meta:
        verbose_name = _("zuständige Stelle")
        verbose_name_plural = _("zuständige Stellen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A choice of a form (topic, or the utility of an outage) and the unit it goes to."""

    kind = models.CharField(_("Formular"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("Bezeichnung"), max_length=100)
    unit = models.ForeignKey(
        Unit, verbose_name=_("zuständige Stelle"), on_delete=models.PROTECT, related_name="+"
    )
    sort_order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    active = models.BooleanField(_("im Formular angeboten"), default=True)

    class Meta:
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen und Zuständigkeiten")
        ordering = ["kind", "sort_order", "label"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "label"], name="inquiries_topic_unique_label")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"


class FormRoute(models.Model):
    """Where a form's inquiries go when no topic decides it."""

    kind = models.CharField(_("Formular"), max_length=20, choices=Kind.choices, unique=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("zuständige Stelle"), on_delete=models.PROTECT, related_name="+"
    )
    send_confirmation = models.BooleanField(
        _("Eingangsbestätigung per E-Mail anbieten"),
        default=False,
        help_text=_("Die Bestätigung nennt nur die Vorgangsnummer, nie das Anliegen."),
    )

    class Meta:
        verbose_name = _("Formular-Zuständigkeit")
        verbose_name_plural = _("Formular-Zuständigkeiten")
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.unit}"


REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"SW-{code[:4]}-{code[4:]}"


class Inquiry(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("neu")
        IN_PROGRESS = "in_progress", _("in Bearbeitung")
        DONE = "done", _("erledigt")

    class Salutation(models.TextChoices):
        MS = "ms", _("Frau")
        MR = "mr", _("Herr")
        NONE = "none", _("keine Angabe")

    class Feedback(models.TextChoices):
        PRAISE = "praise", _("Lob")
        CRITICISM = "criticism", _("Tadel")
        SUGGESTION = "suggestion", _("Anregung")

    reference = models.CharField(
        _("Vorgangsnummer"), max_length=16, unique=True, default=new_reference, editable=False
    )
    kind = models.CharField(_("Formular"), max_length=20, choices=Kind.choices)
    topic = models.ForeignKey(
        Topic, verbose_name=_("Thema"), null=True, blank=True, on_delete=models.SET_NULL
    )
    topic_label = models.CharField(_("Thema"), max_length=100, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("zuständige Stelle"),
        on_delete=models.PROTECT,
        related_name="inquiries",
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bearbeitet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    salutation = models.CharField(
        _("Anrede"), max_length=10, choices=Salutation.choices, blank=True
    )
    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), max_length=254, blank=True)
    phone = models.CharField(_("Telefonnummer"), max_length=32, blank=True)
    customer_number = models.CharField(_("Kundennummer"), max_length=20, blank=True)
    concern = models.TextField(_("Anliegen"), blank=True)
    feedback_type = models.CharField(
        _("Art der Rückmeldung"), max_length=20, choices=Feedback.choices, blank=True
    )
    location = models.CharField(_("Adresse oder Ort der Störung"), max_length=300, blank=True)
    preferred_date = models.DateField(_("Wunschtermin"), null=True, blank=True)
    preferred_from = models.TimeField(_("von"), null=True, blank=True)
    preferred_until = models.TimeField(_("bis"), null=True, blank=True)
    #: Start of the preferred window as a point in time, for ordering and retention.
    preferred_start = models.DateTimeField(_("Rückruf ab"), null=True, blank=True)

    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True)
    done_at = models.DateTimeField(_("erledigt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Anliegen")
        verbose_name_plural = _("Anliegen")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["unit", "status", "created_at"]),
            models.Index(fields=["kind", "done_at"]),
            models.Index(fields=["kind", "preferred_start"]),
            # A data-subject request finds a person's inquiries by these (privacy.subjects;
            # e-mail addresses case-insensitively).
            models.Index(Upper("email"), name="inquiries_inquiry_email_upper"),
            models.Index(fields=["customer_number"], name="inquiries_inquiry_customer_no"),
            models.Index(fields=["phone"], name="inquiries_inquiry_phone"),
        ]

    def __str__(self) -> str:
        return self.reference


class InquiryEvent(models.Model):
    """What staff did with an inquiry: status, assignment, forwarding, notes."""

    class Action(models.TextChoices):
        STATUS = "status", _("Status geändert")
        ASSIGNED = "assigned", _("zugewiesen")
        FORWARDED = "forwarded", _("weitergeleitet")
        NOTE = "note", _("interne Notiz")
        HOLD = "hold", _("Aufbewahrung angeordnet")

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("Aktion"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("Text"), blank=True)
    from_unit = models.ForeignKey(Unit, null=True, on_delete=models.SET_NULL, related_name="+")
    to_unit = models.ForeignKey(Unit, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)

    class Meta:
        verbose_name = _("Bearbeitungsschritt")
        verbose_name_plural = _("Bearbeitungsschritte")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class OutgoingMail(models.Model):
    """A mail to send because of an inquiry; the outbox keeps it until it is sent.

    It holds no address and no text: both are made from the inquiry and its unit
    when sending, so the outbox adds no copy of personal data.
    """

    class Purpose(models.TextChoices):
        UNIT_NOTIFICATION = "unit_notification", _("Benachrichtigung der Stelle")
        CONFIRMATION = "confirmation", _("Eingangsbestätigung")

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="mails")
    purpose = models.CharField(_("Art"), max_length=20, choices=Purpose.choices)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"), null=True, blank=True)
    last_error = models.CharField(_("letzter Fehler"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("versandt"), null=True, blank=True)

    class Meta:
        verbose_name = _("ausgehende E-Mail")
        verbose_name_plural = _("ausgehende E-Mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["sent_at", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.inquiry_id}"


class OpeningInterval(models.Model):
    """One interval of the customer service centre's regular week."""

    weekday = models.PositiveSmallIntegerField(_("Wochentag"), choices=Weekday.choices)
    opens = models.TimeField(_("von"))
    closes = models.TimeField(_("bis"))

    class Meta:
        verbose_name = _("Öffnungszeit")
        verbose_name_plural = _("Öffnungszeiten")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")),
                name="inquiries_opening_interval_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class SpecialDay(models.Model):
    """A holiday or other day on which the regular week does not apply."""

    date = models.DateField(_("Datum"), unique=True)
    label = models.CharField(_("Anlass"), max_length=100)
    closed = models.BooleanField(_("geschlossen"), default=True)
    opens = models.TimeField(_("von"), null=True, blank=True)
    closes = models.TimeField(_("bis"), null=True, blank=True)

    class Meta:
        verbose_name = _("Sondertag")
        verbose_name_plural = _("Sondertage und Feiertage")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.label}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if not self.closed:
            if self.opens is None or self.closes is None:
                raise ValidationError(
                    _("Geben Sie die abweichenden Zeiten an oder wählen Sie „geschlossen“.")
                )
            if self.opens >= self.closes:
                raise ValidationError({"closes": _("Das Ende muss nach dem Beginn liegen.")})
