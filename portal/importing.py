"""Loading the billing system's export: JSON Lines, one typed record per line.

Each line is a JSON object whose ``type`` names the record kind; the other keys are
its fields (see ``RECORD_FORMS`` and the README). Records refer to each other by the
billing system's numbers, so a record must come after those it refers to (tariffs and
customers first, then contracts, then meters, readings, instalments and invoices).

Every line is validated; a bad line is reported with its number and skipped, and the
rest is still loaded. Loading is idempotent: each record is keyed by its number in
the billing system (readings by meter and date, instalments by contract and date), so
loading the same export twice changes nothing.
"""

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from portal.models import (
    BankAccount,
    Contract,
    Customer,
    Instalment,
    Invoice,
    Meter,
    MeterPoint,
    MeterReading,
    Tariff,
)


def _reference(model, field_name: str, label: str):
    def resolve(value: str):
        try:
            return model.objects.get(**{field_name: value})
        except model.DoesNotExist:
            raise ValidationError(
                gettext_lazy("%(label)s %(value)s ist unbekannt (muss vorher geliefert werden).")
                % {"label": label, "value": value}
            ) from None

    return resolve


class TariffRecord(forms.Form):
    code = forms.CharField(max_length=30)
    title = forms.CharField(max_length=100)
    price_per_unit = forms.DecimalField(max_digits=8, decimal_places=4, min_value=0)
    base_price_per_year = forms.DecimalField(max_digits=8, decimal_places=2, min_value=0)

    def save(self) -> None:
        data = dict(self.cleaned_data)
        Tariff.objects.update_or_create(code=data.pop("code"), defaults=data)


class CustomerRecord(forms.Form):
    customer_number = forms.CharField(max_length=20)
    first_name = forms.CharField(max_length=100, required=False)
    last_name = forms.CharField(max_length=100)
    street = forms.CharField(max_length=200)
    postal_code = forms.RegexField(r"^\d{5}$", error_messages={"invalid": "Fünf Ziffern."})
    town = forms.CharField(max_length=100)

    def save(self) -> None:
        data = dict(self.cleaned_data)
        Customer.objects.update_or_create(
            customer_number=data.pop("customer_number"), defaults=data
        )


class ContractRecord(forms.Form):
    contract_number = forms.CharField(max_length=20)
    customer_number = forms.CharField(max_length=20)
    kind = forms.ChoiceField(choices=Contract.Kind.choices)
    tariff_code = forms.CharField(max_length=30)
    supply_street = forms.CharField(max_length=200)
    supply_postal_code = forms.RegexField(r"^\d{5}$")
    supply_town = forms.CharField(max_length=100)
    start_date = forms.DateField(input_formats=["%Y-%m-%d"])
    end_date = forms.DateField(input_formats=["%Y-%m-%d"], required=False)

    def clean_customer_number(self):
        return _reference(Customer, "customer_number", _("Kundennummer"))(
            self.cleaned_data["customer_number"]
        )

    def clean_tariff_code(self):
        return _reference(Tariff, "code", _("Tarif"))(self.cleaned_data["tariff_code"])

    def clean(self):
        data = super().clean()
        if (
            data.get("end_date")
            and data.get("start_date")
            and data["end_date"] < data["start_date"]
        ):
            self.add_error("end_date", _("Das Vertragsende liegt vor dem Vertragsbeginn."))
        return data

    def save(self) -> None:
        data = dict(self.cleaned_data)
        data["customer"] = data.pop("customer_number")
        data["tariff"] = data.pop("tariff_code")
        Contract.objects.update_or_create(
            contract_number=data.pop("contract_number"), defaults=data
        )


class MeterRecord(forms.Form):
    number = forms.CharField(max_length=30)
    contract_number = forms.CharField(max_length=20)
    meter_point = forms.CharField(max_length=40)
    unit = forms.ChoiceField(choices=Meter.Unit.choices)

    def clean_contract_number(self):
        return _reference(Contract, "contract_number", _("Vertrag"))(
            self.cleaned_data["contract_number"]
        )

    def save(self) -> None:
        data = self.cleaned_data
        point, _created = MeterPoint.objects.update_or_create(
            identifier=data["meter_point"], defaults={"contract": data["contract_number"]}
        )
        Meter.objects.update_or_create(
            number=data["number"], defaults={"meter_point": point, "unit": data["unit"]}
        )


class ReadingRecord(forms.Form):
    meter_number = forms.CharField(max_length=30)
    read_on = forms.DateField(input_formats=["%Y-%m-%d"])
    value = forms.DecimalField(max_digits=12, decimal_places=1, min_value=0)
    source = forms.ChoiceField(choices=MeterReading.Source.choices)

    def clean_meter_number(self):
        return _reference(Meter, "number", _("Zähler"))(self.cleaned_data["meter_number"])

    def save(self) -> None:
        data = self.cleaned_data
        MeterReading.objects.update_or_create(
            meter=data["meter_number"],
            read_on=data["read_on"],
            defaults={"value": data["value"], "source": data["source"]},
        )


class InstalmentRecord(forms.Form):
    contract_number = forms.CharField(max_length=20)
    valid_from = forms.DateField(input_formats=["%Y-%m-%d"])
    amount = forms.DecimalField(max_digits=8, decimal_places=2, min_value=0)

    def clean_contract_number(self):
        return _reference(Contract, "contract_number", _("Vertrag"))(
            self.cleaned_data["contract_number"]
        )

    def save(self) -> None:
        data = self.cleaned_data
        Instalment.objects.update_or_create(
            contract=data["contract_number"],
            valid_from=data["valid_from"],
            defaults={"amount": data["amount"]},
        )


class BankAccountRecord(forms.Form):
    customer_number = forms.CharField(max_length=20)
    account_holder = forms.CharField(max_length=200)
    iban = forms.CharField(max_length=42)
    mandate_reference = forms.CharField(max_length=35, required=False)

    def clean_customer_number(self):
        return _reference(Customer, "customer_number", _("Kundennummer"))(
            self.cleaned_data["customer_number"]
        )

    def clean_iban(self):
        try:
            return IBAN(self.cleaned_data["iban"]).compact
        except SchwiftyException:
            raise ValidationError(_("Keine gültige IBAN.")) from None

    def save(self) -> None:
        data = dict(self.cleaned_data)
        BankAccount.objects.update_or_create(customer=data.pop("customer_number"), defaults=data)


class InvoiceRecord(forms.Form):
    number = forms.CharField(max_length=20)
    contract_number = forms.CharField(max_length=20)
    issued_on = forms.DateField(input_formats=["%Y-%m-%d"])
    period_start = forms.DateField(input_formats=["%Y-%m-%d"])
    period_end = forms.DateField(input_formats=["%Y-%m-%d"])
    amount = forms.DecimalField(max_digits=10, decimal_places=2)

    def clean_contract_number(self):
        return _reference(Contract, "contract_number", _("Vertrag"))(
            self.cleaned_data["contract_number"]
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Der Zeitraum endet vor seinem Beginn."))
        return data

    def save(self) -> None:
        data = dict(self.cleaned_data)
        data["contract"] = data.pop("contract_number")
        Invoice.objects.update_or_create(number=data.pop("number"), defaults=data)


RECORD_FORMS: dict[str, type[forms.Form]] = {
    "tariff": TariffRecord,
    "customer": CustomerRecord,
    "contract": ContractRecord,
    "meter": MeterRecord,
    "reading": ReadingRecord,
    "instalment": InstalmentRecord,
    "bank_account": BankAccountRecord,
    "invoice": InvoiceRecord,
}


@dataclass
class ImportResult:
    loaded: Counter = field(default_factory=Counter)
    errors: list[tuple[int, str]] = field(default_factory=list)


def _row_errors(form: forms.Form) -> str:
    return "; ".join(
        f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
        for name, messages in form.errors.items()
    )


def billing_export_import(
    *, lines: Iterable[str], on_line: Callable[[int], None] | None = None
) -> ImportResult:
    """Validate and load every line; bad lines are reported by number and skipped."""
    result = ImportResult()
    with transaction.atomic():
        for number, line in enumerate(lines, start=1):
            if on_line:
                on_line(number)
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                result.errors.append((number, _("kein gültiges JSON (%s)") % error.msg))
                continue
            if not isinstance(record, dict):
                result.errors.append((number, _("Jede Zeile muss ein JSON-Objekt sein.")))
                continue
            kind = record.pop("type", None)
            form_class = RECORD_FORMS.get(kind)
            if form_class is None:
                result.errors.append(
                    (number, _("unbekannter Datensatztyp %(type)r") % {"type": kind})
                )
                continue
            unknown = set(record) - set(form_class.base_fields)
            form = form_class(data={k: "" if v is None else str(v) for k, v in record.items()})
            if unknown:
                result.errors.append(
                    (number, _("unbekannte Felder: %s") % ", ".join(sorted(unknown)))
                )
                continue
            if not form.is_valid():
                result.errors.append((number, _row_errors(form)))
                continue
            form.save()
            result.loaded[kind] += 1
    return result
