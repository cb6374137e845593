"""The customer master data as the billing system knows it, and what the portal adds.

The billing system owns customers, contracts, meters, readings, instalments, bank
details and invoices; the portal holds a copy loaded by ``manage.py portal import``
and never edits it. Only the online access and its access log belong to the portal.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _


class Customer(models.Model):
    customer_number = models.CharField(_("Kundennummer"), max_length=20, unique=True)
    first_name = models.CharField(_("Vorname"), max_length=100, blank=True)
    last_name = models.CharField(_("Nachname"), max_length=100)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postal_code = models.CharField(_("Postleitzahl"), max_length=10)
    town = models.CharField(_("Ort"), max_length=100)
    imported_at = models.DateTimeField(_("importiert am"), auto_now=True)

    class Meta:
        verbose_name = _("Kunde")
        verbose_name_plural = _("Kunden")
        ordering = ["customer_number"]

    def __str__(self) -> str:
        return f"{self.customer_number} {self.full_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Tariff(models.Model):
    code = models.CharField(_("Tarifkennung"), max_length=30, unique=True)
    title = models.CharField(_("Bezeichnung"), max_length=100)
    price_per_unit = models.DecimalField(
        _("Arbeitspreis (€ je Einheit)"), max_digits=8, decimal_places=4
    )
    base_price_per_year = models.DecimalField(
        _("Grundpreis (€ je Jahr)"), max_digits=8, decimal_places=2
    )

    class Meta:
        verbose_name = _("Tarif")
        verbose_name_plural = _("Tarife")

    def __str__(self) -> str:
        return self.title


class Contract(models.Model):
    class Kind(models.TextChoices):
        ELECTRICITY = "electricity", _("Strom")
        GAS = "gas", _("Erdgas")
        WATER = "water", _("Wasser")
        DISTRICT_HEATING = "district_heating", _("Fernwärme")

    contract_number = models.CharField(_("Vertragsnummer"), max_length=20, unique=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="contracts", verbose_name=_("Kunde")
    )
    kind = models.CharField(_("Sparte"), max_length=20, choices=Kind.choices)
    tariff = models.ForeignKey(Tariff, on_delete=models.PROTECT, verbose_name=_("Tarif"))
    supply_street = models.CharField(_("Lieferstelle: Straße und Hausnummer"), max_length=200)
    supply_postal_code = models.CharField(_("Lieferstelle: Postleitzahl"), max_length=10)
    supply_town = models.CharField(_("Lieferstelle: Ort"), max_length=100)
    start_date = models.DateField(_("Vertragsbeginn"))
    end_date = models.DateField(_("Vertragsende"), null=True, blank=True)

    personal_data_fields = ("supply_street", "supply_postal_code", "supply_town")

    class Meta:
        verbose_name = _("Vertrag")
        verbose_name_plural = _("Verträge")
        ordering = ["contract_number"]

    def __str__(self) -> str:
        return f"{self.contract_number} ({self.get_kind_display()})"


class MeterPoint(models.Model):
    """The place where energy or water is delivered (Zählpunkt / Marktlokation)."""

    identifier = models.CharField(_("Zählpunktbezeichnung"), max_length=40, unique=True)
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="meter_points", verbose_name=_("Vertrag")
    )

    class Meta:
        verbose_name = _("Zählpunkt")
        verbose_name_plural = _("Zählpunkte")

    def __str__(self) -> str:
        return self.identifier


class Meter(models.Model):
    class Unit(models.TextChoices):
        KWH = "kWh", "kWh"
        CUBIC_METRE = "m3", "m³"

    number = models.CharField(_("Zählernummer"), max_length=30, unique=True)
    meter_point = models.ForeignKey(
        MeterPoint, on_delete=models.CASCADE, related_name="meters", verbose_name=_("Zählpunkt")
    )
    unit = models.CharField(_("Einheit"), max_length=5, choices=Unit.choices)

    class Meta:
        verbose_name = _("Zähler")
        verbose_name_plural = _("Zähler")
        ordering = ["number"]

    def __str__(self) -> str:
        return self.number


class MeterReading(models.Model):
    class Source(models.TextChoices):
        UTILITY = "utility", _("Ablesung durch die Stadtwerke")
        CUSTOMER = "customer", _("Selbstablesung")
        ESTIMATED = "estimated", _("geschätzt")

    meter = models.ForeignKey(
        Meter, on_delete=models.CASCADE, related_name="readings", verbose_name=_("Zähler")
    )
    read_on = models.DateField(_("Ablesedatum"))
    value = models.DecimalField(_("Zählerstand"), max_digits=12, decimal_places=1)
    source = models.CharField(_("Art der Ablesung"), max_length=10, choices=Source.choices)

    class Meta:
        verbose_name = _("Zählerstand")
        verbose_name_plural = _("Zählerstände")
        ordering = ["meter", "-read_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["meter", "read_on"], name="one_reading_per_meter_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meter} {self.read_on}: {self.value}"


class Instalment(models.Model):
    """The monthly advance payment (Abschlag) of a contract from a date on."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="instalments", verbose_name=_("Vertrag")
    )
    valid_from = models.DateField(_("gültig ab"))
    amount = models.DecimalField(_("monatlicher Abschlag (€)"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("Abschlag")
        verbose_name_plural = _("Abschläge")
        ordering = ["contract", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "valid_from"], name="one_instalment_per_contract_and_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract} ab {self.valid_from}: {self.amount} €"


class BankAccount(models.Model):
    customer = models.OneToOneField(
        Customer, on_delete=models.CASCADE, related_name="bank_account", verbose_name=_("Kunde")
    )
    account_holder = models.CharField(_("Kontoinhaber"), max_length=200)
    iban = models.CharField(_("IBAN"), max_length=34)
    mandate_reference = models.CharField(_("Mandatsreferenz"), max_length=35, blank=True)

    personal_data_fields = ("account_holder", "iban", "mandate_reference")

    class Meta:
        verbose_name = _("Bankverbindung")
        verbose_name_plural = _("Bankverbindungen")

    def __str__(self) -> str:
        return self.masked_iban

    @property
    def masked_iban(self) -> str:
        return iban_masked(self.iban)


def iban_masked(iban: str) -> str:
    """Only the country code and the last four digits are shown on screen."""
    masked = iban[:2] + "•" * (len(iban) - 6) + iban[-4:]
    return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))


class Invoice(models.Model):
    number = models.CharField(_("Rechnungsnummer"), max_length=20, unique=True)
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="invoices", verbose_name=_("Vertrag")
    )
    issued_on = models.DateField(_("Rechnungsdatum"))
    period_start = models.DateField(_("Abrechnungszeitraum von"))
    period_end = models.DateField(_("Abrechnungszeitraum bis"))
    amount = models.DecimalField(_("Rechnungsbetrag (€)"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("Rechnung")
        verbose_name_plural = _("Rechnungen")
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return self.number


class OnlineAccess(models.Model):
    """The link between a login and the customer it may see: the portal's own data."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="online_access",
        verbose_name=_("Benutzerkonto"),
    )
    customer = models.OneToOneField(
        Customer,
        on_delete=models.CASCADE,
        related_name="online_access",
        verbose_name=_("Kunde"),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Online-Zugang")
        verbose_name_plural = _("Online-Zugänge")
        permissions = [("delete_online_accesses", _("Online-Zugänge löschen"))]

    def __str__(self) -> str:
        return str(self.customer)


class PendingRegistration(models.Model):
    """A registration as typed, until the background task has checked it.

    Every registration, matching or not, is stored and checked the same way, so the
    answer on the page and its timing say nothing about the master data.
    """

    customer_number = models.CharField(max_length=100)
    name = models.CharField(max_length=200)
    town = models.CharField(max_length=200)
    email = models.EmailField()
    password_hash = models.CharField(max_length=256)
    by_post = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("offene Registrierung")
        verbose_name_plural = _("offene Registrierungen")
        # What a data-subject request looks up (privacy.subjects).
        indexes = [
            models.Index(Upper("email"), name="portal_pending_email_upper"),
            models.Index(fields=["customer_number"], name="portal_pending_customer_no"),
        ]

    def __str__(self) -> str:
        return f"{self.pk} ({self.created_at:%Y-%m-%d %H:%M})"


class AccessLogEntry(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", _("Anmeldung")
        LOGIN_FAILED = "login_failed", _("fehlgeschlagene Anmeldung")
        LOGOUT = "logout", _("Abmeldung")
        VIEW = "view", _("Datenabruf")
        ACCESS_DELETED = "access_deleted", _("Online-Zugang gelöscht")

    customer = models.ForeignKey(
        Customer,
        on_delete=models.CASCADE,
        null=True,
        related_name="access_log",
        verbose_name=_("Kunde"),
    )
    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP-Adresse"), null=True)
    action = models.CharField(_("Aktion"), max_length=20, choices=Action.choices)
    detail = models.CharField(_("Seite"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("Zugriffsprotokoll-Eintrag")
        verbose_name_plural = _("Zugriffsprotokoll")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"


class ActivationLetterBatch(models.Model):
    """One print run of activation letters; its existence records that they were printed."""

    printed_at = models.DateTimeField(_("gedruckt am"), auto_now_add=True)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("gedruckt von"),
    )

    class Meta:
        verbose_name = _("Druckstapel Aktivierungsbriefe")
        verbose_name_plural = _("Druckstapel Aktivierungsbriefe")

    def __str__(self) -> str:
        return f"{self.printed_at:%Y-%m-%d %H:%M}"


class ActivationLetter(models.Model):
    """An activation code sent by post. The code exists in clear only in the printed PDF;
    the database keeps its hash, set when the batch is printed."""

    customer = models.ForeignKey(
        Customer,
        on_delete=models.CASCADE,
        related_name="activation_letters",
        verbose_name=_("Kunde"),
    )
    requested_at = models.DateTimeField(_("angefordert am"), auto_now_add=True, db_index=True)
    batch = models.ForeignKey(
        ActivationLetterBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("Druckstapel"),
    )
    code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    expires_at = models.DateTimeField(_("gültig bis"), null=True, blank=True)
    used_at = models.DateTimeField(_("verwendet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Aktivierungsbrief")
        verbose_name_plural = _("Aktivierungsbriefe")
        ordering = ["requested_at"]
        permissions = [("print_activation_letters", _("Aktivierungsbriefe drucken"))]

    def __str__(self) -> str:
        return f"{self.customer.customer_number} ({self.requested_at:%Y-%m-%d})"


class CustomerRequest(models.Model):
    """A business transaction the customer started online (Auftrag), kept until the
    billing system has taken it over and a while after, so the customer can see it.

    What was asked for sits in ``payload``, one JSON shape per kind (documented with
    the billing hand-over); the billing system fetches open requests by claiming them
    for a lease and confirms the claim once it has stored them.
    """

    class Kind(models.TextChoices):
        METER_READING = "meter_reading", _("Zählerstand")
        INSTALMENT = "instalment", _("Abschlag ändern")
        BANK_DETAILS = "bank_details", _("Bankverbindung ändern")
        MOVE = "move", _("Umzug")
        CONTACT = "contact", _("Kontaktdaten ändern")

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="requests", verbose_name=_("Kunde")
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    contract = models.ForeignKey(
        Contract,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("Vertrag"),
    )
    meter = models.ForeignKey(
        Meter,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("Zähler"),
    )
    payload = models.JSONField(_("Angaben"))
    created_at = models.DateTimeField(_("eingegangen am"), auto_now_add=True, db_index=True)
    claim_token = models.CharField(max_length=64, blank=True, db_index=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    transferred_at = models.DateTimeField(_("übermittelt am"), null=True, blank=True)

    personal_data_fields = ("payload",)

    class Meta:
        verbose_name = _("Auftrag")
        verbose_name_plural = _("Aufträge")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.pk} {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.transferred_at is None

    @property
    def state_display(self) -> str:
        return str(_("offen") if self.is_open else _("übermittelt"))


class RequestPhoto(models.Model):
    """A photo of a meter sent with a reading. The bytes live in the database, not in
    a media directory: no URL can reach them, every web node sees them, and they are
    deleted in the same statement as their request."""

    request = models.ForeignKey(
        CustomerRequest, on_delete=models.CASCADE, related_name="photos", verbose_name=_("Auftrag")
    )
    meter_number = models.CharField(_("Zählernummer"), max_length=30)
    content_type = models.CharField(max_length=30)
    image = models.BinaryField(_("Foto"))

    personal_data_fields = ("image",)

    class Meta:
        verbose_name = _("Zählerfoto")
        verbose_name_plural = _("Zählerfotos")

    def __str__(self) -> str:
        return f"{self.request_id} {self.meter_number}"
