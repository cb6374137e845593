"""Reads of the business transactions, each starting from the customer, so another
customer's meter, contract or request is never found."""

from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from portal.models import (
    Contract,
    Customer,
    CustomerRequest,
    Meter,
    MeterReading,
    RequestPhoto,
    iban_masked,
)
from portal.selectors import contract_list_for_customer


def meter_list_for_customer(*, customer: Customer) -> QuerySet[Meter]:
    return (
        Meter.objects.filter(meter_point__contract__customer=customer)
        .select_related("meter_point__contract")
        .prefetch_related(Prefetch("readings", queryset=MeterReading.objects.order_by("-read_on")))
    )


def meter_get_for_customer(*, customer: Customer, meter_number: str) -> Meter:
    """The customer's meter; Meter.DoesNotExist for anyone else's."""
    return meter_list_for_customer(customer=customer).get(number=meter_number)


def contracts_at_supply_address(*, customer: Customer, contract: Contract) -> list[Contract]:
    """The customer's running contracts delivered where `contract` is: a move ends them all."""
    return list(
        contract_list_for_customer(customer=customer).filter(
            supply_street=contract.supply_street,
            supply_postal_code=contract.supply_postal_code,
            supply_town=contract.supply_town,
            end_date=None,
        )
    )


def contract_get_with_reports_for_customer(*, customer: Customer, contract_number: str) -> Contract:
    """The contract as on its page, each meter with `reported_readings`: the readings
    the customer sent that the billing system has not yet returned as billed."""
    contract = (
        contract_list_for_customer(customer=customer)
        .prefetch_related(
            Prefetch(
                "meter_points__meters__requests",
                queryset=CustomerRequest.objects.filter(
                    customer=customer, kind=CustomerRequest.Kind.METER_READING
                ),
                to_attr="reading_requests",
            )
        )
        .get(contract_number=contract_number)
    )
    for point in contract.meter_points.all():
        for meter in point.meters.all():
            billed = {reading.read_on.isoformat() for reading in meter.readings.all()}
            meter.reported_readings = [
                request
                for request in meter.reading_requests
                if request.payload["read_on"] not in billed
            ]
            for request in meter.reported_readings:
                request.read_on = date.fromisoformat(request.payload["read_on"])
                request.value = Decimal(request.payload["value"])
    return contract


def request_list_for_customer(*, customer: Customer) -> QuerySet[CustomerRequest]:
    return CustomerRequest.objects.filter(customer=customer).select_related("contract", "meter")


def request_get_for_customer(*, customer: Customer, pk: int) -> CustomerRequest:
    """The customer's request; CustomerRequest.DoesNotExist for anyone else's."""
    # The page links to the photos; their bytes (up to megabytes each) stay in the table.
    photos = Prefetch("photos", queryset=RequestPhoto.objects.defer("image"))
    return request_list_for_customer(customer=customer).prefetch_related(photos).get(pk=pk)


def photo_get_for_customer(*, customer: Customer, request_pk: int, photo_pk: int) -> RequestPhoto:
    return RequestPhoto.objects.get(pk=photo_pk, request__pk=request_pk, request__customer=customer)


def _date(iso: str) -> str:
    return date_format(date.fromisoformat(iso), "d.m.Y")


def _address(address: dict) -> str:
    return f"{address['street']}, {address['postal_code']} {address['town']}"


def _reading_lines(reading: dict) -> list[tuple[str, str]]:
    unit = dict(Meter.Unit.choices).get(reading["unit"], reading["unit"])
    value = f"{number_format(Decimal(reading['value']), 1)} {unit}"
    notes = []
    if reading["confirmed_by_customer"]:
        notes.append(_("ungewöhnlicher Stand, von Ihnen bestätigt"))
    if reading["photo"]:
        notes.append(_("mit Foto"))
    if notes:
        value += f" ({', '.join(notes)})"
    return [
        (_("Zähler %(number)s") % {"number": reading["meter_number"]}, value),
    ]


def request_summary(request: CustomerRequest) -> list[tuple[str, str]]:
    """What the customer asked for, as label/value lines for the receipt and the list.
    An IBAN appears masked, as everywhere on screen."""
    data = request.payload
    kind = CustomerRequest.Kind
    if request.kind == kind.METER_READING:
        return [
            (_("Ablesedatum"), _date(data["read_on"])),
            *_reading_lines(data),
        ]
    if request.kind == kind.INSTALMENT:
        return [
            (_("Vertrag"), data["contract_number"]),
            (_("neuer Abschlag"), f"{number_format(data['amount'], 2)} €"),
            (_("ab"), _date(data["valid_from"])),
        ]
    if request.kind == kind.BANK_DETAILS:
        return [
            (_("Kontoinhaber"), data["account_holder"]),
            (_("IBAN"), iban_masked(data["iban"])),
            (
                _("SEPA-Lastschriftmandat"),
                _("erteilt am %(date)s (Fassung %(version)s)")
                % {
                    "date": _date(data["mandate_accepted_at"][:10]),
                    "version": data["mandate_text_version"],
                },
            ),
        ]
    if request.kind == kind.MOVE:
        lines = [
            (_("Auszug am"), _date(data["moving_out_on"])),
            (_("bisherige Anschrift"), _address(data["old_address"])),
            (_("neue Anschrift"), _address(data["new_address"])),
            (_("Verträge"), ", ".join(data["contract_numbers"])),
        ]
        for reading in data["final_readings"]:
            lines += _reading_lines(reading)
        return lines
    lines = []
    if data["phone"]:
        lines.append((_("Telefonnummer"), data["phone"]))
    if data.get("correspondence"):
        how = {"email": _("per E-Mail"), "post": _("per Post")}[data["correspondence"]]
        lines.append((_("Schreiben und Rechnungen"), how))
    if data["correspondence_email"]:
        lines.append((_("E-Mail-Adresse für Schreiben"), data["correspondence_email"]))
    if data["letter_address"]:
        lines.append((_("Postanschrift für Schreiben"), _address(data["letter_address"])))
    return lines
