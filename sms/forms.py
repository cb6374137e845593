from django import forms
from django.utils.translation import gettext_lazy as _

from sms import conf
from sms.encoding import GSM7, UCS2, max_units, sms_length
from sms.numbers import recipient_normalise

#: Far beyond any allowed length; only keeps absurd input from being counted at all.
TEXT_HARD_LIMIT = 2000


class SmsForm(forms.Form):
    recipient = forms.CharField(
        label=_("Handynummer des Empfängers"),
        max_length=30,
        help_text=_("Zum Beispiel 0151 23456789 oder +49 151 23456789."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        error_messages={"required": _("Bitte geben Sie die Handynummer des Empfängers an.")},
    )
    text = forms.CharField(
        label=_("Text"),
        max_length=TEXT_HARD_LIMIT,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "aria-describedby": "sms-length"}),
        error_messages={
            "required": _("Bitte geben Sie einen Text ein."),
            "max_length": _("Der Text ist zu lang."),
        },
    )

    def clean_recipient(self) -> str:
        return recipient_normalise(self.cleaned_data["recipient"])

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError(self.fields["text"].error_messages["required"])
        length = sms_length(text)
        if length.parts > conf.max_parts():
            raise forms.ValidationError(
                _(
                    "Der Text ist zu lang: er ergäbe %(parts)d SMS, möglich sind höchstens "
                    "%(max)d (%(gsm)d Zeichen, mit Zeichen außerhalb des SMS-Zeichensatzes "
                    "wie Emojis %(ucs)d)."
                ),
                params={
                    "parts": length.parts,
                    "max": conf.max_parts(),
                    "gsm": max_units(GSM7, conf.max_parts()),
                    "ucs": max_units(UCS2, conf.max_parts()),
                },
                code="too_long",
            )
        return text


class AbuseLogExportForm(forms.Form):
    customer_number = forms.CharField(
        label=_("Kundennummer"),
        max_length=20,
        error_messages={"required": _("Bitte geben Sie die Kundennummer an.")},
    )
    start = forms.DateField(
        label=_("Zeitraum von"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Bitte geben Sie den Beginn des Zeitraums an.")},
    )
    end = forms.DateField(
        label=_("Zeitraum bis"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Bitte geben Sie das Ende des Zeitraums an.")},
    )
    reason = forms.CharField(
        label=_("Anlass"),
        max_length=300,
        help_text=_("Zum Beispiel Behörde und Aktenzeichen der Strafanzeige."),
        error_messages={"required": _("Ohne Anlass ist kein Export möglich.")},
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[("pdf", _("PDF")), ("csv", _("CSV"))],
        initial="pdf",
        widget=forms.RadioSelect,
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("Das Ende des Zeitraums liegt vor seinem Beginn."))
        return cleaned
