"""Demo master data for a few hundred customers, as if imported from the billing system.

Deterministic (Faker de_DE with a fixed seed), so the README can name customers a
newcomer can register with. Loading twice changes nothing.
"""

from datetime import date
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.db import transaction
from faker import Faker
from schwifty import IBAN

from portal.models import (
    BankAccount,
    Contract,
    Customer,
    Instalment,
    Invoice,
    Meter,
    MeterPoint,
    MeterReading,
    OnlineAccess,
    Tariff,
)

DEMO_PASSWORD = "stadtwerk-demo"
DEMO_CUSTOMER_COUNT = 300
FIRST_CUSTOMER_NUMBER = 1000001
TOWNS = [("Musterstadt", "12345"), ("Neudorf", "12346"), ("Altheim", "12347")]
#: Customers the README names: two to register with, one with an activated login.
NAMED_CUSTOMERS = [
    ("1000001", "Erika", "Müller", "Lindenstraße 4", "12345", "Musterstadt"),
    ("1000002", "Jürgen", "Weiß", "Am Mühlbach 12", "12346", "Neudorf"),
    ("1000003", "Anna", "Schmidt", "Bahnhofstraße 7", "12345", "Musterstadt"),
]
DEMO_LOGIN_EMAIL = "anna.schmidt@kunden.example"
DEMO_LOGIN_CUSTOMER = "1000003"

TARIFFS = [
    ("STROM-BASIS", "Stadtstrom Basis", "0.3290", "142.80", Contract.Kind.ELECTRICITY),
    ("STROM-OEKO", "Stadtstrom Öko", "0.3490", "142.80", Contract.Kind.ELECTRICITY),
    ("GAS-BASIS", "Stadtgas Basis", "0.1090", "178.50", Contract.Kind.GAS),
    ("WASSER", "Trinkwasser", "2.3100", "96.00", Contract.Kind.WATER),
    ("FW-STANDARD", "Fernwärme Standard", "0.1290", "310.00", Contract.Kind.DISTRICT_HEATING),
]
#: Yearly consumption drawn from this range, per kind: (low, high, unit).
CONSUMPTION = {
    Contract.Kind.ELECTRICITY: (1500, 4500, Meter.Unit.KWH),
    Contract.Kind.GAS: (8000, 20000, Meter.Unit.KWH),
    Contract.Kind.WATER: (40, 160, Meter.Unit.CUBIC_METRE),
    Contract.Kind.DISTRICT_HEATING: (6000, 15000, Meter.Unit.KWH),
}
READING_YEARS = (2023, 2024, 2025)


def _customers(fake: Faker) -> list[Customer]:
    customers = [
        Customer(
            customer_number=number,
            first_name=first,
            last_name=last,
            street=street,
            postal_code=code,
            town=town,
        )
        for number, first, last, street, code, town in NAMED_CUSTOMERS
    ]
    for number in range(
        FIRST_CUSTOMER_NUMBER + len(customers), FIRST_CUSTOMER_NUMBER + DEMO_CUSTOMER_COUNT
    ):
        town, code = fake.random_element(TOWNS)
        customers.append(
            Customer(
                customer_number=str(number),
                first_name=fake.first_name(),
                last_name=fake.last_name(),
                street=fake.street_address(),
                postal_code=code,
                town=town,
            )
        )
    return Customer.objects.bulk_create(customers)


def _supply(fake: Faker, customer: Customer, tariffs: dict, index: int) -> dict:
    """Everything billed for one contract: the contract, its meter and their history."""
    kinds = [Contract.Kind.ELECTRICITY]
    if fake.boolean(60):
        kinds.append(fake.random_element([Contract.Kind.GAS, Contract.Kind.DISTRICT_HEATING]))
    if fake.boolean(30):
        kinds.append(Contract.Kind.WATER)
    rows = {
        "contracts": [],
        "points": [],
        "meters": [],
        "readings": [],
        "instalments": [],
        "invoices": [],
    }
    for offset, kind in enumerate(kinds):
        serial = f"{index:04d}{offset}"
        tariff = fake.random_element([t for t, k in tariffs.values() if k == kind])
        contract = Contract(
            contract_number=f"V-{serial}",
            customer=customer,
            kind=kind,
            tariff=tariff,
            supply_street=customer.street,
            supply_postal_code=customer.postal_code,
            supply_town=customer.town,
            start_date=date(2022, fake.random_int(1, 12), 1),
        )
        point = MeterPoint(identifier=f"DE0001234{serial}00000000000000000"[:33], contract=contract)
        low, high, unit = CONSUMPTION[kind]
        meter = Meter(number=f"Z-{serial}", meter_point=point, unit=unit)
        yearly = fake.random_int(low, high)
        value = Decimal(fake.random_int(1000, 30000))
        for year in READING_YEARS:
            rows["readings"].append(
                MeterReading(
                    meter=meter,
                    read_on=date(year, 12, 31),
                    value=value,
                    source=MeterReading.Source.UTILITY,
                )
            )
            value += yearly + fake.random_int(-yearly // 10, yearly // 10)
        price = Decimal(tariff.price_per_unit) * yearly + Decimal(tariff.base_price_per_year)
        monthly = (price / 12).quantize(Decimal("1"))
        rows["instalments"].append(
            Instalment(contract=contract, valid_from=date(2026, 1, 1), amount=monthly)
        )
        for year in READING_YEARS[1:]:
            rows["invoices"].append(
                Invoice(
                    number=f"R-{year}-{serial}",
                    contract=contract,
                    issued_on=date(year + 1, 1, 20),
                    period_start=date(year, 1, 1),
                    period_end=date(year, 12, 31),
                    amount=(price * Decimal(fake.random_int(90, 110)) / 100).quantize(
                        Decimal("0.01")
                    ),
                )
            )
        rows["contracts"].append(contract)
        rows["points"].append(point)
        rows["meters"].append(meter)
    return rows


def demo_login_ensure() -> None:
    customer = Customer.objects.get(customer_number=DEMO_LOGIN_CUSTOMER)
    user, created = User.objects.get_or_create(
        username=DEMO_LOGIN_EMAIL, defaults={"email": DEMO_LOGIN_EMAIL}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=DEMO_LOGIN_EMAIL, defaults={"verified": True, "primary": True}
    )
    OnlineAccess.objects.get_or_create(user=user, customer=customer)


@transaction.atomic
def demo_data_load() -> None:
    if not Customer.objects.filter(customer_number=NAMED_CUSTOMERS[0][0]).exists():
        fake = Faker("de_DE")
        fake.seed_instance(2026)
        tariffs = {}
        for code, title, price, base, kind in TARIFFS:
            tariff, _created = Tariff.objects.get_or_create(
                code=code,
                defaults={"title": title, "price_per_unit": price, "base_price_per_year": base},
            )
            tariffs[code] = (tariff, kind)
        rows = {
            "contracts": [],
            "points": [],
            "meters": [],
            "readings": [],
            "instalments": [],
            "invoices": [],
        }
        accounts = []
        for index, customer in enumerate(_customers(fake)):
            for key, values in _supply(fake, customer, tariffs, index).items():
                rows[key].extend(values)
            accounts.append(
                BankAccount(
                    customer=customer,
                    account_holder=customer.full_name,
                    iban=str(
                        IBAN.generate(
                            "DE", bank_code="37040044", account_code=f"{1000000 + index * 7919}"
                        )
                    ),
                    mandate_reference=f"M-{customer.customer_number}",
                )
            )
        BankAccount.objects.bulk_create(accounts)
        # In this order, so each row's parent has its primary key when the row is saved.
        Contract.objects.bulk_create(rows["contracts"])
        MeterPoint.objects.bulk_create(rows["points"])
        Meter.objects.bulk_create(rows["meters"])
        MeterReading.objects.bulk_create(rows["readings"])
        Instalment.objects.bulk_create(rows["instalments"])
        Invoice.objects.bulk_create(rows["invoices"])
    demo_login_ensure()
