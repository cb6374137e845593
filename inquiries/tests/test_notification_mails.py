"""Mails about inquiries: the unit is told that something arrived (no personal data),
the inquirer optionally gets a confirmation (no copy of the concern), every mail the
public can cause is budgeted, and a failing mail server delays but loses nothing."""

import time

import pytest
from django.core import mail
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from inquiries.mail import outgoing_mail_send, outgoing_mail_send_due
from inquiries.models import Inquiry, OutgoingMail
from inquiries.tests.conftest import CONTACT, submit, topic_id
from inquiries.tests.smtp_server import SMTPServer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages")]

SECRET_CONCERN = "Mein Zähler 4711 zeigt seit Mai falsche Werte."


def contact(**changes):
    return {
        **CONTACT,
        "topic": topic_id("contact", "Rechnung und Abschlag"),
        "concern": SECRET_CONCERN,
        "phone": "0511 7654321",
        "customer_number": "1004711",
        **changes,
    }


def send(client, django_capture_on_commit_callbacks, kind="contact", **data):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, kind, data)
    assert response.status_code == 302
    return response


def _personal(inquiry_data: dict) -> list[str]:
    return [
        inquiry_data["name"],
        inquiry_data["email"],
        SECRET_CONCERN,
        "7654321",
        "1004711",
    ]


def test_unit_is_notified_without_personal_data(
    client, routing, clock, django_capture_on_commit_callbacks
):
    send(client, django_capture_on_commit_callbacks, **contact())

    inquiry = Inquiry.objects.get()
    [notification] = mail.outbox
    assert notification.to == ["abrechnung@stadtwerke.example"]
    text = notification.subject + notification.body
    assert inquiry.reference in text
    assert f"/admin/anliegen/vorgang/{inquiry.reference}/" in notification.body
    for value in _personal(contact()):
        assert value not in text


def test_confirmation_on_request_names_reference_but_not_the_concern(
    client, routing, clock, django_capture_on_commit_callbacks
):
    send(client, django_capture_on_commit_callbacks, **contact(wants_confirmation="on"))

    inquiry = Inquiry.objects.get()
    [confirmation] = [m for m in mail.outbox if m.to == [CONTACT["email"]]]
    assert inquiry.reference in confirmation.body
    assert SECRET_CONCERN not in confirmation.body
    assert CONTACT["name"] not in confirmation.body


def test_no_confirmation_unless_asked(client, routing, clock, django_capture_on_commit_callbacks):
    send(client, django_capture_on_commit_callbacks, **contact())

    assert [m.to for m in mail.outbox] == [["abrechnung@stadtwerke.example"]]


def test_form_without_confirmation_offers_no_checkbox(client, routing):
    html = client.get("/kontakt-hilfe/stoerungsmeldung/").content.decode()

    assert "wants_confirmation" not in html


@pytest.fixture
def cooldown_runs_out(clock):
    """Lets every mail cooldown of the shared cache run out, the cache being what the
    settings name: the local-memory cache follows the test's clock, which moves on;
    Redis keeps real time, so there the cooldowns' own expiry is brought forward."""
    from inquiries.mail_budget import COOLDOWN_KEY_PREFIX

    def run_out(seconds: int) -> None:
        shared = caches["default"]
        if isinstance(shared, RedisCache):
            client = shared._cache.get_client(None, write=True)
            keys = list(client.scan_iter(match=shared.make_key(COOLDOWN_KEY_PREFIX) + "*"))
            assert keys, "no cooldown in Redis"
            for key in keys:
                assert 0 < client.ttl(key) <= seconds, "a cooldown expires by itself"
                client.pexpire(key, 1)
            until_gone = time.monotonic() + 10
            while any(client.exists(key) for key in keys) and time.monotonic() < until_gone:
                time.sleep(0.01)
        clock.shift(seconds + 1)

    return run_out


def test_one_mail_per_address_within_the_cooldown(
    client, routing, clock, settings, cooldown_runs_out, django_capture_on_commit_callbacks
):
    settings.INQUIRIES_MAIL_COOLDOWN_SECONDS = 900
    for _ in range(3):
        send(client, django_capture_on_commit_callbacks, **contact(wants_confirmation="on"))
    cooldown_runs_out(900)
    send(client, django_capture_on_commit_callbacks, **contact(wants_confirmation="on"))

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert Inquiry.objects.count() == 4
    assert recipients == ["abrechnung@stadtwerke.example"] * 2 + [CONTACT["email"]] * 2


def test_daily_budget_caps_all_public_mails(
    client, routing, settings, cooldown_runs_out, django_capture_on_commit_callbacks
):
    settings.INQUIRIES_MAIL_DAILY_BUDGET = 3
    for number in range(4):
        send(
            client,
            django_capture_on_commit_callbacks,
            **contact(email=f"person{number}@example.org", wants_confirmation="on"),
        )

    assert Inquiry.objects.count() == 4
    assert len(mail.outbox) == 3
    cooldown_runs_out(24 * 3600)
    send(
        client,
        django_capture_on_commit_callbacks,
        **contact(email="next@example.org", wants_confirmation="on"),
    )
    assert len(mail.outbox) == 5


@pytest.fixture
def smtp_server(settings):
    server = SMTPServer()
    server.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    yield server
    server.stop()


def test_failing_mail_server_delays_but_loses_and_doubles_nothing(
    client, routing, clock, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.stop()

    send(client, django_capture_on_commit_callbacks, **contact(wants_confirmation="on"))

    assert Inquiry.objects.count() == 1
    pending = OutgoingMail.objects.filter(sent_at__isnull=True)
    assert pending.count() == 2
    assert {m.last_error for m in pending} == {"ConnectionRefusedError"}
    assert all(m.attempts == 1 for m in pending)
    assert outgoing_mail_send_due() == 0  # back-off not over yet

    clock.shift(61)
    assert outgoing_mail_send_due() == 0  # still down: second attempt fails
    assert {m.attempts for m in pending.all()} == {2}

    smtp_server.start()
    clock.shift(301)
    assert outgoing_mail_send_due() == 2
    assert outgoing_mail_send_due() == 0
    for sent in OutgoingMail.objects.all():
        assert outgoing_mail_send(mail_id=sent.pk) is False
    assert sorted(recipients[0] for recipients, _message in smtp_server.received) == [
        "abrechnung@stadtwerke.example",
        CONTACT["email"],
    ]


def test_stuck_mails_are_visible_in_the_admin(
    client, admin_client, routing, clock, smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.stop()
    send(client, django_capture_on_commit_callbacks, **contact())

    html = admin_client.get("/admin/snippets/inquiries/outgoingmail/").content.decode()

    assert "ConnectionRefusedError" in html
    assert "Benachrichtigung der Stelle" in html


def test_staff_cannot_add_or_change_outbox_rows(admin_client, routing):
    assert admin_client.get("/admin/snippets/inquiries/outgoingmail/").status_code == 200
    assert admin_client.get("/admin/snippets/inquiries/outgoingmail/add/").status_code in (302, 403)
