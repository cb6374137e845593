from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import connection, models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _


class RetentionHoldQuerySet(models.QuerySet):
    def on_model(self, model: type[models.Model]) -> "RetentionHoldQuerySet":
        return self.filter(
            content_type=ContentType.objects.get_for_model(model, for_concrete_model=True)
        )

    def active(self, now) -> "RetentionHoldQuerySet":
        return self.filter(until__gt=now)


class RetentionHold(models.Model):
    """Keeps one record from deletion until a date, for one of the reasons the
    privacy policy names."""

    class Reason(models.TextChoices):
        EVIDENCE = "evidence", _("Nachweisbarkeit")
        CUSTOMER_CARE = "customer_care", _("Kundenbetreuung")
        STATUTORY = "statutory", _("Gesetzliche Aufbewahrungsfrist")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    # The held record's primary key as the database stores it (see object_key),
    # so the retention engine can compare it inside its DELETE statement.
    object_id = models.CharField(max_length=64)
    reason = models.CharField(_("Grund"), max_length=20, choices=Reason.choices)
    note = models.CharField(
        _("Vermerk"),
        max_length=200,
        blank=True,
        help_text=_("Aktenzeichen oder Vorgang, keine personenbezogenen Angaben."),
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gesetzt von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    placed_at = models.DateTimeField(_("gesetzt am"), auto_now_add=True)
    until = models.DateTimeField(_("aufbewahren bis"))

    objects = RetentionHoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("Aufbewahrungsgrund")
        verbose_name_plural = _("Aufbewahrungsgründe")
        indexes = [models.Index(fields=["content_type", "object_id", "until"])]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id}: {self.get_reason_display()}"


def object_key(model: type[models.Model], pk: object) -> str:
    """A primary key as the database stores it (SQLite keeps UUIDs as hex)."""
    return str(model._meta.pk.get_db_prep_value(pk, connection))


class PurgeRun(models.Model):
    """One retention run of one activity: what rule, how many, when. Never what."""

    activity = models.CharField(_("Verarbeitungstätigkeit"), max_length=100)
    rule = models.CharField(_("Regel"), max_length=300)
    dry_run = models.BooleanField(_("Probelauf"), default=False)
    count = models.PositiveIntegerField(_("Anzahl"), default=0)
    started_at = models.DateTimeField(_("Beginn"))
    finished_at = models.DateTimeField(_("Ende"))
    error = models.CharField(_("Fehler"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Löschlauf")
        verbose_name_plural = _("Löschläufe")
        ordering = ["-started_at", "activity"]
        permissions = [
            (
                "view_processing_record",
                _("Verzeichnis der Verarbeitungstätigkeiten einsehen"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.started_at:%Y-%m-%d %H:%M}: {self.count}"


POLICY_VERSION_NUMBER = RegexValidator(
    r"^(0|[1-9][0-9]{0,3})(\.(0|[1-9][0-9]{0,3})){0,3}$",
    _("Bitte eine Versionsnummer wie 1.3 oder 2.0 angeben (Ziffern, durch Punkte getrennt)."),
)


def policy_version_key(number: str) -> tuple[int, ...]:
    """A version number as a tuple that sorts as versions do (1.10 after 1.9)."""
    return tuple(int(part) for part in number.split("."))


class PublishedPolicyVersionError(Exception):
    """A published privacy-policy version was about to change or vanish."""


class PolicyVersionQuerySet(models.QuerySet):
    # Bulk writes bypass save() and delete(); published text must not change that way.
    def update(self, **kwargs):
        raise PublishedPolicyVersionError("Published privacy-policy versions cannot be changed.")

    def delete(self):
        raise PublishedPolicyVersionError("Published privacy-policy versions cannot be deleted.")

    def current(self, today) -> "PolicyVersion | None":
        """The version in force on `today`: the newest one already valid."""
        return self.filter(valid_from__lte=today).order_by("-valid_from", "-published_at").first()


class PolicyVersion(models.Model):
    """One published version of the privacy policy, frozen as rendered.

    The whole text is stored as HTML per language when the version is published, so it
    reads the same years later whatever code, registry or settings say by then. No
    personal data: who published it is in Wagtail's audit log.
    """

    number = models.CharField(
        _("Version"), max_length=20, unique=True, validators=[POLICY_VERSION_NUMBER]
    )
    valid_from = models.DateField(_("gültig seit"))
    published_at = models.DateTimeField(_("veröffentlicht am"))
    content_de = models.TextField(_("Text (Deutsch)"))
    content_en = models.TextField(_("Text (Englisch)"), blank=True)
    #: Digests of what the text says about each activity and the processors (see
    #: privacy.policy.policy_fingerprint); empty for versions written by hand.
    registry_fingerprint = models.JSONField(_("Stand des Verzeichnisses"), default=dict, blank=True)

    objects = PolicyVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Version der Datenschutzerklärung")
        verbose_name_plural = _("Versionen der Datenschutzerklärung")
        ordering = ["-valid_from", "-published_at"]
        permissions = [
            ("publish_policy_version", _("Neue Version der Datenschutzerklärung veröffentlichen"))
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.valid_from:%d.%m.%Y})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PublishedPolicyVersionError(
                f"Privacy-policy version {self.number} is published and cannot be changed."
            )
        # Only ever an INSERT: an object built with the primary key of a stored
        # version must not overwrite it.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PublishedPolicyVersionError(
            f"Privacy-policy version {self.number} is published and cannot be deleted."
        )

    def content(self, language: str) -> tuple[str, str]:
        """The frozen HTML in `language`, or German if the version has none; with the
        language it is in, for the page's lang attribute."""
        if language == "en" and self.content_en:
            return self.content_en, "en"
        return self.content_de, "de"


class SubjectRequest(models.Model):
    """A data subject's request under GDPR Art. 15-21, from receipt to answer.

    Holds what the subject gave to be found by, and what of it has been verified;
    never a copy of the records found (see SubjectRequestStep and AccessPackage).
    """

    class Kind(models.TextChoices):
        ACCESS = "access", _("Auskunft (Art. 15 DSGVO)")
        ERASURE = "erasure", _("Löschung (Art. 17 DSGVO)")
        RECTIFICATION = "rectification", _("Berichtigung (Art. 16 DSGVO)")
        RESTRICTION = "restriction", _("Einschränkung der Verarbeitung (Art. 18 DSGVO)")
        OBJECTION = "objection", _("Widerspruch (Art. 21 DSGVO)")

    class Channel(models.TextChoices):
        FORM = "form", _("Formular der Datenschutzbeauftragten")
        CUSTOMER_CENTRE = "customer_centre", _("Online-Kundencenter")
        LETTER = "letter", _("Brief")
        PHONE = "phone", _("Telefon")
        EMAIL = "email", _("E-Mail")
        IN_PERSON = "in_person", _("persönlich")

    class Status(models.TextChoices):
        RECEIVED = "received", _("eingegangen, Identität offen")
        VERIFIED = "verified", _("Identität bestätigt")
        ANSWERED = "answered", _("beantwortet")
        REJECTED = "rejected", _("abgelehnt")

    class Verification(models.TextChoices):
        LOGIN = "login", _("Anmeldung im Online-Kundencenter")
        EMAIL = "email", _("Bestätigungslink an die E-Mail-Adresse")
        ONLINE_ACCESS_EMAIL = (
            "online_access_email",
            _("bestätigte E-Mail-Adresse des Online-Zugangs"),
        )
        POST = "post", _("Code per Post an die Anschrift im Kundenkonto")
        STAFF = "staff", _("durch die Datenschutzbeauftragte geprüft")

    # Made from the primary key right after the insert, so empty (NULL) for a moment.
    reference = models.CharField(  # noqa: DJ001
        _("Aktenzeichen"), max_length=20, unique=True, null=True
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("Eingang"), max_length=20, choices=Channel.choices)
    status = models.CharField(
        _("Stand"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    customer_number = models.CharField(_("Kundennummer"), max_length=20, blank=True)
    phone = models.CharField(_("Telefonnummer"), max_length=30, blank=True)
    description = models.TextField(_("Anliegen"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzerkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(_("eingegangen am"))
    due_on = models.DateField(_("Antwortfrist"))
    extended_due_on = models.DateField(_("verlängerte Frist"), null=True, blank=True)
    extension_reason = models.CharField(_("Grund der Verlängerung"), max_length=300, blank=True)
    remove_online_access = models.BooleanField(_("Online-Zugang ebenfalls löschen"), default=False)

    email_verified_at = models.DateTimeField(_("E-Mail-Adresse bestätigt am"), null=True)
    email_token_hash = models.CharField(max_length=64, blank=True)
    email_token_sent_at = models.DateTimeField(null=True)
    customer_verified_at = models.DateTimeField(_("Kundennummer bestätigt am"), null=True)
    postal_code_hash = models.CharField(max_length=64, blank=True)
    postal_code_sent_at = models.DateTimeField(null=True)
    postal_code_attempts = models.PositiveSmallIntegerField(default=0)
    identity_verified_at = models.DateTimeField(_("Identität bestätigt am"), null=True)
    verification = models.CharField(
        _("Identität bestätigt durch"), max_length=20, choices=Verification.choices, blank=True
    )

    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    outcome_note = models.CharField(
        _("Vermerk zum Abschluss"),
        max_length=500,
        blank=True,
        help_text=_("Was entschieden wurde, ohne die Daten selbst."),
    )
    #: What an erasure deleted and kept, per activity: counts and reasons only.
    erasure_report = models.JSONField(_("Löschbericht"), default=dict, blank=True)

    personal_data_fields = ("description",)

    class Meta:
        verbose_name = _("Antrag einer betroffenen Person")
        verbose_name_plural = _("Anträge betroffener Personen")
        ordering = ["due_on", "received_at"]
        indexes = [
            models.Index(fields=["closed_at", "due_on"]),
            models.Index(fields=["customer_number"]),
            models.Index(Upper("email"), name="privacy_request_email_upper"),
            models.Index(fields=["phone"], name="privacy_request_phone"),
        ]
        permissions = [
            ("handle_subject_requests", _("Anträge betroffener Personen bearbeiten")),
        ]

    def __str__(self) -> str:
        return self.reference or _("Antrag (neu)")

    @property
    def deadline(self):
        return self.extended_due_on or self.due_on

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class SubjectRequestStep(models.Model):
    """One step of a request: who did what, when. Counts at most, never the data."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("Antrag eingegangen")
        EMAIL_LINK_SENT = "email_link_sent", _("Bestätigungslink gesendet")
        EMAIL_CONFIRMED = "email_confirmed", _("E-Mail-Adresse bestätigt")
        POSTAL_CODE_SENT = "postal_code_sent", _("Code per Post veranlasst")
        POSTAL_CODE_CONFIRMED = "postal_code_confirmed", _("Code aus dem Brief bestätigt")
        POSTAL_CODE_REFUSED = "postal_code_refused", _("Kundennummer und Zähler passen nicht")
        IDENTITY_CONFIRMED = "identity_confirmed", _("Identität bestätigt")
        EXTENDED = "extended", _("Frist verlängert")
        PACKAGE_CREATED = "package_created", _("Auskunft zusammengestellt")
        PACKAGE_SENT = "package_sent", _("Link zur Auskunft gesendet")
        PACKAGE_PRINTED = "package_printed", _("Auskunft für den Postversand gedruckt")
        PACKAGE_DOWNLOADED = "package_downloaded", _("Auskunft heruntergeladen")
        ERASED = "erased", _("Daten gelöscht")
        OBJECTION_RECORDED = "objection_recorded", _("Widerspruch vermerkt")
        ANSWERED = "answered", _("beantwortet und abgeschlossen")
        REJECTED = "rejected", _("abgelehnt")

    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="steps")
    at = models.DateTimeField(_("Zeitpunkt"))
    action = models.CharField(_("Schritt"), max_length=30, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("durch"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    detail = models.CharField(_("Einzelheiten"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Bearbeitungsschritt eines Antrags")
        verbose_name_plural = _("Bearbeitungsschritte von Anträgen")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request} {self.get_action_display()}"


class AccessPackage(models.Model):
    """The copy of a subject's data (Art. 15(3)): JSON and PDF in one archive, offered
    once behind a link and deleted after a declared few days."""

    request = models.ForeignKey(SubjectRequest, on_delete=models.CASCADE, related_name="packages")
    created_at = models.DateTimeField(_("erstellt am"))
    expires_at = models.DateTimeField(_("abrufbar bis"))
    token_hash = models.CharField(max_length=64, blank=True)
    downloaded_at = models.DateTimeField(_("heruntergeladen am"), null=True)
    archive = models.BinaryField()
    pdf = models.BinaryField()
    record_count = models.PositiveIntegerField(_("Datensätze"), default=0)

    class Meta:
        verbose_name = _("Auskunftspaket")
        verbose_name_plural = _("Auskunftspakete")
        indexes = [models.Index(fields=["token_hash"])]

    def __str__(self) -> str:
        return f"{self.request} {self.created_at:%Y-%m-%d}"
