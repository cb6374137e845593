"""Login and password reset say nothing about which accounts exist."""

import pytest
from django.core import mail

from portal.tests.conftest import PASSWORD, login_create

pytestmark = pytest.mark.django_db

LOGIN = "/kundencenter/anmelden/"


def test_wrong_password_and_unknown_address_get_the_same_answer(client, juergen):
    login_create(juergen, "juergen@example.org")

    wrong_password = client.post(
        LOGIN, {"login": "juergen@example.org", "password": "falsch-falsch"}
    )
    unknown = client.post(LOGIN, {"login": "niemand@example.org", "password": "falsch-falsch"})

    assert wrong_password.status_code == unknown.status_code == 200
    assert wrong_password.context["form"].errors == unknown.context["form"].errors
    assert "Die E-Mail-Adresse und/oder das Passwort sind leider falsch." in unknown.text


def test_failed_logins_are_slowed_per_account_from_any_address(client, juergen):
    login_create(juergen, "juergen@example.org")
    for attempt in range(6):
        client.post(
            LOGIN,
            {"login": "juergen@example.org", "password": "falsch-falsch"},
            REMOTE_ADDR=f"198.51.100.{attempt}",
        )

    blocked = client.post(
        LOGIN, {"login": "juergen@example.org", "password": PASSWORD}, REMOTE_ADDR="203.0.113.9"
    )

    assert blocked.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, juergen):
    login_create(juergen, "juergen@example.org")

    known = client.post("/kundencenter/passwort-vergessen/", {"email": "juergen@example.org"})
    unknown = client.post("/kundencenter/passwort-vergessen/", {"email": "nie@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/kundencenter/passwort-vergessen/gesendet/"
    reset_mail = next(m for m in mail.outbox if m.to == ["juergen@example.org"])
    assert "/kundencenter/passwort-neu/" in reset_mail.body


def test_portal_pages_need_a_login(client, db):
    response = client.get("/kundencenter/vertraege/")

    assert response.status_code == 302
    assert response["Location"].startswith("/kundencenter/anmelden/?next=")


def test_the_session_ends_after_thirty_idle_minutes(juergen_client):
    juergen_client.get("/kundencenter/")

    assert juergen_client.session.get_expiry_age() == 30 * 60
