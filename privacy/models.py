from django.conf import settings
from django.contrib.contenttypes.models import ContentType
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
