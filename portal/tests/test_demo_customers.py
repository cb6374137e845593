import pytest

from portal.demo import DEMO_CUSTOMER_COUNT, demo_data_load
from portal.models import Contract, Customer, OnlineAccess

pytestmark = pytest.mark.django_db


def test_demo_data_has_the_customers_the_readme_names_and_loads_twice_without_change():
    demo_data_load()
    demo_data_load()

    assert Customer.objects.count() == DEMO_CUSTOMER_COUNT
    erika = Customer.objects.get(customer_number="1000001")
    assert (erika.full_name, erika.town) == ("Erika Müller", "Musterstadt")
    assert Contract.objects.filter(customer=erika).exists()
    assert OnlineAccess.objects.get().user.email == "anna.schmidt@kunden.example"


def test_demo_data_is_the_same_on_every_load_from_scratch():
    demo_data_load()
    first = list(Customer.objects.values_list("customer_number", "last_name", "town"))
    OnlineAccess.objects.all().delete()
    Customer.objects.all().delete()

    demo_data_load()

    assert list(Customer.objects.values_list("customer_number", "last_name", "town")) == first
