import pytest

from portal.tests.conftest import customer_create, login_create
from sms.backends import locmem

LOCMEM = "sms.backends.locmem.SmsBackend"


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    """Every SMS test sends into the in-memory outbox unless it says otherwise."""
    settings.SMS_BACKEND = LOCMEM
    locmem.outbox.clear()
    yield locmem.outbox
    locmem.outbox.clear()


@pytest.fixture
def customer(db):
    return customer_create("4000001", "Karla", "Kolumna", "Neustadt")


@pytest.fixture
def customer_client(client, customer):
    from portal.tests.conftest import PASSWORD

    login_create(customer, "karla@example.org")
    client.post("/kundencenter/anmelden/", {"login": "karla@example.org", "password": PASSWORD})
    return client
