"""A customer adds a passkey and logs in with it, no password typed. Chromium's
virtual authenticator stands in for the phone or security key.

WebAuthn refuses an IP address as the relying party, so the browser uses the name
localhost, which still resolves to 127.0.0.1."""

import pytest
from allauth.mfa.models import Authenticator

from conftest import assert_accessible
from portal.tests.conftest import PASSWORD, customer_create, login_create


@pytest.fixture
def authenticator(page):
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return devtools


def test_a_customer_adds_a_passkey_and_logs_in_with_it(site, page, authenticator):
    customer = customer_create("3000001", "Jürgen", "Weiß", "Lüdenscheid")
    login_create(customer, "juergen@example.org")
    base = site.url.replace("127.0.0.1", "localhost")

    page.goto(base + "/kundencenter/anmelden/")
    page.locator("#id_login").fill("juergen@example.org")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden", exact=True).click()
    page.get_by_role("heading", name="Willkommen, Jürgen Weiß").wait_for()

    page.goto(base + "/kundencenter/sicherheit/passkeys/neu/")
    if page.locator("#id_password").count():  # adding a key asks for the password first
        page.locator("#id_password").fill(PASSWORD)
        page.get_by_role("button", name="Bestätigen").click()
    page.get_by_role("heading", name="Passkey oder Sicherheitsschlüssel hinzufügen").wait_for()
    assert_accessible(page)
    page.get_by_label("Name").fill("Mein Telefon")
    page.locator("#id_passwordless").check()
    page.get_by_role("button", name="Schlüssel hinzufügen").click()
    # The first second factor comes with recovery codes, for a lost phone.
    page.wait_for_url("**/kundencenter/sicherheit/wiederherstellungscodes/")
    assert_accessible(page)
    assert Authenticator.objects.filter(type=Authenticator.Type.WEBAUTHN).count() == 1

    page.context.clear_cookies()
    page.goto(base + "/kundencenter/anmelden/")
    assert_accessible(page)
    page.get_by_role("button", name="Mit Passkey anmelden").click()
    page.get_by_role("heading", name="Willkommen, Jürgen Weiß").wait_for()
