"""A customer changes their contact data for the billing system: a phone number (stored
in E.164, the way the billing system dials it), how letters and invoices are to be sent
(e-mail or post) and where to. What is left empty stays as it is."""

import pytest

from portal.models import CustomerRequest

pytestmark = pytest.mark.django_db
URL = "/kundencenter/kontaktdaten/"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0351 1234567", "+493511234567"),
        ("0351/123 45 67", "+493511234567"),
        ("+49 151 12345678", "+4915112345678"),
        ("0049 151 12345678", "+4915112345678"),
        ("(0151) 123-456-78", "+4915112345678"),
    ],
)
def test_a_german_phone_number_is_stored_in_e164(juergen_client, juergen, typed, stored):
    response = juergen_client.post(URL, {"phone": typed}, follow=True)

    submitted = CustomerRequest.objects.get()
    assert submitted.customer == juergen
    assert submitted.kind == "contact"
    assert submitted.payload == {
        "phone": stored,
        "correspondence": None,
        "correspondence_email": None,
        "letter_address": None,
    }
    assert response.redirect_chain[-1][0] == f"/kundencenter/auftraege/{submitted.pk}/"
    assert stored in response.text


def test_letters_by_email_go_to_the_address_given_for_them(juergen_client):
    response = juergen_client.post(
        URL,
        {"correspondence": "email", "correspondence_email": "post@weiss.example"},
        follow=True,
    )

    payload = CustomerRequest.objects.get().payload
    assert payload["correspondence"] == "email"
    assert payload["correspondence_email"] == "post@weiss.example"
    assert payload["phone"] is None
    assert "per E-Mail" in response.text and "post@weiss.example" in response.text


def test_letters_by_post_may_go_to_another_postal_address(juergen_client):
    juergen_client.post(
        URL,
        {
            "correspondence": "post",
            "letter_street": "Postfach 12 34",
            "letter_postal_code": "58507",
            "letter_town": "Lüdenscheid",
        },
    )

    payload = CustomerRequest.objects.get().payload
    assert payload["correspondence"] == "post"
    assert payload["letter_address"] == {
        "street": "Postfach 12 34",
        "postal_code": "58507",
        "town": "Lüdenscheid",
    }


def test_the_page_offers_the_choice_and_keeps_the_login_address_apart(juergen_client):
    page = juergen_client.get(URL).text

    assert 'name="correspondence" value="email"' in page
    assert 'name="correspondence" value="post"' in page
    assert "Anmelde-Adresse" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"phone": "12345"}, "phone", "Telefonnummer ist nicht gültig"),
        ({"phone": "0351 12"}, "phone", "Telefonnummer ist nicht gültig"),
        ({"phone": "Festnetz"}, "phone", "Telefonnummer ist nicht gültig"),
        ({"phone": "+49 0000 0000000"}, "phone", "Telefonnummer ist nicht gültig"),
        ({"correspondence_email": "weiss@"}, "correspondence_email", "gültige E-Mail-Adresse"),
        ({"correspondence": "email"}, "correspondence_email", "Schreiben per E-Mail"),
        ({"correspondence": "fax"}, "correspondence", "keine gültige Auswahl"),
        ({"letter_street": "Postfach 12 34"}, "letter_town", "vervollständigen"),
        (
            {"letter_street": "Postfach 1", "letter_postal_code": "585", "letter_town": "L"},
            "letter_postal_code",
            "fünfstellige Postleitzahl",
        ),
        ({}, "__all__", "mindestens eine Angabe"),
        ({"phone": "   "}, "__all__", "mindestens eine Angabe"),
    ],
)
def test_bad_input_gets_a_german_error_and_keeps_what_was_typed(
    juergen_client, data, field, message
):
    response = juergen_client.post(URL, data)

    assert response.status_code == 200
    assert not CustomerRequest.objects.exists()
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    if field != "__all__":
        assert f'id="id_{field}_error"' in response.text
    else:
        assert message in response.text
    for name, value in data.items():
        if value.strip() and name != "correspondence":
            assert f'value="{value}"' in response.text, name
