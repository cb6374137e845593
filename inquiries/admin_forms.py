from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from inquiries.forms import multi_line_text
from inquiries.models import Inquiry, Unit
from inquiries.selectors import forward_targets, unit_members
from privacy.models import RetentionHold


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Inquiry.Status.choices)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Bearbeitet von"), queryset=None, required=False, empty_label=_("niemand")
    )

    def __init__(self, *args, inquiry: Inquiry, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = unit_members(unit=inquiry.unit).order_by("username")
        self.fields["assignee"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Interne Notiz"),
        max_length=5000,
        validators=[multi_line_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ForwardForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("An Stelle"), queryset=Unit.objects.none())
    note = forms.CharField(
        label=_("Grund der Weiterleitung"),
        max_length=1000,
        required=False,
        validators=[multi_line_text],
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, inquiry: Inquiry, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = forward_targets(inquiry=inquiry)


class HoldForm(forms.Form):
    reason = forms.ChoiceField(label=_("Grund"), choices=RetentionHold.Reason.choices)
    until = forms.DateField(
        label=_("Aufbewahren bis"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    note = forms.CharField(
        label=_("Vermerk (Aktenzeichen, keine personenbezogenen Angaben)"),
        max_length=200,
        required=False,
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= timezone.localdate():
            raise forms.ValidationError(_("Das Datum muss in der Zukunft liegen."))
        return until
