"""Shared pieces of the business-transaction tests: a history of readings, a date to
stand on, and photos to upload."""

import io
from datetime import UTC, date

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.models import MeterReading

#: The fixture meter reads 4711 on 31.12.2025; with 1711 a year before, it uses
#: 3000 kWh a year (about 8.2 a day).
TODAY = "2026-03-01 10:00 +01:00"


def history_add(customer) -> None:
    meter = customer.contracts.get().meter_points.get().meters.get()
    MeterReading.objects.create(
        meter=meter, read_on=date(2024, 12, 31), value=1711, source=MeterReading.Source.UTILITY
    )


def photo_upload(
    name: str = "zaehler.jpg", *, fmt: str = "JPEG", exif_make: str = ""
) -> SimpleUploadedFile:
    image = Image.new("RGB", (64, 48), (200, 180, 20))
    out = io.BytesIO()
    extra = {}
    if exif_make:
        exif = Image.Exif()
        exif[0x010F] = exif_make
        extra["exif"] = exif
    image.save(out, fmt, **extra)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


def requests_of_each_kind(customer) -> list:
    """One request of every kind for `customer` (with history_add done), as the
    services store them on TODAY; the meter reading comes with a photo."""
    from datetime import datetime
    from decimal import Decimal

    from portal.transactions import services

    today = date(2026, 3, 1)
    contract = customer.contracts.get()
    meter = contract.meter_points.get().meters.get()
    return [
        services.meter_reading_submit(
            customer=customer,
            meter=meter,
            value=Decimal("5100.5"),
            read_on=today,
            today=today,
            photo=photo_upload(),
        ),
        services.instalment_change_submit(
            customer=customer, contract=contract, amount=Decimal("90"), today=today
        ),
        services.bank_details_change_submit(
            customer=customer,
            account_holder=customer.full_name,
            iban="DE89370400440532013000",
            bic="COBADEFFXXX",
            accepted_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
        ),
        services.move_submit(
            customer=customer,
            contracts=[contract],
            moving_out_on=date(2026, 6, 30),
            new_address={"street": "Am Markt 5", "postal_code": "01067", "town": "Dresden"},
            readings=[services.ReadingInput(meter=meter, value=None, value_field="reading")],
            today=today,
        ),
        services.contact_change_submit(
            customer=customer,
            phone="+493511234567",
            correspondence_email="post@example.org",
            letter_address=None,
            correspondence="email",
        ),
    ]
