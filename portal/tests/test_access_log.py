"""Every login, logout, failed login and data access is logged with customer, time,
IP and action; the customer sees their own log; entries go after 90 days."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from portal.models import AccessLogEntry
from portal.tests.conftest import PASSWORD, login_create
from privacy.retention import purge

pytestmark = pytest.mark.django_db


def actions(customer):
    return list(
        AccessLogEntry.objects.filter(customer=customer)
        .order_by("at", "pk")
        .values_list("action", "ip_address", "detail")
    )


def test_login_data_access_failed_login_and_logout_are_logged(client, juergen):
    login_create(juergen, "juergen@example.org")
    client.post(
        "/kundencenter/anmelden/",
        {"login": "juergen@example.org", "password": "falsch-falsch"},
        REMOTE_ADDR="192.0.2.1",
    )
    client.post(
        "/kundencenter/anmelden/",
        {"login": "juergen@example.org", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.2",
    )
    client.get("/kundencenter/vertraege/", REMOTE_ADDR="192.0.2.3")
    client.post("/kundencenter/abmelden/", REMOTE_ADDR="192.0.2.4")

    assert actions(juergen) == [
        ("login_failed", "192.0.2.1", ""),
        ("login", "192.0.2.2", ""),
        ("view", "192.0.2.3", "contracts"),
        ("logout", "192.0.2.4", ""),
    ]


def test_the_customer_sees_their_recent_log(juergen_client):
    page = juergen_client.get("/kundencenter/zugriffsprotokoll/").text

    assert "Anmeldung" in page
    assert "Datenabruf" in page
    assert "127.0.0.1" in page


def test_entries_are_deleted_after_90_days(juergen):
    with time_machine.travel(timezone.now() - timedelta(days=91)):
        AccessLogEntry.objects.create(customer=juergen, ip_address="192.0.2.1", action="login")
    with time_machine.travel(timezone.now() - timedelta(days=89)):
        AccessLogEntry.objects.create(customer=juergen, ip_address="192.0.2.2", action="login")

    purge(activity_key="portal.access_log")

    assert list(AccessLogEntry.objects.values_list("ip_address", flat=True)) == ["192.0.2.2"]
