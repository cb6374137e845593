"""The optional second factor: an authenticator app (TOTP) with recovery codes."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from portal.models import AccessLogEntry
from portal.tests.conftest import PASSWORD, login_create

EMAIL = "juergen@example.org"


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


@pytest.fixture
def user_with_totp(juergen):
    user = login_create(juergen, EMAIL)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return user, secret


def login(client):
    return client.post("/kundencenter/anmelden/", {"login": EMAIL, "password": PASSWORD})


def test_without_a_second_factor_the_password_logs_in(client, juergen):
    login_create(juergen, EMAIL)
    assert login(client)["Location"] == "/kundencenter/"
    assert client.get("/kundencenter/").status_code == 200


def test_with_an_app_the_password_alone_does_not_log_in(client, user_with_totp):
    response = login(client)
    assert response["Location"] == "/kundencenter/sicherheit/anmelden/"
    assert client.get("/kundencenter/").status_code == 302
    page = client.get("/kundencenter/sicherheit/anmelden/")
    assert "Zweiter Faktor" in page.text


def test_the_code_from_the_app_completes_the_login(client, user_with_totp):
    _user, secret = user_with_totp
    login(client)
    response = client.post("/kundencenter/sicherheit/anmelden/", {"code": totp_code(secret)})
    assert response["Location"] == "/kundencenter/"
    assert client.get("/kundencenter/").status_code == 200
    assert AccessLogEntry.objects.filter(action=AccessLogEntry.Action.LOGIN).count() == 1


def test_a_wrong_code_is_refused_next_to_the_field(client, user_with_totp):
    _user, secret = user_with_totp
    login(client)
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"
    response = client.post("/kundencenter/sicherheit/anmelden/", {"code": wrong})
    assert response.status_code == 200
    assert 'id="id_code_error"' in response.text
    assert client.get("/kundencenter/").status_code == 302


def test_a_recovery_code_logs_in_once(client, user_with_totp):
    user, _secret = user_with_totp
    codes = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes"))
    code = codes.get_unused_codes()[0]
    login(client)
    assert client.post("/kundencenter/sicherheit/anmelden/", {"code": code}).status_code == 302
    assert client.get("/kundencenter/").status_code == 200

    client.post("/kundencenter/abmelden/")
    login(client)
    again = client.post("/kundencenter/sicherheit/anmelden/", {"code": code})
    assert again.status_code == 200
    assert 'id="id_code_error"' in again.text


def test_setting_up_the_app_asks_for_the_password_then_for_a_code(client, juergen):
    user = login_create(juergen, EMAIL)
    login(client)
    page = client.get("/kundencenter/sicherheit/app/einrichten/")
    assert page["Location"].startswith("/kundencenter/bestaetigen/")
    confirmed = client.post(page["Location"], {"password": PASSWORD}, follow=True)
    assert "Authentifizierungs-App einrichten" in confirmed.text
    secret = confirmed.context["form"].secret

    refused = client.post("/kundencenter/sicherheit/app/einrichten/", {"code": "000000"})
    assert 'id="id_code_error"' in refused.text
    assert not Authenticator.objects.filter(user=user).exists()

    client.post("/kundencenter/sicherheit/app/einrichten/", {"code": totp_code(secret)})
    kinds = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert kinds == {"totp", "recovery_codes"}
    assert "noch unbenutzt" in client.get("/kundencenter/sicherheit/").text


def test_the_security_pages_render_for_a_customer(client, user_with_totp):
    _user, secret = user_with_totp
    login(client)
    client.post("/kundencenter/sicherheit/anmelden/", {"code": totp_code(secret)})
    for path in ["/kundencenter/sicherheit/", "/kundencenter/sicherheit/passkeys/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Ihr Kundencenter" in response.text  # the customer centre's navigation
