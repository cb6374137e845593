"""Each public form: what a visitor sends arrives at the responsible unit, and every
bad field gets a German message next to it with everything typed kept."""

import re
from datetime import date

import pytest

from inquiries.models import Inquiry
from inquiries.tests.conftest import CONTACT, form_url, submit, topic_id

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages")]


def contact(**changes):
    return {**CONTACT, "topic": topic_id("contact", "Rechnung und Abschlag"), **changes}


def callback(**changes):
    return {
        "name": "Max Beispiel",
        "phone": "0511 1234567",
        "topic": topic_id("callback", "Vertrag und Tarife"),
        "preferred_date": "2026-06-15",
        "preferred_from": "14:00",
        "preferred_until": "15:30",
        **changes,
    }


def officer(**changes):
    return {**CONTACT, **changes}


def privacy_officer(**changes):
    return {**CONTACT, "matter": "question", **changes}


def feedback(**changes):
    return {**CONTACT, "feedback_type": "praise", **changes}


def outage(**changes):
    return {
        "topic": topic_id("outage", "Wasser"),
        "location": "Lindenallee 12",
        "concern": "Kein Wasserdruck seit heute früh.",
        **changes,
    }


VALID = {
    "contact": contact,
    "callback": callback,
    "privacy_officer": privacy_officer,
    "equality_officer": officer,
    "feedback": feedback,
    "outage": outage,
}
UNIT = {
    "contact": "abrechnung",
    "callback": "kundenservice",
    "privacy_officer": "datenschutz",
    "equality_officer": "gleichbehandlung",
    "feedback": "qualitaet",
    "outage": "netzbetrieb",
}


@pytest.mark.parametrize("kind", list(VALID))
def test_form_sends_inquiry_to_responsible_unit_and_shows_reference(client, routing, clock, kind):
    response = submit(client, kind, VALID[kind]())

    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.kind == kind
    assert inquiry.unit.slug == UNIT[kind]
    assert inquiry.status == Inquiry.Status.NEW
    confirmation = client.get(response["Location"])
    assert inquiry.reference in confirmation.content.decode()
    assert "Vielen Dank" in confirmation.content.decode()


def test_form_page_works_without_cookies(client, routing, clock):
    response = client.get(form_url("contact"))

    assert response.status_code == 200
    assert not response.cookies
    submitted = submit(client, "contact", contact())
    assert submitted.status_code == 302
    assert not submitted.cookies


def test_contact_form_keeps_optional_fields(client, routing, clock):
    submit(client, "contact", contact(customer_number="1004711", phone="0511 1234567"))

    inquiry = Inquiry.objects.get()
    assert inquiry.customer_number == "1004711"
    assert inquiry.phone == "+495111234567"
    assert inquiry.topic_label == "Rechnung und Abschlag"


def test_topic_decides_the_unit(client, routing, clock):
    submit(client, "contact", contact(topic=topic_id("contact", "Umzug")))

    assert Inquiry.objects.get().unit.slug == "kundenservice"


INVALID = [
    ("contact", "salutation", "", "Dieses Feld muss ausgefüllt werden."),
    ("contact", "salutation", "dr", "Bitte eine gültige Auswahl treffen."),
    ("contact", "name", "", "Dieses Feld muss ausgefüllt werden."),
    ("contact", "name", "x" * 201, "höchstens 200 Zeichen"),
    ("contact", "email", "", "Dieses Feld muss ausgefüllt werden."),
    ("contact", "email", "erika@", "gültige E-Mail-Adresse"),
    ("contact", "topic", "", "Dieses Feld muss ausgefüllt werden."),
    ("contact", "topic", "999999", "Bitte wählen Sie ein Thema aus der Liste."),
    ("contact", "concern", "", "Dieses Feld muss ausgefüllt werden."),
    ("contact", "concern", "a" * 5001, "höchstens 5000 Zeichen"),
    ("contact", "customer_number", "12ab", "5 bis 12 Ziffern"),
    ("contact", "phone", "12", "gültige Telefonnummer"),
    ("callback", "name", "", "Dieses Feld muss ausgefüllt werden."),
    ("callback", "phone", "", "Dieses Feld muss ausgefüllt werden."),
    ("callback", "phone", "0511 12", "gültige Telefonnummer"),
    ("callback", "phone", "+1 202", "gültige Telefonnummer"),
    ("callback", "topic", "", "Dieses Feld muss ausgefüllt werden."),
    ("callback", "preferred_date", "", "Dieses Feld muss ausgefüllt werden."),
    ("callback", "preferred_date", "morgen", "Bitte geben Sie ein Datum an"),
    ("callback", "preferred_date", "2026-06-14", "in der Vergangenheit"),
    ("callback", "preferred_date", "2026-06-21", "geschlossen"),
    ("callback", "preferred_date", "2026-12-25", "nächsten 28 Tagen"),
    ("callback", "preferred_from", "", "Dieses Feld muss ausgefüllt werden."),
    ("callback", "preferred_from", "25:00", "Bitte geben Sie eine Uhrzeit an"),
    ("callback", "preferred_from", "09:00", "liegt in der Vergangenheit"),
    ("callback", "preferred_from", "12:30", "innerhalb der Öffnungszeiten"),
    ("callback", "preferred_until", "", "Dieses Feld muss ausgefüllt werden."),
    ("callback", "preferred_until", "13:00", "nach dem Beginn"),
    ("callback", "preferred_until", "18:30", "innerhalb der Öffnungszeiten"),
    ("privacy_officer", "concern", "", "Dieses Feld muss ausgefüllt werden."),
    ("privacy_officer", "email", "keine", "gültige E-Mail-Adresse"),
    ("equality_officer", "name", "", "Dieses Feld muss ausgefüllt werden."),
    ("feedback", "feedback_type", "", "Dieses Feld muss ausgefüllt werden."),
    ("feedback", "feedback_type", "spam", "Bitte eine gültige Auswahl treffen."),
    ("outage", "topic", "", "Dieses Feld muss ausgefüllt werden."),
    ("outage", "topic", str(10**6), "Bitte wählen Sie ein Thema aus der Liste."),
    ("outage", "location", "", "Dieses Feld muss ausgefüllt werden."),
    ("outage", "concern", "", "Dieses Feld muss ausgefüllt werden."),
    ("outage", "phone", "abc", "gültige Telefonnummer"),
    ("outage", "email", "a@b", "gültige E-Mail-Adresse"),
]


#: A time window outside the opening hours is reported at its start.
ERROR_SHOWN_AT = {("callback", "preferred_until", "18:30"): "preferred_from"}


@pytest.mark.parametrize(("kind", "field", "value", "message"), INVALID)
def test_invalid_field_gets_german_error_next_to_it_and_keeps_input(
    client, routing, clock, kind, field, value, message
):
    data = VALID[kind](**{field: value})

    response = submit(client, kind, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert not Inquiry.objects.exists()
    error_id = f"id_{ERROR_SHOWN_AT.get((kind, field, value), field)}_error"
    error = html.split(f'id="{error_id}">', 1)[1].split("</p>", 1)[0]
    assert message in error
    described = re.search(
        rf'<(input|select|textarea|fieldset)[^>]*aria-describedby="[^"]*{error_id}', html
    )
    assert described, "the error is not tied to its field"
    for other, typed in data.items():
        if other != field and isinstance(typed, str) and typed and other != "topic":
            assert typed in html, f"{other} was lost"


def test_honeypot_filled_is_refused(client, routing, clock):
    response = submit(client, "contact", contact(homepage="http://spam.example"))

    assert "Dieses Feld muss leer bleiben." in response.content.decode()
    assert not Inquiry.objects.exists()


def test_callback_window_on_a_special_day_uses_its_hours(client, routing, clock):
    from inquiries.models import SpecialDay

    SpecialDay.objects.create(
        date=date(2026, 6, 16),
        label="Betriebsversammlung",
        closed=False,
        opens="08:00:00",
        closes="10:00:00",
    )

    refused = submit(client, "callback", callback(preferred_date="2026-06-16"))
    accepted = submit(
        client,
        "callback",
        callback(preferred_date="2026-06-16", preferred_from="08:30", preferred_until="09:30"),
    )

    assert "08:00–10:00" in refused.content.decode()
    assert accepted.status_code == 302
    assert Inquiry.objects.get().preferred_date == date(2026, 6, 16)


def test_callback_form_lists_opening_hours_of_the_next_days(client, routing, clock):
    html = client.get(form_url("callback")).content.decode()

    assert "15.06.2026: 08:00–13:00, 14:00–18:00" in html
    assert "20.06.2026: 09:00–12:00" in html
    assert "21.06.2026" not in html  # Sunday: closed


def test_confirmation_needs_a_valid_signature(client, routing, clock):
    response = client.get(form_url("contact") + "?vorgang=SW-FAKE-1234")

    assert "SW-FAKE-1234" not in response.content.decode()
    assert "<form" in response.content.decode()


def test_form_without_routing_says_it_is_unavailable(client, pages):
    response = client.get(form_url("privacy_officer"))

    assert response.status_code == 200
    assert "nimmt gerade keine Nachrichten an" in response.content.decode()


def test_form_speaks_english_when_english_is_asked_for(client, routing):
    html = client.get(form_url("callback"), headers={"Accept-Language": "en"}).content.decode()

    assert "Preferred day" in html
    assert ">Send</button>" in html
    assert "Security question: what is" in html
