import re
from datetime import date

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.core import mail

from portal.models import Contract, Customer, Meter, MeterPoint, MeterReading, OnlineAccess, Tariff

PASSWORD = "Wasserturm-Abendrot-17"


def customer_create(number: str, first: str, last: str, town: str) -> Customer:
    customer = Customer.objects.create(
        customer_number=number,
        first_name=first,
        last_name=last,
        street="Hauptstraße 1",
        postal_code="12345",
        town=town,
    )
    tariff, _ = Tariff.objects.get_or_create(
        code="STROM",
        defaults={"title": "Stadtstrom", "price_per_unit": 0.3, "base_price_per_year": 120},
    )
    contract = Contract.objects.create(
        contract_number=f"V-{number}",
        customer=customer,
        kind=Contract.Kind.ELECTRICITY,
        tariff=tariff,
        supply_street=customer.street,
        supply_postal_code=customer.postal_code,
        supply_town=town,
        start_date=date(2024, 1, 1),
    )
    point = MeterPoint.objects.create(identifier=f"DE-{number}", contract=contract)
    meter = Meter.objects.create(number=f"Z-{number}", meter_point=point, unit=Meter.Unit.KWH)
    MeterReading.objects.create(
        meter=meter, read_on=date(2025, 12, 31), value=4711, source=MeterReading.Source.UTILITY
    )
    return customer


def login_create(customer: Customer, email: str) -> User:
    user = User.objects.create_user(f"kunde-{customer.customer_number}", email, PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    OnlineAccess.objects.create(user=user, customer=customer)
    return user


@pytest.fixture
def juergen(db):
    return customer_create("3000001", "Jürgen", "Weiß", "Lüdenscheid")


@pytest.fixture
def other(db):
    return customer_create("3000002", "Petra", "Klein", "Neudorf")


@pytest.fixture
def juergen_client(client, juergen):
    login_create(juergen, "juergen@example.org")
    client.post("/kundencenter/anmelden/", {"login": "juergen@example.org", "password": PASSWORD})
    return client


def link_in_last_mail(pattern: str = r"http://\S+/kundencenter/aktivieren/\S+/") -> str:
    found = re.search(pattern, mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(0).split("127.0.0.1:8000", 1)[-1]
