"""A customer reports a move out (Umzug): the moving-out date within limits, a new
address that is one, and for every meter at the old address the final reading, checked
like any meter reading. Every error is German, next to its field, and what was typed
stays."""

from datetime import date

import pytest

from portal.models import Contract, CustomerRequest, Meter, MeterPoint, MeterReading, Tariff
from portal.tests.transactions_helpers import TODAY, history_add, photo_upload

pytestmark = pytest.mark.django_db
URL = "/kundencenter/umzug/V-3000001/"
NEW_ADDRESS = {"new_street": "Am Markt 5", "new_postal_code": "01067", "new_town": "Dresden"}


@pytest.fixture
def march(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def meter(juergen):
    history_add(juergen)
    return juergen.contracts.get().meter_points.get().meters.get()


@pytest.fixture
def gas_meter(juergen, meter):
    """A second contract at the same supply address, with its own meter."""
    tariff = Tariff.objects.create(
        code="GAS", title="Stadtgas", price_per_unit=0.1, base_price_per_year=100
    )
    contract = Contract.objects.create(
        contract_number="V-3000011",
        customer=juergen,
        kind=Contract.Kind.GAS,
        tariff=tariff,
        supply_street="Hauptstraße 1",
        supply_postal_code="12345",
        supply_town="Lüdenscheid",
        start_date=date(2024, 1, 1),
    )
    point = MeterPoint.objects.create(identifier="DE-3000011", contract=contract)
    gas = Meter.objects.create(number="G-3000011", meter_point=point, unit=Meter.Unit.KWH)
    for read_on, value in ((date(2024, 12, 31), 1000), (date(2025, 12, 31), 13000)):
        MeterReading.objects.create(meter=gas, read_on=read_on, value=value, source="utility")
    return gas


def move_data(meter, **changes) -> dict:
    return {"moving_out_on": "2026-02-28", **NEW_ADDRESS, f"reading_{meter.pk}": "5100", **changes}


def test_a_move_with_its_final_reading_is_stored(march, juergen_client, juergen, meter):
    response = juergen_client.post(URL, move_data(meter), follow=True)

    submitted = CustomerRequest.objects.get()
    assert submitted.customer == juergen
    assert submitted.kind == "move"
    data = submitted.payload
    assert data["moving_out_on"] == "2026-02-28"
    assert data["contract_numbers"] == ["V-3000001"]
    assert data["old_address"] == {
        "street": "Hauptstraße 1",
        "postal_code": "12345",
        "town": "Lüdenscheid",
    }
    assert data["new_address"] == {
        "street": "Am Markt 5",
        "postal_code": "01067",
        "town": "Dresden",
    }
    [reading] = data["final_readings"]
    assert reading["meter_number"] == "Z-3000001"
    assert reading["read_on"] == "2026-02-28"
    assert reading["value"] == "5100"
    assert reading["plausibility"] == "plausible"
    assert response.redirect_chain[-1][0] == f"/kundencenter/auftraege/{submitted.pk}/"
    assert "Am Markt 5, 01067 Dresden" in response.text


def test_a_move_in_the_future_is_reported_without_readings(march, juergen_client, meter):
    juergen_client.post(
        URL, move_data(meter, moving_out_on="2026-06-30", **{f"reading_{meter.pk}": ""})
    )

    submitted = CustomerRequest.objects.get()
    assert submitted.payload["moving_out_on"] == "2026-06-30"
    assert submitted.payload["final_readings"] == []


def test_every_meter_at_the_old_address_needs_its_final_reading(
    march, juergen_client, meter, gas_meter
):
    page = juergen_client.get(URL).text
    assert "Z-3000001" in page and "G-3000011" in page

    response = juergen_client.post(URL, move_data(meter))

    assert not CustomerRequest.objects.exists()
    errors = response.context["form"].errors[f"reading_{gas_meter.pk}"]
    assert "Bitte geben Sie den Zählerstand am Auszugstag an." in errors
    assert 'value="5100"' in response.text

    juergen_client.post(URL, move_data(meter, **{f"reading_{gas_meter.pk}": "13500"}))

    submitted = CustomerRequest.objects.get()
    assert submitted.payload["contract_numbers"] == ["V-3000001", "V-3000011"]
    assert [r["meter_number"] for r in submitted.payload["final_readings"]] == [
        "Z-3000001",
        "G-3000011",
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"moving_out_on": ""}, "moving_out_on", "Bitte geben Sie das Auszugsdatum an."),
        ({"moving_out_on": "morgen"}, "moving_out_on", "gültiges Datum"),
        ({"moving_out_on": "2026-01-17"}, "moving_out_on", "mehr als 42 Tage zurückliegt"),
        ({"moving_out_on": "2027-03-02"}, "moving_out_on", "höchstens ein Jahr im Voraus"),
        ({"new_street": ""}, "new_street", "Bitte geben Sie Straße und Hausnummer an."),
        ({"new_street": "Am Markt"}, "new_street", "Hausnummer"),
        ({"new_postal_code": ""}, "new_postal_code", "Bitte geben Sie die Postleitzahl an."),
        ({"new_postal_code": "1067"}, "new_postal_code", "fünfstellige Postleitzahl"),
        ({"new_postal_code": "O1067"}, "new_postal_code", "fünfstellige Postleitzahl"),
        ({"new_town": ""}, "new_town", "Bitte geben Sie den Ort an."),
        (
            {"new_street": "Hauptstraße 1", "new_postal_code": "12345", "new_town": "Lüdenscheid"},
            "new_street",
            "bisherige Anschrift",
        ),
        (
            {"new_street": "HAUPTSTR.  1", "new_postal_code": "12345", "new_town": "lüdenscheid"},
            "new_street",
            "bisherige Anschrift",
        ),
        ({"reading": ""}, "reading", "Bitte geben Sie den Zählerstand am Auszugstag an."),
        ({"reading": "viel"}, "reading", "als Zahl an"),
        ({"reading": "-1"}, "reading", "größer oder gleich 0"),
        (
            {"moving_out_on": "2026-04-30", "reading": "5100"},
            "reading",
            "erst an diesem Tag ablesen",
        ),
    ],
)
def test_bad_input_gets_a_german_error_next_to_the_field_and_keeps_what_was_typed(
    march, juergen_client, meter, changes, field, message
):
    changes = {
        (f"reading_{meter.pk}" if name == "reading" else name): value
        for name, value in changes.items()
    }
    field = f"reading_{meter.pk}" if field == "reading" else field
    typed = move_data(meter, **changes)

    response = juergen_client.post(URL, typed)

    assert response.status_code == 200
    assert not CustomerRequest.objects.exists()
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert f'id="id_{field}_error"' in response.text
    for name, value in typed.items():
        if value:
            assert f'value="{value}"' in response.text, name


def test_the_moving_out_date_must_follow_the_last_reading_of_a_meter(march, juergen_client, meter):
    MeterReading.objects.create(
        meter=meter, read_on=date(2026, 2, 25), value=5000, source=MeterReading.Source.UTILITY
    )

    response = juergen_client.post(URL, move_data(meter, moving_out_on="2026-02-20"))

    assert not CustomerRequest.objects.exists()
    errors = response.context["form"].errors["moving_out_on"]
    assert any("nach dem letzten Ablesedatum (25.02.2026)" in error for error in errors), errors


def test_an_implausible_final_reading_asks_for_confirmation_like_a_meter_reading(
    march, juergen_client, meter
):
    confirm = f"confirm_{meter.pk}"
    assert f'name="{confirm}"' not in juergen_client.get(URL).text

    first = juergen_client.post(URL, move_data(meter, **{f"reading_{meter.pk}": "4700"}))

    assert not CustomerRequest.objects.exists()
    assert "niedriger als der letzte Stand vom 31.12.2025" in first.text
    assert f'name="{confirm}"' in first.text

    juergen_client.post(URL, move_data(meter, **{f"reading_{meter.pk}": "4700", confirm: "on"}))

    [reading] = CustomerRequest.objects.get().payload["final_readings"]
    assert reading["plausibility"] == "lower_than_last"
    assert reading["confirmed_by_customer"] is True


def test_a_final_reading_far_above_the_expectation_is_accepted_with_a_photo(
    march, juergen_client, meter
):
    high = move_data(meter, **{f"reading_{meter.pk}": "9000"})
    assert "mehr als doppelt so hoch wie erwartet" in juergen_client.post(URL, high).text

    juergen_client.post(URL, {**high, f"photo_{meter.pk}": photo_upload()})

    submitted = CustomerRequest.objects.get()
    [reading] = submitted.payload["final_readings"]
    assert reading["plausibility"] == "far_above_expected"
    assert reading["photo"] is True
    assert submitted.photos.get().meter_number == "Z-3000001"


def test_a_photo_that_is_no_image_is_refused_next_to_its_meter(march, juergen_client, meter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = juergen_client.post(
        URL,
        {
            **move_data(meter),
            f"photo_{meter.pk}": SimpleUploadedFile(
                "z.jpg", b"no image", content_type="image/jpeg"
            ),
        },
    )

    assert not CustomerRequest.objects.exists()
    assert "kein Bild" in " ".join(response.context["form"].errors[f"photo_{meter.pk}"])


def test_the_choice_lists_each_running_supply_address_once(
    march, juergen_client, juergen, gas_meter
):
    page = juergen_client.get("/kundencenter/umzug/").text

    assert page.count("/kundencenter/umzug/V-") == 1


def test_an_ended_contract_cannot_be_moved_out_of(march, juergen_client, juergen, meter):
    juergen.contracts.update(end_date=date(2026, 1, 31))

    assert juergen_client.get(URL).status_code == 404
    assert juergen_client.post(URL, move_data(meter)).status_code == 404
    assert not CustomerRequest.objects.exists()
