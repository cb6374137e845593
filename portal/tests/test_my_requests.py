"""Under "Meine Aufträge" the customer finds every request they sent, newest first, with
what they asked for and whether the billing system has taken it over."""

import io

import pytest
from django.core.management import call_command

from portal.tests.transactions_helpers import TODAY, history_add, requests_of_each_kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(time_machine, juergen):
    time_machine.move_to(TODAY, tick=False)
    history_add(juergen)
    return requests_of_each_kind(juergen)


def test_the_list_shows_every_kind_newest_first_with_its_details(juergen_client, submitted):
    page = juergen_client.get("/kundencenter/auftraege/").text

    positions = [page.index(f"/kundencenter/auftraege/{r.pk}/") for r in submitted]
    assert positions == sorted(positions, reverse=True)
    for expected in (
        "Zählerstand",
        "5100,5 kWh (mit Foto)",
        "Abschlag ändern",
        "90,00 €",
        "01.04.2026",
        "Bankverbindung ändern",
        "DE•• •••• •••• •••• ••30 00",
        "Umzug",
        "30.06.2026",
        "Am Markt 5, 01067 Dresden",
        "Kontaktdaten ändern",
        "+493511234567",
        "per E-Mail",
    ):
        assert expected in page, expected
    assert "DE89370400440532013000" not in page
    assert page.count(">offen<") == 5


def test_each_request_has_its_own_page(juergen_client, submitted):
    for each in submitted:
        response = juergen_client.get(f"/kundencenter/auftraege/{each.pk}/")

        assert response.status_code == 200
        assert f"Auftrag Nr. {each.pk}: {each.get_kind_display()}" in response.text


def test_a_transferred_request_says_so_with_the_time(juergen_client, submitted):
    call_command("portal", "export", stdout=io.StringIO(), stderr=io.StringIO())

    listing = juergen_client.get("/kundencenter/auftraege/").text
    detail = juergen_client.get(f"/kundencenter/auftraege/{submitted[0].pk}/").text

    assert listing.count(">übermittelt<") == 5
    assert "übermittelt (01.03.2026 10:00)" in detail


def test_without_requests_the_list_says_so(juergen_client):
    assert (
        "Sie haben noch keinen Auftrag erteilt."
        in juergen_client.get("/kundencenter/auftraege/").text
    )
