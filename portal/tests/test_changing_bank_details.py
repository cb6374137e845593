"""A customer changes the bank details for the direct debit: the IBAN is checked
(schwifty), the SEPA mandate must be accepted, the request records which mandate text
was accepted and when, and the IBAN never appears in full on a page."""

import pytest

from portal.models import BankAccount, CustomerRequest
from portal.transactions.mandate import MANDATE_TEXT_VERSION, mandate_text

pytestmark = pytest.mark.django_db
URL = "/kundencenter/bankverbindung/"
GOOD = {
    "account_holder": "Jürgen Weiß",
    "iban": "DE89 3704 0044 0532 0130 00",
    "mandate_accepted": "on",
}


@pytest.fixture
def noon(time_machine):
    time_machine.move_to("2026-03-01 12:30 +01:00", tick=False)


@pytest.mark.parametrize(
    "typed", ["DE89 3704 0044 0532 0130 00", "de89370400440532013000", " DE89370400440532013000 "]
)
def test_a_valid_iban_is_stored_compact_with_the_mandate_version_and_time(
    noon, juergen_client, juergen, typed
):
    response = juergen_client.post(URL, {**GOOD, "iban": typed}, follow=True)

    submitted = CustomerRequest.objects.get()
    assert submitted.customer == juergen
    assert submitted.kind == "bank_details"
    assert submitted.payload == {
        "account_holder": "Jürgen Weiß",
        "iban": "DE89370400440532013000",
        "bic": "COBADEFFXXX",
        "mandate_text_version": MANDATE_TEXT_VERSION,
        "mandate_accepted_at": "2026-03-01T11:30:00+00:00",
    }
    assert response.redirect_chain[-1][0] == f"/kundencenter/auftraege/{submitted.pk}/"
    assert "Ihr Auftrag ist bei uns eingegangen" in response.text


def test_the_receipt_and_the_list_show_the_iban_masked_only(noon, juergen_client):
    receipt = juergen_client.post(URL, GOOD, follow=True).text
    listing = juergen_client.get("/kundencenter/auftraege/").text

    for page in (receipt, listing):
        assert "DE89370400440532013000" not in page
        assert "DE89 3704 0044 0532 0130 00" not in page
        assert "DE•• •••• •••• •••• ••30 00" in page
    assert "erteilt am 01.03.2026 (Fassung 2026-1)" in receipt


def test_the_page_shows_the_mandate_text_and_the_current_account_masked(juergen_client, juergen):
    BankAccount.objects.create(
        customer=juergen, account_holder="Jürgen Weiß", iban="DE02120300000000202051"
    )

    page = juergen_client.get(URL).text

    assert str(mandate_text())[:60] in page
    assert f"Fassung {MANDATE_TEXT_VERSION}" in page
    assert "DE02120300000000202051" not in page
    assert "DE•• •••• •••• •••• ••20 51" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"iban": "DE89 3704 0044 0532 0130 01"}, "iban", "nicht gültig"),
        ({"iban": "DE8937040044053201300"}, "iban", "nicht gültig"),
        ({"iban": "Kontonummer 12345"}, "iban", "nicht gültig"),
        ({"iban": "BR18 0036 0305 0000 1000 9795 493C 1"}, "iban", "SEPA-Raum"),
        ({"iban": ""}, "iban", "Bitte geben Sie die IBAN an."),
        ({"account_holder": ""}, "account_holder", "Bitte geben Sie den Kontoinhaber an."),
        ({"account_holder": "x" * 71}, "account_holder", "höchstens 70 Zeichen"),
        ({"mandate_accepted": ""}, "mandate_accepted", "Ohne das Mandat"),
    ],
)
def test_bad_input_gets_a_german_error_next_to_the_field_and_keeps_what_was_typed(
    juergen_client, data, field, message
):
    typed = {**GOOD, **data}

    response = juergen_client.post(URL, typed)

    assert response.status_code == 200
    assert not CustomerRequest.objects.exists()
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert f'id="id_{field}_error"' in response.text
    for name in ("account_holder", "iban"):
        if typed[name]:
            assert f'value="{typed[name]}"' in response.text


def test_without_the_mandate_the_entered_account_stays_in_the_form(juergen_client):
    response = juergen_client.post(URL, {**GOOD, "mandate_accepted": ""})

    assert 'value="Jürgen Weiß"' in response.text
    assert 'value="DE89 3704 0044 0532 0130 00"' in response.text
    assert 'name="mandate_accepted"' in response.text
    assert "checked" not in response.text.split('name="mandate_accepted"')[1].split(">")[0]
