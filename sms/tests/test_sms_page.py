"""The customer centre page: what a logged-in customer sees and can send."""

from sms.models import AbuseLogEntry, SmsMessage

URL = "/kundencenter/sms/"


def test_the_page_needs_a_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/kundencenter/anmelden/" in response["Location"]


def test_a_customer_sends_an_sms_and_sees_one_less_left(
    customer_client, sms_outbox, django_capture_on_commit_callbacks
):
    page = customer_client.get(URL)
    assert "Heute noch 5 von 5 kostenlosen SMS." in page.content.decode()
    assert 'href="/kundencenter/sms/" aria-current="page"' in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = customer_client.post(
            URL, {"recipient": "0151 23456789", "text": "Bin gleich da!"}, REMOTE_ADDR="192.0.2.7"
        )
    assert response.status_code == 302
    page = customer_client.get(URL).content.decode()
    assert "Heute noch 4 von 5 kostenlosen SMS." in page
    assert "versendet" in page
    assert [(sms.recipient, sms.text) for sms in sms_outbox] == [
        ("+4915123456789", "Bin gleich da!")
    ]
    entry = AbuseLogEntry.objects.get()
    assert (entry.customer_number, entry.ip_address) == ("4000001", "192.0.2.7")


def test_a_landline_number_is_refused_with_a_german_message(customer_client, sms_outbox):
    response = customer_client.post(URL, {"recipient": "0234 9600", "text": "Hallo"})
    assert response.status_code == 200
    assert "Das ist eine Festnetznummer." in response.content.decode()
    assert not SmsMessage.objects.exists()


def test_checking_the_length_counts_without_javascript_and_sends_nothing(
    customer_client, sms_outbox
):
    text = "Grüße " + "a" * 160
    response = customer_client.post(URL, {"recipient": "", "text": text, "check": "1"})
    body = response.content.decode()
    assert "166 Zeichen · 2 von höchstens 3 SMS · noch 140 Zeichen in dieser SMS" in body
    assert "Bitte geben Sie" not in body  # counting is not sending: no missing-field errors
    assert not SmsMessage.objects.exists()


def test_a_text_with_an_emoji_is_counted_as_unicode(customer_client):
    response = customer_client.post(URL, {"recipient": "", "text": "Hallo 😀", "check": "1"})
    body = response.content.decode()
    assert "8 Zeichen · 1 von höchstens 3 SMS · noch 62 Zeichen in dieser SMS" in body


def test_a_too_long_text_is_refused_after_submit(customer_client):
    response = customer_client.post(URL, {"recipient": "0151 23456789", "text": "a" * 460})
    body = response.content.decode()
    assert "Der Text ist zu lang: er ergäbe 4 SMS, möglich sind höchstens 3" in body
    assert not SmsMessage.objects.exists()
