"""Whatever is typed or sent into a transaction form, the answer is the form again with
a German error, never a server error and never a stored request."""

import pytest

from portal.models import CustomerRequest
from portal.tests.transactions_helpers import TODAY, history_add

pytestmark = pytest.mark.django_db
ODD = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "1e5",
    "0001-01-01",
    "9999-12-31",
    "\x00",
    "ä" * 300,
]


@pytest.fixture
def march(time_machine, juergen):
    time_machine.move_to(TODAY, tick=False)
    history_add(juergen)


def forms(meter_pk: int) -> list[tuple[str, dict, str]]:
    """(URL, a good submission, the field the odd value goes into)."""
    move = {
        "moving_out_on": "2026-02-28",
        "new_street": "Am Markt 5",
        "new_postal_code": "01067",
        "new_town": "Dresden",
        f"reading_{meter_pk}": "5100",
    }
    return [
        ("/kundencenter/zaehlerstand/Z-3000001/", {"value": "5100", "read_on": "2026-02-28"}, f)
        for f in ("value", "read_on")
    ] + [
        ("/kundencenter/abschlag/V-3000001/", {"amount": "90"}, "amount"),
        ("/kundencenter/bankverbindung/", {"account_holder": "J", "iban": "x"}, "iban"),
        ("/kundencenter/umzug/V-3000001/", move, "moving_out_on"),
        ("/kundencenter/umzug/V-3000001/", move, f"reading_{meter_pk}"),
        ("/kundencenter/umzug/V-3000001/", move, "new_postal_code"),
        ("/kundencenter/kontaktdaten/", {}, "phone"),
        ("/kundencenter/kontaktdaten/", {}, "correspondence_email"),
        ("/kundencenter/kontaktdaten/", {}, "correspondence"),
    ]


@pytest.mark.parametrize("odd", ODD)
def test_odd_values_get_the_form_back_with_an_error(march, juergen, juergen_client, odd):
    meter = juergen.contracts.get().meter_points.get().meters.get()
    for url, good, field in forms(meter.pk):
        response = juergen_client.post(url, {**good, field: odd})

        if odd == "1e5" and field in ("value", f"reading_{meter.pk}"):
            # A number after all (100000): far above the expectation, so asked about.
            assert "mehr als doppelt so hoch" in response.text
        assert response.status_code == 200, (url, field, odd)
        assert response.context["form"].errors, (url, field, odd)
    assert not CustomerRequest.objects.exists()
