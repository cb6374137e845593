"""Shared pieces of the business-transaction tests: a history of readings, a date to
stand on, and photos to upload."""

import io
from datetime import date

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
