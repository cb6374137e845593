from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import connection, models
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
