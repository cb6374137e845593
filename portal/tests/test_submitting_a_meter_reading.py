"""A customer submits a meter reading: a plausible one is stored at once, an unusual one
needs a confirmation or a photo; what was typed stays, every error is German and sits
next to its field; the reading then shows on the requests list and the contract page."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.models import CustomerRequest, RequestPhoto
from portal.tests.transactions_helpers import TODAY, history_add, photo_upload

pytestmark = pytest.mark.django_db
URL = "/kundencenter/zaehlerstand/Z-3000001/"


@pytest.fixture
def march(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def history(juergen):
    history_add(juergen)


def test_a_plausible_reading_is_stored_and_confirmed_on_a_receipt(
    march, juergen_client, juergen, history
):
    response = juergen_client.post(URL, {"value": "5100,5", "read_on": "2026-03-01"}, follow=True)

    submitted = CustomerRequest.objects.get()
    assert submitted.customer == juergen
    assert submitted.kind == "meter_reading"
    assert submitted.payload["value"] == "5100.5"
    assert submitted.payload["read_on"] == "2026-03-01"
    assert submitted.payload["plausibility"] == "plausible"
    assert response.redirect_chain[-1][0] == f"/kundencenter/auftraege/{submitted.pk}/"
    assert "Ihr Auftrag ist bei uns eingegangen" in response.text
    assert "offen" in response.text


def test_the_form_offers_today_and_names_the_last_reading(march, juergen_client, history):
    page = juergen_client.get(URL).text

    assert 'value="2026-03-01"' in page
    assert "4711,0 kWh am 31.12.2025" in page or "4711.0 kWh am 31.12.2025" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"value": "", "read_on": "2026-03-01"}, "value", "Bitte geben Sie den Zählerstand an."),
        ({"value": "viel", "read_on": "2026-03-01"}, "value", "als Zahl an"),
        ({"value": "-5", "read_on": "2026-03-01"}, "value", "größer oder gleich 0"),
        ({"value": "5000,55", "read_on": "2026-03-01"}, "value", "Nachkommastelle"),
        ({"value": "5000", "read_on": ""}, "read_on", "Bitte geben Sie das Ablesedatum an."),
        ({"value": "5000", "read_on": "gestern"}, "read_on", "gültiges Datum"),
        ({"value": "5000", "read_on": "2026-03-02"}, "read_on", "nicht in der Zukunft"),
        ({"value": "5000", "read_on": "2025-12-31"}, "read_on", "nach dem letzten Ablesedatum"),
    ],
)
def test_bad_input_gets_a_german_error_next_to_the_field_and_keeps_what_was_typed(
    march, juergen_client, history, data, field, message
):
    response = juergen_client.post(URL, data)

    assert response.status_code == 200
    assert not CustomerRequest.objects.exists()
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert f'id="id_{field}_error"' in response.text
    if data[field]:
        assert f'value="{data[field]}"' in response.text


def test_a_reading_lower_than_the_last_asks_for_confirmation_then_is_stored(
    march, juergen_client, history
):
    first = juergen_client.post(URL, {"value": "4700", "read_on": "2026-03-01"})

    assert not CustomerRequest.objects.exists()
    assert "niedriger als der letzte Stand vom 31.12.2025 (4711,0 kWh)" in first.text
    assert 'name="confirm"' in first.text
    assert 'value="4700"' in first.text

    juergen_client.post(URL, {"value": "4700", "read_on": "2026-03-01", "confirm": "on"})

    submitted = CustomerRequest.objects.get()
    assert submitted.payload["plausibility"] == "lower_than_last"
    assert submitted.payload["confirmed_by_customer"] is True


def test_the_confirmation_box_is_not_offered_for_a_plausible_form(march, juergen_client, history):
    assert 'name="confirm"' not in juergen_client.get(URL).text


def test_a_reading_far_above_the_expectation_is_accepted_with_a_photo(
    march, juergen_client, history
):
    response = juergen_client.post(URL, {"value": "9000", "read_on": "2026-03-01"})
    # 60 days since 31.12.2025 at 3000 kWh a year: about 493 kWh expected.
    assert "mehr als doppelt so hoch wie erwartet (etwa 493 kWh)" in response.text

    juergen_client.post(URL, {"value": "9000", "read_on": "2026-03-01", "photo": photo_upload()})

    submitted = CustomerRequest.objects.get()
    assert submitted.payload["plausibility"] == "far_above_expected"
    assert submitted.payload["photo"] is True
    assert submitted.photos.get().meter_number == "Z-3000001"


def test_a_photo_is_stored_without_its_camera_metadata(march, juergen_client, history):
    juergen_client.post(
        URL,
        {"value": "5000", "read_on": "2026-03-01", "photo": photo_upload(exif_make="Kamera X")},
    )

    stored = Image.open(io.BytesIO(bytes(RequestPhoto.objects.get().image)))
    assert stored.format == "JPEG"
    assert 0x010F not in stored.getexif()


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("zaehler.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg"),
        SimpleUploadedFile("zaehler.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
    ],
)
def test_a_file_that_is_no_image_is_refused(march, juergen_client, history, upload):
    response = juergen_client.post(URL, {"value": "9000", "read_on": "2026-03-01", "photo": upload})

    assert not CustomerRequest.objects.exists()
    assert "kein Bild" in " ".join(response.context["form"].errors["photo"])
    assert 'value="9000"' in response.text


def test_a_photo_in_another_image_format_is_refused(march, juergen_client, history):
    response = juergen_client.post(
        URL, {"value": "5000", "read_on": "2026-03-01", "photo": photo_upload("z.gif", fmt="GIF")}
    )

    assert "JPEG, PNG oder WebP" in " ".join(response.context["form"].errors["photo"])


def test_a_photo_above_the_size_limit_is_refused(march, juergen_client, history, settings):
    settings.PORTAL_METER_PHOTO_MAX_BYTES = 100

    response = juergen_client.post(
        URL, {"value": "5000", "read_on": "2026-03-01", "photo": photo_upload()}
    )

    assert "zu groß" in " ".join(response.context["form"].errors["photo"])
    assert not CustomerRequest.objects.exists()


def test_the_customer_sees_their_photo_privately_and_nobody_gets_it_by_a_public_url(
    march, juergen_client, history
):
    juergen_client.post(URL, {"value": "9000", "read_on": "2026-03-01", "photo": photo_upload()})
    submitted = CustomerRequest.objects.get()
    photo = submitted.photos.get()
    url = f"/kundencenter/auftraege/{submitted.pk}/fotos/{photo.pk}/"

    response = juergen_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert url in juergen_client.get(f"/kundencenter/auftraege/{submitted.pk}/").text

    juergen_client.post("/kundencenter/abmelden/")
    assert juergen_client.get(url).status_code == 302


def test_the_reading_appears_as_reported_on_the_contract_page_and_in_the_list(
    march, juergen_client, history
):
    juergen_client.post(URL, {"value": "5100", "read_on": "2026-02-28"})

    contract_page = juergen_client.get("/kundencenter/vertraege/V-3000001/").text
    listing = juergen_client.get("/kundencenter/auftraege/").text

    assert "gemeldet, noch nicht übernommen" in contract_page
    assert "28.02.2026" in contract_page
    assert "Zählerstand" in listing and "28.02.2026" in listing and "offen" in listing


def test_a_reading_the_billing_system_has_returned_is_no_longer_shown_as_reported(
    march, juergen_client, juergen, history
):
    from portal.models import MeterReading

    juergen_client.post(URL, {"value": "5100", "read_on": "2026-02-28"})
    meter = juergen.contracts.get().meter_points.get().meters.get()
    MeterReading.objects.create(
        meter=meter, read_on="2026-02-28", value=Decimal("5100"), source="customer"
    )

    assert (
        "gemeldet, noch nicht übernommen"
        not in juergen_client.get("/kundencenter/vertraege/V-3000001/").text
    )
