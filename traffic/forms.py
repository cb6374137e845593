from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_DAYS = 30
#: A year and a day: enough for a yearly comparison, few enough rows for one page.
MAX_DAYS = 366
EARLIEST = date(2000, 1, 1)
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class DateRangeForm(forms.Form):
    """The days a statistics page shows; empty fields mean the last 30 days."""

    start = forms.DateField(
        label=_("Von"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _("Bitte geben Sie das Anfangsdatum als Datum an.")},
    )
    end = forms.DateField(
        label=_("Bis"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _("Bitte geben Sie das Enddatum als Datum an.")},
    )

    def full_clean(self):
        """Inputs with an error point screen readers at its message."""
        super().full_clean()
        for name, field in self.fields.items():
            if name in self.errors:
                described_by = f"id_{name}_error"
            elif self.non_field_errors():
                described_by = "traffic-range-errors"
            else:
                continue
            field.widget.attrs.update({"aria-invalid": "true", "aria-describedby": described_by})

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        today = timezone.localdate()
        end = cleaned.get("end") or today
        start = cleaned.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise forms.ValidationError(
                _("Das Anfangsdatum liegt nach dem Enddatum. Bitte tauschen Sie die beiden.")
            )
        if start < EARLIEST:
            raise forms.ValidationError(_("Statistiken gibt es erst ab dem 1. Januar 2000."))
        if end > today:
            raise forms.ValidationError(_("Das Enddatum darf nicht in der Zukunft liegen."))
        if (end - start).days + 1 > MAX_DAYS:
            raise forms.ValidationError(
                _("Der Zeitraum darf höchstens %(days)s Tage umfassen.") % {"days": MAX_DAYS}
            )
        cleaned["start"], cleaned["end"] = start, end
        return cleaned
