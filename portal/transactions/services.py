"""Writes of the business transactions: each checks its rules and stores one request
for the billing system. A broken rule is a ValidationError keyed by form field, so
the page shows it next to the field the customer has to change."""

import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from portal.models import Contract, Customer, CustomerRequest, Meter, RequestPhoto
from portal.transactions.consumption import instalment_bounds, last_reading, reading_plausibility
from portal.transactions.mandate import MANDATE_TEXT_VERSION

#: Photos are re-encoded: no camera metadata (location!) is kept, and a few megapixels
#: are enough to read a meter.
PHOTO_MAX_EDGE = 2000
PHOTO_CONTENT_TYPE = "image/jpeg"


def photo_encoded(upload: UploadedFile) -> bytes:
    """The uploaded image as a JPEG without metadata, at most PHOTO_MAX_EDGE wide/high."""
    upload.seek(0)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original).convert("RGB")
    image.thumbnail((PHOTO_MAX_EDGE, PHOTO_MAX_EDGE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


@dataclass
class ReadingInput:
    meter: Meter
    value: Decimal
    confirmed: bool = False
    photo: UploadedFile | None = None
    #: Form fields the errors go to.
    value_field: str = "value"
    date_field: str = "read_on"


def _reading_checked(reading: ReadingInput, *, read_on: date, today: date, errors: dict) -> dict:
    """The reading as stored in a request; its problems are added to `errors`."""
    meter = reading.meter
    last = last_reading(meter)
    if read_on > today:
        errors.setdefault(reading.date_field, []).append(
            _("Das Ablesedatum darf nicht in der Zukunft liegen.")
        )
    elif last is not None and read_on <= last.read_on:
        errors.setdefault(reading.date_field, []).append(
            _("Das Ablesedatum muss nach dem letzten Ablesedatum (%(date)s) liegen.")
            % {"date": last.read_on.strftime("%d.%m.%Y")}
        )
    plausibility = reading_plausibility(meter=meter, value=reading.value, read_on=read_on)
    if not plausibility.is_plausible and not reading.confirmed and reading.photo is None:
        errors.setdefault(reading.value_field, []).append(
            ValidationError(
                "%(problem)s %(ask)s",
                code="implausible",
                params={
                    "problem": plausibility.message(meter.get_unit_display()),
                    "ask": _(
                        "Stimmt er, bestätigen Sie ihn unten oder laden Sie ein Foto des "
                        "Zählers hoch."
                    ),
                },
            )
        )
    return {
        "meter_number": meter.number,
        "contract_number": meter.meter_point.contract.contract_number,
        "read_on": read_on.isoformat(),
        "value": str(reading.value),
        "unit": meter.unit,
        "plausibility": plausibility.verdict.value,
        "confirmed_by_customer": bool(reading.confirmed and not plausibility.is_plausible),
        "photo": reading.photo is not None,
    }


@transaction.atomic
def _request_create(
    *,
    customer: Customer,
    kind: str,
    payload: dict,
    contract: Contract | None = None,
    meter: Meter | None = None,
    photos: dict[str, UploadedFile] | None = None,
) -> CustomerRequest:
    request = CustomerRequest.objects.create(
        customer=customer, kind=kind, payload=payload, contract=contract, meter=meter
    )
    for meter_number, upload in (photos or {}).items():
        RequestPhoto.objects.create(
            request=request,
            meter_number=meter_number,
            content_type=PHOTO_CONTENT_TYPE,
            image=photo_encoded(upload),
        )
    return request


def meter_reading_submit(
    *,
    customer: Customer,
    meter: Meter,
    value: Decimal,
    read_on: date,
    today: date,
    confirmed: bool = False,
    photo: UploadedFile | None = None,
) -> CustomerRequest:
    errors: dict = {}
    reading = ReadingInput(meter=meter, value=value, confirmed=confirmed, photo=photo)
    payload = _reading_checked(reading, read_on=read_on, today=today, errors=errors)
    if errors:
        raise ValidationError(errors)
    return _request_create(
        customer=customer,
        kind=CustomerRequest.Kind.METER_READING,
        payload=payload,
        contract=meter.meter_point.contract,
        meter=meter,
        photos={meter.number: photo} if photo else None,
    )


def _first_of_next_month(today: date) -> date:
    return (today.replace(day=1) + timedelta(days=32)).replace(day=1)


def instalment_change_submit(
    *, customer: Customer, contract: Contract, amount: Decimal, today: date
) -> CustomerRequest:
    bounds = instalment_bounds(contract=contract, today=today)
    if bounds is None:
        raise ValidationError(
            _("Für diesen Vertrag können wir den Abschlag nicht online berechnen.")
        )
    if not bounds.lower <= amount <= bounds.upper:
        raise ValidationError(
            {
                "amount": _("Bitte wählen Sie einen Betrag zwischen %(lower)s € und %(upper)s €.")
                % {"lower": bounds.lower, "upper": bounds.upper}
            }
        )
    if bounds.current is not None and amount == bounds.current:
        raise ValidationError({"amount": _("So hoch ist Ihr Abschlag bereits.")})
    payload = {
        "contract_number": contract.contract_number,
        "amount": str(amount.quantize(Decimal("0.01"))),
        "valid_from": _first_of_next_month(today).isoformat(),
        "previous_amount": str(bounds.current) if bounds.current is not None else None,
        "allowed_range": [str(bounds.lower), str(bounds.upper)],
    }
    return _request_create(
        customer=customer,
        kind=CustomerRequest.Kind.INSTALMENT,
        payload=payload,
        contract=contract,
    )


def bank_details_change_submit(
    *, customer: Customer, account_holder: str, iban: str, bic: str, accepted_at: datetime
) -> CustomerRequest:
    """`iban` has been validated (schwifty, SEPA zone) by the form; the mandate text
    version is the one shown, and `accepted_at` when the customer accepted it."""
    payload = {
        "account_holder": account_holder,
        "iban": iban,
        "bic": bic,
        "mandate_text_version": MANDATE_TEXT_VERSION,
        "mandate_accepted_at": accepted_at.isoformat(),
    }
    return _request_create(
        customer=customer, kind=CustomerRequest.Kind.BANK_DETAILS, payload=payload
    )


#: A move may be reported this far back and ahead of the moving-out date.
MOVE_DAYS_BACK = 42
MOVE_DAYS_AHEAD = 365


def _address_key(address: dict[str, str]) -> tuple[str, ...]:
    """An address as compared: case, spaces, ß/ss and "Str." for "Straße" do not count."""
    street = address["street"].casefold().replace("str.", "strasse")
    return (
        " ".join(street.split()),
        address["postal_code"].strip(),
        " ".join(address["town"].casefold().split()),
    )


def move_submit(
    *,
    customer: Customer,
    contracts: list[Contract],
    moving_out_on: date,
    new_address: dict[str, str],
    readings: list[ReadingInput],
    today: date,
) -> CustomerRequest:
    """A move out of the supply address of `contracts`, with the final reading of each
    meter there: required once the moving-out day has come, impossible before it."""
    errors: dict = {}
    if moving_out_on < today - timedelta(days=MOVE_DAYS_BACK):
        errors["moving_out_on"] = [
            _(
                "Ein Auszug, der mehr als %(days)d Tage zurückliegt, lässt sich nicht online "
                "melden. Bitte rufen Sie uns an."
            )
            % {"days": MOVE_DAYS_BACK}
        ]
    elif moving_out_on > today + timedelta(days=MOVE_DAYS_AHEAD):
        errors["moving_out_on"] = [_("Bitte melden Sie Ihren Umzug höchstens ein Jahr im Voraus.")]
    first = contracts[0]
    old_address = {
        "street": first.supply_street,
        "postal_code": first.supply_postal_code,
        "town": first.supply_town,
    }
    if _address_key(new_address) == _address_key(old_address):
        errors["new_street"] = [
            _("Das ist die bisherige Anschrift. Bitte geben Sie die neue Anschrift an.")
        ]
    checked = []
    photos = {}
    for reading in readings:
        if moving_out_on > today:
            if reading.value is not None:
                errors[reading.value_field] = [
                    _(
                        "Den Zählerstand am Auszugstag können Sie erst an diesem Tag ablesen. "
                        "Lassen Sie das Feld leer und melden Sie ihn dann unter "
                        "„Zählerstand melden“."
                    )
                ]
            continue
        if reading.value is None:
            errors[reading.value_field] = [_("Bitte geben Sie den Zählerstand am Auszugstag an.")]
            continue
        if "moving_out_on" in errors:
            continue
        reading.date_field = "moving_out_on"
        checked.append(_reading_checked(reading, read_on=moving_out_on, today=today, errors=errors))
        if reading.photo is not None:
            photos[reading.meter.number] = reading.photo
    if errors:
        raise ValidationError(errors)
    payload = {
        "contract_numbers": [contract.contract_number for contract in contracts],
        "moving_out_on": moving_out_on.isoformat(),
        "old_address": old_address,
        "new_address": new_address,
        "final_readings": checked,
    }
    return _request_create(
        customer=customer,
        kind=CustomerRequest.Kind.MOVE,
        payload=payload,
        contract=first,
        photos=photos,
    )


def contact_change_submit(
    *,
    customer: Customer,
    phone: str,
    correspondence_email: str,
    letter_address: dict[str, str] | None,
    correspondence: str = "",
) -> CustomerRequest:
    """New contact data; empty values stay as they are. `correspondence` is how letters
    and invoices are to be sent ("email" or "post"). The login e-mail address is not
    among them: it belongs to the account, not to the billing system."""
    payload = {
        "phone": phone or None,
        "correspondence": correspondence or None,
        "correspondence_email": correspondence_email or None,
        "letter_address": letter_address,
    }
    return _request_create(customer=customer, kind=CustomerRequest.Kind.CONTACT, payload=payload)
