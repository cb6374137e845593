"""Each customer sees their own contracts, meters, readings, instalments, invoices,
access log and requests (Aufträge) with their photos, and nothing of anyone else's:
another customer's id is a 404, and without a login every page asks for one."""

from datetime import date

import pytest
from django.contrib.auth.models import User

from portal.models import (
    AccessLogEntry,
    BankAccount,
    CustomerRequest,
    Instalment,
    Invoice,
    RequestPhoto,
)
from portal.tests.transactions_helpers import photo_upload
from portal.transactions.services import photo_encoded

pytestmark = pytest.mark.django_db

#: Every customer centre URL that takes an id, with the id of the other customer's record.
URLS_WITH_IDS = [
    "/kundencenter/vertraege/{contract}/",
    "/kundencenter/zaehlerstand/{meter}/",
    "/kundencenter/abschlag/{contract}/",
    "/kundencenter/umzug/{contract}/",
    "/kundencenter/auftraege/{request}/",
    "/kundencenter/auftraege/{request}/fotos/{photo}/",
]
#: The forms among them, which must neither show nor store anything for a foreign id.
FORMS_WITH_IDS = [
    ("/kundencenter/zaehlerstand/{meter}/", {"value": "5000", "read_on": "2026-01-15"}),
    ("/kundencenter/abschlag/{contract}/", {"amount": "90"}),
    (
        "/kundencenter/umzug/{contract}/",
        {
            "moving_out_on": "2026-06-30",
            "new_street": "Am Markt 5",
            "new_postal_code": "01067",
            "new_town": "Dresden",
        },
    ),
]
URLS = [
    "/kundencenter/",
    "/kundencenter/vertraege/",
    "/kundencenter/rechnungen/",
    "/kundencenter/zugriffsprotokoll/",
    "/kundencenter/zaehlerstand/",
    "/kundencenter/abschlag/",
    "/kundencenter/bankverbindung/",
    "/kundencenter/umzug/",
    "/kundencenter/kontaktdaten/",
    "/kundencenter/auftraege/",
]
FOREIGN = ("Petra", "Klein", "V-3000002", "Z-3000002", "R-3000002", "192.0.2.99", "99,00")


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


def request_with_photo(customer) -> CustomerRequest:
    meter = customer.contracts.get().meter_points.get().meters.get()
    submitted = CustomerRequest.objects.create(
        customer=customer,
        kind=CustomerRequest.Kind.METER_READING,
        contract=meter.meter_point.contract,
        meter=meter,
        payload={
            "meter_number": meter.number,
            "contract_number": meter.meter_point.contract.contract_number,
            "read_on": "2026-01-15",
            "value": "9999.0",
            "unit": "kWh",
            "plausibility": "far_above_expected",
            "confirmed_by_customer": False,
            "photo": True,
        },
    )
    RequestPhoto.objects.create(
        request=submitted,
        meter_number=meter.number,
        content_type="image/jpeg",
        image=photo_encoded(photo_upload()),
    )
    return submitted


@pytest.fixture
def others_request(other):
    return request_with_photo(other)


@pytest.fixture
def ids(other, others_request):
    return {
        "contract": other.contracts.get().contract_number,
        "meter": "Z-3000002",
        "request": others_request.pk,
        "photo": others_request.photos.get().pk,
    }


@pytest.mark.parametrize("url", URLS_WITH_IDS)
def test_another_customers_id_is_not_found(juergen_client, billed, ids, url):
    response = juergen_client.get(url.format(**ids))

    assert response.status_code == 404
    assert "3000002" not in response.text
    assert "9999" not in response.text
    assert not response.get("Content-Type", "").startswith("image/")


@pytest.mark.parametrize("url", URLS_WITH_IDS)
def test_an_unknown_id_is_not_found_either(juergen_client, url):
    unknown = {"contract": "V-0000000", "meter": "Z-0000000", "request": 999999, "photo": 999999}
    assert juergen_client.get(url.format(**unknown)).status_code == 404


@pytest.mark.parametrize(("url", "data"), FORMS_WITH_IDS)
def test_a_form_sent_for_another_customers_id_is_not_found_and_stores_nothing(
    juergen_client, billed, ids, url, data
):
    before = CustomerRequest.objects.count()

    response = juergen_client.post(url.format(**ids), data)

    assert response.status_code == 404
    assert CustomerRequest.objects.count() == before


def test_another_customers_photo_is_not_found_under_ones_own_request(juergen_client, juergen, ids):
    own = request_with_photo(juergen)

    response = juergen_client.get(f"/kundencenter/auftraege/{own.pk}/fotos/{ids['photo']}/")

    assert response.status_code == 404


def test_ones_own_photo_is_served_privately_and_not_cached(juergen_client, juergen):
    own = request_with_photo(juergen)

    response = juergen_client.get(f"/kundencenter/auftraege/{own.pk}/fotos/{own.photos.get().pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response.content[:2] == b"\xff\xd8"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("url", URLS + URLS_WITH_IDS)
def test_without_a_login_every_page_asks_for_one(client, ids, url):
    response = client.get(url.format(**ids))

    assert response.status_code == 302
    assert response["Location"].startswith("/kundencenter/anmelden/?next=")


def test_the_contract_page_shows_meter_readings_instalments_and_invoices(
    juergen_client, juergen, billed
):
    page = juergen_client.get("/kundencenter/vertraege/V-3000001/").text

    assert "Zähler Z-3000001" in page
    assert "4711,0 kWh" in page or "4711.0 kWh" in page
    assert "81,00 €" in page or "81.00 €" in page
    assert "R-3000001" in page


@pytest.mark.parametrize("url", URLS)
def test_no_page_shows_anything_of_another_customer(
    juergen_client, other, billed, others_request, url
):
    AccessLogEntry.objects.create(customer=other, ip_address="192.0.2.99", action="login")

    response = juergen_client.get(url)

    assert response.status_code == 200
    for foreign in (*FOREIGN, "9999"):
        assert foreign not in response.text
    assert f"/kundencenter/auftraege/{others_request.pk}/" not in response.text


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
