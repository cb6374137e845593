"""Forms of the DPO's desk in the admin: a request received outside the website, and
the notes and numbers its steps need. They check input only; the steps themselves
are services in privacy.subject_requests."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from privacy.models import SubjectRequest
from privacy.subject_requests import local_date

Channel = SubjectRequest.Channel

#: Received by the DPO's staff rather than through the website.
STAFF_CHANNELS = [
    (channel.value, channel.label)
    for channel in (Channel.LETTER, Channel.PHONE, Channel.EMAIL, Channel.IN_PERSON)
]
#: A request entered later than this after its receipt is almost surely a typo in the date.
RECEIVED_AT_MOST_DAYS_AGO = 365
DESCRIPTION_MAX_LENGTH = 5000

PHONE_CHARACTERS = RegexValidator(
    r"^\+?[0-9 ()/-]{3,30}$",
    _("Bitte eine Telefonnummer aus Ziffern angeben, zum Beispiel 0234 960-0 oder +49 234 9600."),
)


def _required(message):
    return {"required": message}


class RequestEntryForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Art des Antrags"),
        choices=SubjectRequest.Kind.choices,
        error_messages=_required(_("Bitte die Art des Antrags wählen.")),
    )
    channel = forms.ChoiceField(
        label=_("Eingegangen per"),
        choices=STAFF_CHANNELS,
        error_messages=_required(_("Bitte angeben, wie der Antrag eingegangen ist.")),
    )
    received_on = forms.DateField(
        label=_("Eingangsdatum"),
        help_text=_(
            "Das Datum des Eingangs (Briefeingang, Anruf, Besuch); davon hängt die Frist ab."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Bitte das Eingangsdatum angeben."),
            "invalid": _("Bitte ein gültiges Datum angeben, zum Beispiel 15.06.2026."),
        },
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        error_messages=_required(_("Bitte den Namen der betroffenen Person angeben.")),
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        required=False,
        max_length=254,
        help_text=_("Wird erst verwendet, nachdem die Person sie über einen Link bestätigt hat."),
    )
    customer_number = forms.CharField(label=_("Kundennummer"), required=False, max_length=20)
    phone = forms.CharField(
        label=_("Telefonnummer"), required=False, max_length=30, validators=[PHONE_CHARACTERS]
    )
    description = forms.CharField(
        label=_("Anliegen"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Was die Person möchte, in ihren Worten oder zusammengefasst."),
        error_messages=_required(_("Bitte das Anliegen kurz beschreiben.")),
    )
    remove_online_access = forms.BooleanField(
        label=_("Online-Zugang ebenfalls löschen"),
        required=False,
        help_text=_("Nur bei einem Antrag auf Löschung."),
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or local_date(timezone.now())
        self.fields["received_on"].initial = self.today

    def clean_received_on(self) -> date:
        received_on = self.cleaned_data["received_on"]
        if received_on > self.today:
            raise forms.ValidationError(_("Das Eingangsdatum darf nicht in der Zukunft liegen."))
        if received_on < self.today - timedelta(days=RECEIVED_AT_MOST_DAYS_AGO):
            raise forms.ValidationError(
                _("Das Eingangsdatum liegt mehr als ein Jahr zurück; bitte prüfen Sie es.")
            )
        return received_on

    def clean(self):
        cleaned = super().clean()
        identifiers = ("email", "customer_number", "phone")
        given = any(cleaned.get(name) for name in identifiers)
        invalid = any(name in self.errors for name in identifiers)
        if not given and not invalid:
            raise forms.ValidationError(
                _(
                    "Bitte mindestens eines angeben: E-Mail-Adresse, Kundennummer oder "
                    "Telefonnummer. Danach wird in den Daten gesucht."
                ),
                code="no_identifier",
            )
        return cleaned

    def received_at(self) -> datetime:
        """The moment of receipt: now for today, otherwise midday of the given date."""
        received_on = self.cleaned_data["received_on"]
        if received_on == self.today:
            return timezone.now()
        return datetime.combine(received_on, time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))


class MeterNumberForm(forms.Form):
    meter_number = forms.CharField(
        label=_("Zählernummer"),
        max_length=30,
        help_text=_(
            "Von der Person angegeben; passt sie zur Kundennummer, entsteht ein Brief mit "
            "Code an die Anschrift im Kundenkonto."
        ),
        error_messages=_required(_("Bitte die Zählernummer angeben.")),
    )


def _note(*, label, help_text="", max_length: int, required_message) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required(required_message),
    )


class IdentityConfirmForm(forms.Form):
    note = _note(
        label=_("Wie wurde die Identität geprüft?"),
        help_text=_("Zum Beispiel: Personalausweis vorgelegt; ohne Ausweisnummer."),
        max_length=300,
        required_message=_("Bitte vermerken, wie die Identität geprüft wurde."),
    )


class DeadlineExtendForm(forms.Form):
    reason = _note(
        label=_("Grund der Verlängerung"),
        help_text=_(
            "Art. 12 Abs. 3 DSGVO: nur wenn es wegen der Komplexität oder der Zahl der "
            "Anträge erforderlich ist. Die Person erfährt den Grund."
        ),
        max_length=300,
        required_message=_("Bitte den Grund der Verlängerung angeben."),
    )


class CloseForm(forms.Form):
    note = _note(
        label=_("Was wurde entschieden?"),
        help_text=_("Ohne die Daten selbst."),
        max_length=500,
        required_message=_("Bitte vermerken, was entschieden wurde."),
    )


class RejectForm(forms.Form):
    note = _note(
        label=_("Grund der Ablehnung"),
        help_text=_("Ohne die Daten selbst."),
        max_length=500,
        required_message=_("Bitte den Grund der Ablehnung angeben."),
    )
