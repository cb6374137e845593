"""Each customer sees their own contracts, meters, readings, instalments, invoices and
access log, and nothing of anyone else's: another customer's id is a 404."""

from datetime import date

import pytest
from django.contrib.auth.models import User

from portal.models import AccessLogEntry, BankAccount, Instalment, Invoice

pytestmark = pytest.mark.django_db

#: Every customer centre URL that takes an id, with the id of the other customer's record.
URLS_WITH_IDS = ["/kundencenter/vertraege/{contract}/"]
URLS = [
    "/kundencenter/",
    "/kundencenter/vertraege/",
    "/kundencenter/rechnungen/",
    "/kundencenter/zugriffsprotokoll/",
]


@pytest.fixture
def billed(juergen, other):
    for customer, amount in ((juergen, "81.00"), (other, "99.00")):
        contract = customer.contracts.get()
        Instalment.objects.create(contract=contract, valid_from=date(2026, 1, 1), amount=amount)
        Invoice.objects.create(
            number=f"R-{customer.customer_number}",
            contract=contract,
            issued_on=date(2026, 1, 20),
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
            amount="1234.56",
        )
        BankAccount.objects.create(
            customer=customer, account_holder=customer.full_name, iban="DE89370400440532013000"
        )


@pytest.mark.parametrize("url", URLS_WITH_IDS)
def test_another_customers_id_is_not_found(juergen_client, other, billed, url):
    response = juergen_client.get(url.format(contract=other.contracts.get().contract_number))

    assert response.status_code == 404
    assert "3000002" not in response.text


@pytest.mark.parametrize("url", URLS_WITH_IDS)
def test_an_unknown_id_is_not_found_either(juergen_client, url):
    assert juergen_client.get(url.format(contract="V-0000000")).status_code == 404


def test_the_contract_page_shows_meter_readings_instalments_and_invoices(
    juergen_client, juergen, billed
):
    page = juergen_client.get("/kundencenter/vertraege/V-3000001/").text

    assert "Zähler Z-3000001" in page
    assert "4711,0 kWh" in page or "4711.0 kWh" in page
    assert "81,00 €" in page or "81.00 €" in page
    assert "R-3000001" in page


@pytest.mark.parametrize("url", URLS)
def test_no_page_shows_anything_of_another_customer(juergen_client, other, billed, url):
    AccessLogEntry.objects.create(customer=other, ip_address="192.0.2.99", action="login")

    page = juergen_client.get(url).text

    for foreign in ("Petra", "Klein", "V-3000002", "Z-3000002", "R-3000002", "192.0.2.99", "99,00"):
        assert foreign not in page


def test_the_iban_is_masked(juergen_client, billed):
    page = juergen_client.get("/kundencenter/").text

    assert "DE89370400440532013000" not in page
    assert "DE•• •••• •••• •••• ••30 00" in page


def test_a_login_without_a_customer_sees_no_customer_data(client, juergen):
    User.objects.create_user("redaktion", "redaktion@example.org", "x")
    client.login(username="redaktion", password="x")

    # allauth turns a 404 at the common prefix of its pages into a redirect to the
    # e-mail page, which has no customer to show either.
    assert client.get("/kundencenter/", follow=True).status_code == 404
    assert client.get("/kundencenter/e-mail/").status_code == 404
    assert client.get("/kundencenter/meine-daten/").status_code == 404
