"""The monthly instalment may be changed within a range derived from consumption and
tariff; the page shows the range and how it comes about, and its edges hold."""

from datetime import date
from decimal import Decimal

import pytest

from portal.models import CustomerRequest, Instalment
from portal.tests.transactions_helpers import TODAY, history_add
from portal.transactions.consumption import instalment_bounds

pytestmark = pytest.mark.django_db
URL = "/kundencenter/abschlag/V-3000001/"


@pytest.fixture
def march(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def history(juergen):
    history_add(juergen)
    Instalment.objects.create(
        contract=juergen.contracts.get(), valid_from=date(2026, 1, 1), amount="81.00"
    )


def test_the_range_comes_from_yearly_consumption_times_price_plus_base_price(juergen, history):
    # 3000 kWh a year at 0.30 € plus 120 € base price: 1020 € a year, 85 € a month.
    bounds = instalment_bounds(contract=juergen.contracts.get(), today=date(2026, 3, 1))

    assert bounds.yearly_consumption == 3000
    assert bounds.expected_monthly == Decimal("85.00")
    assert (bounds.lower, bounds.upper) == (68, 128)
    assert bounds.current == Decimal("81.00")


def test_without_a_consumption_history_the_current_instalment_is_the_basis(juergen):
    Instalment.objects.create(
        contract=juergen.contracts.get(), valid_from=date(2026, 1, 1), amount="81.00"
    )

    bounds = instalment_bounds(contract=juergen.contracts.get(), today=date(2026, 3, 1))

    assert bounds.yearly_consumption is None
    assert (bounds.lower, bounds.upper) == (64, 122)


def test_an_instalment_valid_only_later_is_not_the_current_one(juergen, history):
    Instalment.objects.create(
        contract=juergen.contracts.get(), valid_from=date(2026, 6, 1), amount="99.00"
    )

    bounds = instalment_bounds(contract=juergen.contracts.get(), today=date(2026, 3, 1))

    assert bounds.current == Decimal("81.00")


def test_without_history_and_instalment_the_change_cannot_be_made_online(
    march, juergen_client, juergen
):
    assert instalment_bounds(contract=juergen.contracts.get(), today=date(2026, 3, 1)) is None

    response = juergen_client.post(URL, {"amount": "80"})

    assert "nicht online berechnen" in response.text
    assert not CustomerRequest.objects.exists()


def test_the_page_shows_the_range_and_why(march, juergen_client, history):
    page = juergen_client.get(URL).text

    assert "von 68 € bis 128 € im Monat" in page
    assert "3000 Einheiten im Jahr" in page
    assert "80 % und 150 %" in page


@pytest.mark.parametrize("amount", ["68", "68,00", "128", "127,99", "95,50"])
def test_amounts_within_the_range_edges_included_are_accepted(
    march, juergen_client, history, amount
):
    response = juergen_client.post(URL, {"amount": amount})

    submitted = CustomerRequest.objects.get()
    assert response.status_code == 302
    assert submitted.kind == "instalment"
    assert Decimal(submitted.payload["amount"]) == Decimal(amount.replace(",", "."))
    assert submitted.payload["valid_from"] == "2026-04-01"
    assert submitted.payload["previous_amount"] == "81.00"


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("67,99", "zwischen 68 € und 128 €"),
        ("128,01", "zwischen 68 € und 128 €"),
        ("0", "zwischen 68 € und 128 €"),
        ("81", "So hoch ist Ihr Abschlag bereits."),
        ("", "Bitte geben Sie den neuen Abschlag an."),
        ("achtzig", "Betrag in Euro"),
        ("80,555", "zwei Nachkommastellen"),
    ],
)
def test_amounts_outside_the_range_get_a_german_error_next_to_the_field(
    march, juergen_client, history, amount, message
):
    response = juergen_client.post(URL, {"amount": amount})

    assert not CustomerRequest.objects.exists()
    assert any(message in error for error in response.context["form"].errors["amount"])
    assert 'id="id_amount_error"' in response.text
    if amount:
        assert f'value="{amount}"' in response.text
