"""Forms of the business transactions: they parse and check what was typed; the rules
that need the customer's data are the services' (portal.transactions.services)."""

import phonenumbers
from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from portal.models import Meter

PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}
POSTAL_CODE = RegexValidator(r"^\d{5}$", _("Bitte geben Sie eine fünfstellige Postleitzahl an."))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def reading_field(meter: Meter, *, required: bool = True, label=None) -> forms.DecimalField:
    return forms.DecimalField(
        label=label or _("Zählerstand in %(unit)s") % {"unit": meter.get_unit_display()},
        min_value=0,
        max_digits=12,
        decimal_places=1,
        localize=True,
        required=required,
        help_text=_("Die Zahl vor dem Komma, eine Nachkommastelle ist möglich."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "required": _("Bitte geben Sie den Zählerstand an."),
            "invalid": _("Bitte geben Sie den Zählerstand als Zahl an, z. B. 12345,6."),
            "max_decimal_places": _("Bitte höchstens eine Nachkommastelle angeben."),
            "max_digits": _("Dieser Zählerstand hat zu viele Stellen."),
            "max_whole_digits": _("Dieser Zählerstand hat zu viele Stellen."),
        },
    )


def photo_field() -> forms.ImageField:
    return forms.ImageField(
        label=_("Foto des Zählers (freiwillig)"),
        required=False,
        help_text=_("JPEG, PNG oder WebP, höchstens %(mb)d MB. Nur wir sehen es.")
        % {"mb": settings.PORTAL_METER_PHOTO_MAX_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        error_messages={
            "invalid_image": _("Diese Datei ist kein Bild, das wir lesen können."),
        },
    )


def photo_checked(photo):
    """The size and format limits of a meter photo (the field has checked it is an image)."""
    if not photo:
        return None
    if photo.size > settings.PORTAL_METER_PHOTO_MAX_BYTES:
        raise forms.ValidationError(
            _("Das Foto ist zu groß: höchstens %(mb)d MB.")
            % {"mb": settings.PORTAL_METER_PHOTO_MAX_BYTES // (1024 * 1024)}
        )
    if getattr(photo, "image", None) is None or photo.image.format not in PHOTO_FORMATS:
        raise forms.ValidationError(_("Bitte senden Sie das Foto als JPEG, PNG oder WebP."))
    return photo


def confirm_field() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("Ich habe den Zählerstand geprüft, er ist richtig."), required=False
    )


class MeterReadingForm(forms.Form):
    read_on = forms.DateField(
        label=_("Ablesedatum"),
        widget=DateInput(),
        error_messages={
            "required": _("Bitte geben Sie das Ablesedatum an."),
            "invalid": _("Bitte geben Sie ein gültiges Datum an, z. B. 01.12.2026."),
        },
    )

    def __init__(self, *args, meter: Meter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"] = reading_field(meter)
        self.fields["photo"] = photo_field()
        self.fields["confirm"] = confirm_field()
        self.order_fields(["value", "read_on", "photo", "confirm"])

    def clean_photo(self):
        return photo_checked(self.cleaned_data.get("photo"))

    @property
    def asks_confirmation(self) -> bool:
        return self.has_error("value", code="implausible") or bool(self.data.get("confirm"))


class InstalmentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Neuer monatlicher Abschlag in €"),
        min_value=0,
        max_digits=8,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "required": _("Bitte geben Sie den neuen Abschlag an."),
            "invalid": _("Bitte geben Sie einen Betrag in Euro an, z. B. 85 oder 85,50."),
            "max_decimal_places": _("Bitte höchstens zwei Nachkommastellen (Cent) angeben."),
        },
    )


class BankDetailsForm(forms.Form):
    account_holder = forms.CharField(
        label=_("Kontoinhaber"),
        max_length=70,  # the SEPA name field
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Bitte geben Sie den Kontoinhaber an.")},
    )
    iban = forms.CharField(
        label=_("IBAN"),
        max_length=42,
        help_text=_("Mit oder ohne Leerzeichen, z. B. DE89 3704 0044 0532 0130 00."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Bitte geben Sie die IBAN an.")},
    )
    mandate_accepted = forms.BooleanField(
        label=_("Ich erteile das oben stehende SEPA-Lastschriftmandat."),
        error_messages={"required": _("Ohne das Mandat können wir nicht abbuchen.")},
    )

    def clean_iban(self) -> str:
        try:
            iban = IBAN(self.cleaned_data["iban"])
        except SchwiftyException:
            raise forms.ValidationError(
                _("Diese IBAN ist nicht gültig. Bitte prüfen Sie sie Zeichen für Zeichen.")
            ) from None
        if not iban.in_sepa_zone:
            raise forms.ValidationError(
                _(
                    "Lastschriften sind nur von Konten im SEPA-Raum möglich; diese IBAN "
                    "gehört zu einer Bank außerhalb."
                )
            )
        self.bic = str(iban.bic) if iban.bic else ""
        return iban.compact


class MoveForm(forms.Form):
    moving_out_on = forms.DateField(
        label=_("Auszugsdatum"),
        widget=DateInput(),
        error_messages={
            "required": _("Bitte geben Sie das Auszugsdatum an."),
            "invalid": _("Bitte geben Sie ein gültiges Datum an, z. B. 01.12.2026."),
        },
    )
    new_street = forms.CharField(
        label=_("Neue Anschrift: Straße und Hausnummer"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
        error_messages={"required": _("Bitte geben Sie Straße und Hausnummer an.")},
    )
    new_postal_code = forms.CharField(
        label=_("Neue Anschrift: Postleitzahl"),
        max_length=5,
        validators=[POSTAL_CODE],
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
        error_messages={"required": _("Bitte geben Sie die Postleitzahl an.")},
    )
    new_town = forms.CharField(
        label=_("Neue Anschrift: Ort"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
        error_messages={"required": _("Bitte geben Sie den Ort an.")},
    )

    def __init__(self, *args, meters: list[Meter], **kwargs):
        super().__init__(*args, **kwargs)
        self.meters = meters
        for meter in meters:
            self.fields[f"reading_{meter.pk}"] = reading_field(
                meter,
                required=False,
                label=_("Zählerstand am Auszugstag, Zähler %(number)s (%(unit)s)")
                % {"number": meter.number, "unit": meter.get_unit_display()},
            )
            self.fields[f"photo_{meter.pk}"] = photo_field()
            self.fields[f"confirm_{meter.pk}"] = confirm_field()

    def clean_new_street(self) -> str:
        street = self.cleaned_data["new_street"]
        if not any(character.isdigit() for character in street):
            raise forms.ValidationError(_("Bitte geben Sie auch die Hausnummer an."))
        return street

    def clean(self):
        data = super().clean()
        for meter in self.meters:
            name = f"photo_{meter.pk}"
            if data.get(name):
                try:
                    data[name] = photo_checked(data[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return data

    def meter_rows(self) -> list[dict]:
        return [
            {
                "meter": meter,
                "value": self[f"reading_{meter.pk}"],
                "photo": self[f"photo_{meter.pk}"],
                "confirm": self[f"confirm_{meter.pk}"],
                "asks_confirmation": self.has_error(f"reading_{meter.pk}", code="implausible")
                or bool(self.data.get(f"confirm_{meter.pk}")),
            }
            for meter in self.meters
        ]


class ContactForm(forms.Form):
    class Correspondence(models.TextChoices):
        UNCHANGED = "", _("wie bisher")
        EMAIL = "email", _("per E-Mail")
        POST = "post", _("per Post")

    phone = forms.CharField(
        label=_("Telefonnummer"),
        max_length=30,
        required=False,
        help_text=_("Für Rückfragen, z. B. 0351 1234567 oder +49 151 12345678."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    correspondence_email = forms.EmailField(
        label=_("E-Mail-Adresse für Schreiben und Rechnungen"),
        required=False,
        help_text=_(
            "Ihre Anmelde-Adresse für das Kundencenter bleibt davon unberührt; die ändern "
            "Sie in den Kontoeinstellungen."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
    )
    correspondence = forms.ChoiceField(
        label=_("Schreiben und Rechnungen möchte ich erhalten"),
        choices=Correspondence.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    letter_street = forms.CharField(
        label=_("Postanschrift für Briefe: Straße und Hausnummer"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    letter_postal_code = forms.CharField(
        label=_("Postanschrift für Briefe: Postleitzahl"),
        max_length=5,
        required=False,
        validators=[POSTAL_CODE],
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    letter_town = forms.CharField(
        label=_("Postanschrift für Briefe: Ort"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    LETTER_FIELDS = ("letter_street", "letter_postal_code", "letter_town")

    def clean_phone(self) -> str:
        typed = self.cleaned_data["phone"].strip()
        if not typed:
            return ""
        try:
            number = phonenumbers.parse(typed, "DE")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(
                _("Diese Telefonnummer ist nicht gültig. Bitte mit Vorwahl angeben.")
            )
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def clean(self):
        data = super().clean()
        typed = [name for name in self.LETTER_FIELDS if self.data.get(name, "").strip()]
        if typed:
            for name in self.LETTER_FIELDS:
                if name not in typed and name not in self.errors:
                    self.add_error(name, _("Bitte vervollständigen Sie die Postanschrift."))
        if (
            data.get("correspondence") == self.Correspondence.EMAIL
            and not self.data.get("correspondence_email", "").strip()
        ):
            self.add_error(
                "correspondence_email",
                _("Für Schreiben per E-Mail geben Sie bitte die E-Mail-Adresse dafür an."),
            )
        changed = (
            data.get("phone") or data.get("correspondence_email") or data.get("correspondence")
        )
        if not self.errors and not (changed or typed):
            raise forms.ValidationError(_("Bitte ändern Sie mindestens eine Angabe."))
        return data

    @property
    def letter_address(self) -> dict[str, str] | None:
        data = self.cleaned_data
        if not data.get("letter_street"):
            return None
        return {
            "street": data["letter_street"],
            "postal_code": data["letter_postal_code"],
            "town": data["letter_town"],
        }
