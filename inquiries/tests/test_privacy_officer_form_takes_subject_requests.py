"""The DPO's form takes a general question as an inquiry, and a right under GDPR
Art. 15-21 as a data-subject request: stored once, with its reference, its deadline
and a link to confirm the e-mail address; every bad input gets a German message."""

import re

import pytest
from django.core import mail

from inquiries.models import Inquiry
from inquiries.tests.conftest import CONTACT, form_url, submit
from privacy.models import SubjectRequest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages")]

RIGHTS = ["access", "erasure", "rectification", "restriction", "objection"]


def dpo(**changes):
    return {**CONTACT, "matter": "question", **changes}


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """Submit the DPO's form; the mails planned on commit go out as in production."""

    def send(data: dict):
        with django_capture_on_commit_callbacks(execute=True):
            return submit(client, "privacy_officer", data)

    return send


@pytest.mark.parametrize("right", RIGHTS)
def test_a_right_becomes_a_subject_request_and_not_an_inquiry(client, routing, clock, right):
    response = submit(
        client,
        "privacy_officer",
        dpo(matter=right, customer_number="1004711", phone="0511 1234567"),
    )

    assert response.status_code == 302
    assert not Inquiry.objects.exists()
    request = SubjectRequest.objects.get()
    assert request.kind == right
    assert request.channel == SubjectRequest.Channel.FORM
    assert request.status == SubjectRequest.Status.RECEIVED
    assert (request.name, request.email) == ("Erika Mustermann", "erika@example.org")
    assert (request.customer_number, request.phone) == ("1004711", "+495111234567")
    assert request.description == CONTACT["concern"]
    assert request.user is None


@pytest.mark.parametrize("right", RIGHTS)
def test_a_right_mails_a_confirmation_link_to_the_given_address(send, routing, clock, right):
    send(dpo(matter=right))

    # The other mail tells the officer's mailbox; it is tested in privacy.
    [message] = [sent for sent in mail.outbox if sent.to == ["erika@example.org"]]
    request = SubjectRequest.objects.get()
    assert message.to == ["erika@example.org"]
    assert request.reference in message.subject
    assert re.search(r"/betroffenenrechte/\S+", message.body)
    assert CONTACT["concern"] not in message.body


def test_the_thank_you_page_shows_reference_link_and_deadline(client, routing, clock):
    response = submit(client, "privacy_officer", dpo(matter="access"))

    page = client.get(response["Location"]).content.decode()
    request = SubjectRequest.objects.get()
    assert request.reference.startswith("DS-2026-")
    assert request.reference in page
    assert "Link" in page and "bestätigen" in page
    assert "bis spätestens 15.07.2026" in page  # received 15.06.2026, one month
    assert request.due_on.strftime("%d.%m.%Y") == "15.07.2026"


def test_a_general_question_stays_an_inquiry_for_the_officer(client, send, routing, clock):
    response = send(dpo(customer_number="1004711"))

    assert response.status_code == 302
    assert not SubjectRequest.objects.exists()
    inquiry = Inquiry.objects.get()
    assert inquiry.kind == "privacy_officer"
    assert inquiry.unit.slug == "datenschutz"
    assert inquiry.customer_number == "1004711"
    page = client.get(response["Location"]).content.decode()
    assert inquiry.reference in page
    assert "bis spätestens" not in page
    assert not mail.outbox or all("/betroffenenrechte/" not in m.body for m in mail.outbox)


def test_the_form_explains_the_rights_and_preselects_the_general_question(client, routing):
    html = client.get(form_url("privacy_officer")).content.decode()

    assert "Worum geht es?" in html
    assert re.search(r'<input[^>]*value="question"[^>]*checked', html)
    for label in ("Art. 15", "Art. 16", "Art. 17", "Art. 18", "Art. 21"):
        assert label in html
    assert 'id="id_matter_helptext"' in html
    assert "Kopie der Daten" in html
    assert "innerhalb eines Monats" in html


INVALID = [
    ("matter", "", "Dieses Feld muss ausgefüllt werden."),
    ("matter", "portability", "Bitte wählen Sie eine Möglichkeit aus der Liste."),
    ("customer_number", "12ab", "5 bis 12 Ziffern"),
    ("customer_number", "1234567890123", "höchstens 12 Zeichen"),
    ("phone", "12", "gültige Telefonnummer"),
    ("phone", "0511\x001234567", "Nullzeichen sind nicht erlaubt."),
    ("name", "Erika\x00Mustermann", "Steuerzeichen"),
    ("concern", "nul\x00byte", "Steuerzeichen"),
    ("concern", "a" * 5001, "höchstens 5000 Zeichen"),
    ("email", "erika@", "gültige E-Mail-Adresse"),
]


@pytest.mark.parametrize("right", ["question", "access"])
@pytest.mark.parametrize(("field", "value", "message"), INVALID)
def test_bad_input_gets_a_german_error_next_to_the_field_and_nothing_is_stored(
    send, routing, clock, right, field, value, message
):
    data = {**dpo(matter=right), field: value}

    response = send(data)

    html = response.content.decode()
    assert response.status_code == 200
    assert not Inquiry.objects.exists()
    assert not SubjectRequest.objects.exists()
    assert not mail.outbox
    error = html.split(f'id="id_{field}_error">', 1)[1].split("</p>", 1)[0]
    assert message in error
    for other, typed in data.items():
        if other not in (field, "matter", "salutation"):
            assert typed in html, f"{other} was lost"


def test_five_thousand_characters_are_still_taken(client, routing, clock):
    response = submit(client, "privacy_officer", dpo(matter="rectification", concern="ä" * 5000))

    assert response.status_code == 302
    assert SubjectRequest.objects.get().description == "ä" * 5000


@pytest.mark.parametrize("right", ["question", "access"])
def test_the_honeypot_stops_both_paths(client, routing, clock, right):
    response = submit(client, "privacy_officer", dpo(matter=right, homepage="http://spam.example"))

    assert "Dieses Feld muss leer bleiben." in response.content.decode()
    assert not Inquiry.objects.exists()
    assert not SubjectRequest.objects.exists()


@pytest.mark.parametrize("right", ["question", "access"])
def test_a_wrong_answer_to_the_security_question_stops_both_paths(client, routing, clock, right):
    response = submit(client, "privacy_officer", dpo(matter=right, human_check="99"))

    assert response.status_code == 200
    assert "Sicherheitsfrage" in response.content.decode()
    assert not SubjectRequest.objects.exists()
    assert not Inquiry.objects.exists()


def test_a_request_sent_twice_with_the_same_token_is_stored_once(client, routing, clock):
    from inquiries.tests.conftest import fresh_form

    data = {**fresh_form(client, "privacy_officer"), **dpo(matter="erasure")}
    first = client.post(form_url("privacy_officer"), data)
    second = client.post(form_url("privacy_officer"), data)

    assert first.status_code == 302
    assert second.status_code == 409
    assert SubjectRequest.objects.count() == 1


def test_the_rate_limit_counts_requests_and_questions_together(client, routing, clock, settings):
    settings.INQUIRIES_RATE_LIMIT = (2, 600)
    submit(client, "privacy_officer", dpo(matter="access", email="a@example.org"))
    submit(client, "privacy_officer", dpo(email="b@example.org"))

    third = submit(client, "privacy_officer", dpo(matter="objection", email="c@example.org"))

    assert third.status_code == 429
    assert "sehr viele Nachrichten" in third.content.decode()
    assert SubjectRequest.objects.count() == 1
    assert Inquiry.objects.count() == 1


def test_a_second_request_to_the_same_address_waits_for_the_mail_cooldown(send, routing, clock):
    send(dpo(matter="access"))

    again = send(dpo(matter="erasure", concern="Bitte löschen."))

    html = again.content.decode()
    assert again.status_code == 429
    assert "keinen Bestätigungslink senden" in html.split('id="id_email_error">', 1)[1]
    assert "Bitte löschen." in html
    assert SubjectRequest.objects.count() == 1
    assert [sent.to for sent in mail.outbox].count(["erika@example.org"]) == 1


def test_a_request_needs_no_cookie_but_a_token_from_this_site(routing, clock):
    from django.test import Client

    from inquiries.tests.conftest import fresh_form

    visitor = Client(enforce_csrf_checks=True)
    same_site = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    url = form_url("privacy_officer")

    forged = visitor.post(url, dpo(matter="access"), headers=same_site)
    cross_site = visitor.post(
        url,
        {**fresh_form(visitor, "privacy_officer"), **dpo(matter="access")},
        headers={"Origin": "https://evil.example"},
    )
    sent = visitor.post(
        url, {**fresh_form(visitor, "privacy_officer"), **dpo(matter="access")}, headers=same_site
    )

    assert (forged.status_code, cross_site.status_code) == (403, 403)
    assert sent.status_code == 302
    assert not sent.cookies
    assert SubjectRequest.objects.count() == 1


def test_a_forged_thank_you_address_shows_the_form(client, routing, clock):
    response = client.get(form_url("privacy_officer") + "?vorgang=DS-2026-99999")

    assert "DS-2026-99999" not in response.content.decode()
    assert "<form" in response.content.decode()


def test_the_choice_speaks_english_when_english_is_asked_for(client, routing):
    html = client.get(form_url("privacy_officer"), headers={"Accept-Language": "en"}).text

    assert "What is it about?" in html
    assert "Access to my data (Art. 15 GDPR)" in html
    assert "we answer within one month" in html
