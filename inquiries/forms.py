import unicodedata
from datetime import datetime

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inquiries import conf
from inquiries.models import FormRoute, Inquiry, Kind, Topic
from inquiries.opening_hours import opening_hours_on, window_within_opening_hours
from inquiries.protection import ALTCHA_FIELD, HONEYPOT_FIELD, TOKEN_FIELD
from privacy.models import SubjectRequest

# Bidirectional overrides can make a name read differently in the staff view.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _reject_invisible(value: str, *, multiline: bool) -> None:
    allowed = {"\n", "\r", "\t"} if multiline else set()
    for char in value:
        if char in allowed:
            continue
        if char in BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs"):
            raise ValidationError(
                _("Der Text enthält unsichtbare Steuerzeichen. Bitte entfernen Sie diese."),
                code="control_characters",
            )


def single_line_text(value: str) -> None:
    _reject_invisible(value, multiline=False)


def multi_line_text(value: str) -> None:
    _reject_invisible(value, multiline=True)


class TextField(forms.CharField):
    def __init__(self, *, multiline: bool = False, **kwargs):
        self.multiline = multiline
        validator = multi_line_text if multiline else single_line_text
        kwargs.setdefault("validators", []).append(validator)
        if multiline:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 8}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if self.multiline:
            # Browsers send CRLF; one kind of line break is stored.
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value


class PhoneField(forms.CharField):
    """A phone number; German numbers may be written in national format."""

    default_error_messages = {
        "invalid": _(
            "Bitte geben Sie eine gültige Telefonnummer an, z. B. 0511 1234567 "
            "oder +49 511 1234567."
        )
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        single_line_text(value)
        try:
            number = phonenumbers.parse(value, "DE")
        except phonenumbers.NumberParseException:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not phonenumbers.is_valid_number(number):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


CUSTOMER_NUMBER = RegexValidator(
    r"^[0-9]{5,12}$",
    _("Die Kundennummer besteht aus 5 bis 12 Ziffern (siehe Ihre Rechnung)."),
)


class InquiryForm(forms.Form):
    """Common to every public form: the spam protection fields."""

    kind: Kind
    template_fields: tuple[str, ...] = ()

    required_css_class = "required"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[TOKEN_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.fields[ALTCHA_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.fields["human_check"] = forms.CharField(
            label=_("Sicherheitsfrage"),
            required=False,
            max_length=4,
            help_text=_("Bitte als Zahl eingeben. Mit JavaScript entfällt diese Frage."),
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        )
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Bitte lassen Sie dieses Feld leer"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        if "topic" in self.fields:
            self.fields["topic"].queryset = Topic.objects.filter(
                kind=self.kind, active=True
            ).select_related("unit")
        route = FormRoute.objects.filter(kind=self.kind).first()
        if "wants_confirmation" in self.fields and not (route and route.send_confirmation):
            del self.fields["wants_confirmation"]

    def clean_homepage(self):
        if self.cleaned_data.get(HONEYPOT_FIELD):
            raise ValidationError(_("Dieses Feld muss leer bleiben."), code="honeypot")
        return ""

    def protection_renew(self, *, token: str, question: str) -> None:
        """A fresh token and question for the form shown (again); what was typed stays."""
        if self.is_bound:
            self.data = self.data.copy()
            self.data[TOKEN_FIELD] = token
            self.data[ALTCHA_FIELD] = ""
            self.data["human_check"] = ""
        else:
            self.initial[TOKEN_FIELD] = token
        self._bound_fields_cache.pop("human_check", None)  # holds the old label
        self.fields["human_check"].label = _("Sicherheitsfrage: Wie viel ist %(question)s?") % {
            "question": question
        }

    def describe_fields(self) -> None:
        """Tie each input to its help text and error, for screen readers."""
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}_helptext")
            if self.is_bound and bound.errors:
                ids.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
                self._keep_unparsable_input(name, field)
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def _keep_unparsable_input(self, name: str, field: forms.Field) -> None:
        """A date or time input cannot hold text such as "morgen"; show it as typed."""
        formats = {"date": "%Y-%m-%d", "time": "%H:%M"}
        input_format = formats.get(getattr(field.widget, "input_type", ""))
        if input_format is None:
            return
        try:
            datetime.strptime(str(self.data.get(name, "")), input_format)
        except ValueError:
            field.widget.input_type = "text"

    def visible_fields_in_order(self):
        protection = {TOKEN_FIELD, ALTCHA_FIELD, "human_check", HONEYPOT_FIELD}
        return [self[name] for name in self.fields if name not in protection]

    def subject_right(self) -> str | None:
        """The GDPR right a submission exercises (a data-subject request), if any."""
        return None

    def inquiry_data(self) -> dict:
        protection = {
            TOKEN_FIELD,
            ALTCHA_FIELD,
            "human_check",
            HONEYPOT_FIELD,
            "wants_confirmation",
        }
        return {k: v for k, v in self.cleaned_data.items() if k not in protection}


def _salutation():
    return forms.ChoiceField(
        label=_("Anrede"),
        choices=[("", "—"), *Inquiry.Salutation.choices],
    )


def _name():
    return TextField(
        label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )


def _email(required=True):
    return forms.EmailField(
        label=_("E-Mail-Adresse"),
        max_length=254,
        required=required,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@beispiel.de.")
        },
    )


def _concern(label=None):
    return TextField(label=label or _("Ihr Anliegen"), max_length=5000, multiline=True)


def _customer_number(help_text=""):
    return forms.CharField(
        label=_("Kundennummer (freiwillig)"),
        required=False,
        max_length=12,
        validators=[CUSTOMER_NUMBER],
        help_text=help_text,
    )


class TopicField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Topic) -> str:
        return obj.label


def _topic(label=None):
    return TopicField(
        label=label or _("Thema"),
        queryset=Topic.objects.none(),
        empty_label="—",
        error_messages={"invalid_choice": _("Bitte wählen Sie ein Thema aus der Liste.")},
    )


def _confirmation():
    return forms.BooleanField(
        label=_("Eingangsbestätigung mit Vorgangsnummer per E-Mail senden"),
        required=False,
        help_text=_("Die Bestätigung enthält keine Kopie Ihres Anliegens."),
    )


class ContactForm(InquiryForm):
    kind = Kind.CONTACT
    salutation = _salutation()
    name = _name()
    email = _email()
    topic = _topic()
    concern = _concern()
    customer_number = _customer_number()
    phone = PhoneField(label=_("Telefonnummer für Rückfragen (freiwillig)"), required=False)
    wants_confirmation = _confirmation()


class OfficerForm(InquiryForm):
    salutation = _salutation()
    name = _name()
    email = _email()
    concern = _concern()
    wants_confirmation = _confirmation()


#: The choice on the DPO's form that stays an ordinary inquiry.
GENERAL_QUESTION = "question"


class PrivacyOfficerForm(OfficerForm):
    """A question for the DPO, or a data subject's request under Art. 15-21 GDPR."""

    kind = Kind.PRIVACY_OFFICER
    matter = forms.ChoiceField(
        label=_("Worum geht es?"),
        choices=[
            (GENERAL_QUESTION, _("Allgemeine Frage zum Datenschutz")),
            (SubjectRequest.Kind.ACCESS, _("Auskunft über meine Daten (Art. 15 DSGVO)")),
            (SubjectRequest.Kind.ERASURE, _("Löschung meiner Daten (Art. 17 DSGVO)")),
            (SubjectRequest.Kind.RECTIFICATION, _("Berichtigung falscher Daten (Art. 16 DSGVO)")),
            (
                SubjectRequest.Kind.RESTRICTION,
                _("Einschränkung der Verarbeitung (Art. 18 DSGVO)"),
            ),
            (
                SubjectRequest.Kind.OBJECTION,
                _("Widerspruch gegen eine Verarbeitung (Art. 21 DSGVO)"),
            ),
        ],
        initial=GENERAL_QUESTION,
        widget=forms.RadioSelect,
        help_text=_(
            "Auskunft: Sie erhalten eine Kopie der Daten, die wir über Sie speichern. "
            "Löschung: Wir löschen Ihre Daten, soweit kein Gesetz verlangt, sie aufzubewahren. "
            "Berichtigung: Wir korrigieren falsche Angaben. "
            "Einschränkung: Wir sperren Ihre Daten und nutzen sie vorerst nicht weiter. "
            "Widerspruch: Wir nutzen Ihre Daten nicht mehr für einen Zweck, dem Sie "
            "widersprechen, wenn kein zwingender Grund dagegen spricht. "
            "Für einen Antrag schicken wir Ihnen einen Link, mit dem Sie Ihre E-Mail-Adresse "
            "bestätigen, und antworten innerhalb eines Monats."
        ),
        error_messages={"invalid_choice": _("Bitte wählen Sie eine Möglichkeit aus der Liste.")},
    )
    customer_number = _customer_number(
        help_text=_("Mit Ihrer Kundennummer finden wir auch die Daten zu Ihren Verträgen.")
    )
    phone = PhoneField(label=_("Telefonnummer für Rückfragen (freiwillig)"), required=False)

    field_order = [
        "matter",
        "salutation",
        "name",
        "email",
        "customer_number",
        "phone",
        "concern",
        "wants_confirmation",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concern"].help_text = _(
            "Bei einem Antrag genügen wenige Worte; bei einer Berichtigung nennen Sie bitte, "
            "was falsch ist, bei einem Widerspruch, wogegen."
        )

    def subject_right(self) -> str | None:
        """The right the visitor exercises, or None for a general question."""
        matter = self.cleaned_data.get("matter")
        return matter if matter in SubjectRequest.Kind.values else None


class EqualityOfficerForm(OfficerForm):
    kind = Kind.EQUALITY_OFFICER


class FeedbackForm(InquiryForm):
    kind = Kind.FEEDBACK
    feedback_type = forms.ChoiceField(
        label=_("Art Ihrer Rückmeldung"),
        choices=Inquiry.Feedback.choices,
        widget=forms.RadioSelect,
    )
    salutation = _salutation()
    name = _name()
    email = _email()
    concern = _concern(_("Ihre Rückmeldung"))
    wants_confirmation = _confirmation()


class OutageForm(InquiryForm):
    kind = Kind.OUTAGE
    topic = _topic(_("Betroffene Versorgung"))
    location = TextField(
        label=_("Adresse oder Ort der Störung"),
        max_length=300,
        help_text=_(
            "Straße und Hausnummer oder eine Ortsbeschreibung, z. B. „Kreuzung Markt/Lindenallee“."
        ),
    )
    concern = _concern(_("Beschreibung der Störung"))
    name = _name()
    phone = PhoneField(label=_("Telefonnummer für Rückfragen (freiwillig)"), required=False)
    email = _email(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].label = _("Name für Rückfragen (freiwillig)")
        self.fields["email"].label = _("E-Mail-Adresse für Rückfragen (freiwillig)")


class CallbackForm(InquiryForm):
    kind = Kind.CALLBACK
    name = _name()
    phone = PhoneField(label=_("Telefonnummer"))
    topic = _topic()
    preferred_date = forms.DateField(
        label=_("Wunschtag"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"invalid": _("Bitte geben Sie ein Datum an, z. B. 24.12.2026.")},
    )
    preferred_from = forms.TimeField(
        label=_("Zeitfenster von"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M"],
        error_messages={"invalid": _("Bitte geben Sie eine Uhrzeit an, z. B. 09:30.")},
    )
    preferred_until = forms.TimeField(
        label=_("Zeitfenster bis"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M"],
        error_messages={"invalid": _("Bitte geben Sie eine Uhrzeit an, z. B. 11:00.")},
    )

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("preferred_date")
        start, end = cleaned.get("preferred_from"), cleaned.get("preferred_until")
        if day is None:
            return cleaned
        today = timezone.localdate()
        if day < today:
            self.add_error("preferred_date", _("Der Wunschtag liegt in der Vergangenheit."))
            return cleaned
        if (day - today).days > conf.callback_days_ahead():
            self.add_error(
                "preferred_date",
                _("Bitte wählen Sie einen Tag in den nächsten %(days)d Tagen.")
                % {"days": conf.callback_days_ahead()},
            )
            return cleaned
        hours = opening_hours_on(day)
        if hours.closed:
            self.add_error(
                "preferred_date", _("An diesem Tag ist das Kundenservicecenter geschlossen.")
            )
            return cleaned
        if start is None or end is None:
            return cleaned
        if start >= end:
            self.add_error(
                "preferred_until", _("Das Ende des Zeitfensters muss nach dem Beginn liegen.")
            )
            return cleaned
        if timezone.make_aware(datetime.combine(day, start)) < timezone.now():
            self.add_error(
                "preferred_from", _("Der Beginn des Zeitfensters liegt in der Vergangenheit.")
            )
            return cleaned
        if not window_within_opening_hours(day, start, end):
            times = ", ".join(f"{i.opens:%H:%M}–{i.closes:%H:%M}" for i in hours.intervals)
            self.add_error(
                "preferred_from",
                _(
                    "Bitte wählen Sie ein Zeitfenster innerhalb der Öffnungszeiten an "
                    "diesem Tag: %(times)s Uhr."
                )
                % {"times": times},
            )
        return cleaned


FORMS: dict[str, type[InquiryForm]] = {
    form.kind: form
    for form in (
        ContactForm,
        CallbackForm,
        PrivacyOfficerForm,
        EqualityOfficerForm,
        FeedbackForm,
        OutageForm,
    )
}
