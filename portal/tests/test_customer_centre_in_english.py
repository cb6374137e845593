"""A browser that asks for English gets the customer centre in English."""

import pytest


@pytest.mark.parametrize(
    ("path", "english"),
    [
        ("/kundencenter/registrieren/", "Register for the online customer centre"),
        ("/kundencenter/anmelden/", "Log in to the online customer centre"),
        ("/kundencenter/passwort-vergessen/", "Forgotten password"),
        ("/kundencenter/aktivieren/code/", "Enter the activation code"),
    ],
)
def test_public_customer_centre_pages_speak_english(client, db, path, english):
    response = client.get(path, headers={"accept-language": "en-GB,en;q=0.9"})
    assert english in response.text
    assert 'lang="en"' in response.text


def test_a_logged_in_customer_reads_contracts_in_english(juergen_client):
    response = juergen_client.get("/kundencenter/", headers={"accept-language": "en"})
    assert "Welcome, Jürgen Weiß" in response.text
    assert "Contracts and meters" in response.text
    contract = juergen_client.get(
        "/kundencenter/vertraege/V-3000001/", headers={"accept-language": "en"}
    )
    assert "Meter Z-3000001" in contract.text
    assert "Electricity" in contract.text


def test_german_stays_the_default(client, db):
    response = client.get("/kundencenter/anmelden/")
    assert "Im Online-Kundencenter anmelden" in response.text
