from django import forms
from django.utils.translation import gettext_lazy as _


class PostalCodeForm(forms.Form):
    reference = forms.CharField(
        label=_("Aktenzeichen"),
        max_length=20,
        help_text=_("Steht oben im Brief, zum Beispiel DS-2026-00042."),
    )
    code = forms.CharField(
        label=_("Code aus dem Brief"),
        max_length=20,
        help_text=_("Groß- und Kleinschreibung und Bindestriche spielen keine Rolle."),
    )
