"""Registration answers the same whether or not the data match; whoever needs to know
learns it by mail to the address on file. Activation links work once and expire."""

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from portal.models import OnlineAccess, PendingRegistration
from portal.tests.conftest import PASSWORD, link_in_last_mail, login_create

pytestmark = pytest.mark.django_db

REGISTRATION = "/kundencenter/registrieren/"


def register(client, django_capture_on_commit_callbacks, **overrides):
    data = {
        "customer_number": "3000001",
        "name": "Weiß",
        "town": "Lüdenscheid",
        "email": "neu@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(REGISTRATION, data)


@pytest.mark.parametrize(
    ("number", "name", "town"),
    [
        ("3000001", "Weiß", "Lüdenscheid"),
        ("  3000001 ", "  weiss ", "LUEDENSCHEID "),
        ("3000001", "Jürgen Weiß", "lüdenscheid"),
        ("3000001", "juergen  weiss", "Ludenscheid"),
    ],
)
def test_matching_data_in_any_spelling_get_an_activation_link(
    client, juergen, django_capture_on_commit_callbacks, number, name, town
):
    response = register(
        client, django_capture_on_commit_callbacks, customer_number=number, name=name, town=town
    )

    assert response.status_code == 302
    assert response["Location"] == "/kundencenter/registrieren/gesendet/"
    assert [m.to for m in mail.outbox] == [["neu@example.org"]]
    assert "/kundencenter/aktivieren/" in mail.outbox[0].body
    assert OnlineAccess.objects.get().customer == juergen
    assert not PendingRegistration.objects.exists()


@pytest.mark.parametrize(
    "wrong",
    [
        {"customer_number": "3999999"},
        {"name": "Schwarz"},
        {"town": "Neudorf"},
    ],
)
def test_a_mismatch_gets_the_same_answer_and_no_account(
    client, juergen, django_capture_on_commit_callbacks, wrong
):
    matching = register(client, django_capture_on_commit_callbacks, email="a@example.org")
    mismatching = register(
        client, django_capture_on_commit_callbacks, email="b@example.org", **wrong
    )

    assert (mismatching.status_code, mismatching["Location"]) == (
        matching.status_code,
        matching["Location"],
    )
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert not PendingRegistration.objects.exists()


def test_the_confirmation_page_is_the_same_for_everyone(client, db):
    page = client.get("/kundencenter/registrieren/gesendet/")

    assert page.status_code == 200
    assert "Wenn Ihre Angaben zu unseren Kundendaten passen" in page.text


def test_a_customer_with_access_learns_of_a_new_registration_by_mail_to_the_address_on_file(
    client, juergen, django_capture_on_commit_callbacks
):
    login_create(juergen, "bekannt@example.org")

    response = register(client, django_capture_on_commit_callbacks, email="fremd@example.org")

    assert response["Location"] == "/kundencenter/registrieren/gesendet/"
    assert [m.to for m in mail.outbox] == [["bekannt@example.org"]]
    assert "bereits einen Zugang" in mail.outbox[0].body
    assert OnlineAccess.objects.count() == 1


def test_an_address_already_in_use_gets_a_note_and_no_second_account(
    client, juergen, other, django_capture_on_commit_callbacks
):
    login_create(other, "neu@example.org")

    register(client, django_capture_on_commit_callbacks, email="NEU@example.org")

    assert [m.to for m in mail.outbox] == [["NEU@example.org"]]
    assert "bereits einen Zugang" in mail.outbox[0].body
    assert not OnlineAccess.objects.filter(customer=juergen).exists()


def test_a_weak_password_is_refused_next_to_the_field_and_the_rest_is_kept(client, juergen):
    response = client.post(
        REGISTRATION,
        {
            "customer_number": "3000001",
            "name": "Weiß",
            "town": "Lüdenscheid",
            "email": "neu@example.org",
            "password1": "password123",
            "password2": "password123",
        },
    )

    assert response.status_code == 200
    assert 'id="id_password1_error"' in response.text
    assert "Dieses Passwort ist zu üblich." in response.text
    assert 'value="Lüdenscheid"' in response.text
    assert not PendingRegistration.objects.exists()


def test_activation_link_works_once_then_login_succeeds(
    client, juergen, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks)
    link = link_in_last_mail()

    refused = client.post(
        "/kundencenter/anmelden/", {"login": "neu@example.org", "password": PASSWORD}
    )
    assert refused.status_code == 302
    assert refused["Location"] == "/kundencenter/aktivieren/gesendet/"

    assert "Zugang aktivieren" in client.get(link).text
    client.post(link)
    assert EmailAddress.objects.get(email="neu@example.org").verified

    again = client.get(link)
    assert "Dieser Link gilt nicht mehr" in again.text
    assert "/kundencenter/aktivieren/neuer-link/" in again.text

    logged_in = client.post(
        "/kundencenter/anmelden/", {"login": "neu@example.org", "password": PASSWORD}
    )
    assert logged_in["Location"] == "/kundencenter/"
    assert "Willkommen, Jürgen Weiß" in client.get("/kundencenter/").text


def test_an_expired_activation_link_offers_a_new_one(
    client, juergen, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks)
    link = link_in_last_mail()

    with time_machine.travel(timezone.now() + timedelta(days=4)):
        page = client.get(link)
        client.post(link)

    assert "Dieser Link gilt nicht mehr" in page.text
    assert not EmailAddress.objects.get(email="neu@example.org").verified


def test_asking_for_a_new_link_answers_the_same_for_any_address(
    client, juergen, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    known = client.post("/kundencenter/aktivieren/neuer-link/", {"email": "neu@example.org"})
    unknown = client.post("/kundencenter/aktivieren/neuer-link/", {"email": "nie@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [["neu@example.org"]]
    client.post(link_in_last_mail())
    assert EmailAddress.objects.get(email="neu@example.org").verified


def test_an_unactivated_registration_yields_to_a_new_one_with_another_address(
    client, juergen, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks, email="vertippt@example.org")
    register(client, django_capture_on_commit_callbacks, email="richtig@example.org")

    assert OnlineAccess.objects.get().user.email == "richtig@example.org"
    assert mail.outbox[-1].to == ["richtig@example.org"]


def test_registrations_from_one_address_are_limited(client, db):
    answers = [client.post(REGISTRATION, {"customer_number": "1"}).status_code for _ in range(21)]

    assert answers[:20] == [200] * 20
    assert answers[20] == 429
