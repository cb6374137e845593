"""Delivery runs in a task: a gateway that is down delays it with back-off, a message
is never handed over twice, and after the final failure the customer sees it and has
the quota back. Number and text are gone as soon as the gateway took the message or
it has failed for good."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from sms.models import SmsContent, SmsMessage
from sms.selectors import sms_left_today
from sms.services import sms_deliver, sms_deliver_due
from sms.tests import scripted_backend
from sms.tests.helpers import send


@pytest.fixture
def gateway(settings):
    settings.SMS_BACKEND = scripted_backend.PATH
    settings.SMS_RETRY_DELAYS = (60, 600)
    scripted_backend.answers.clear()
    scripted_backend.received.clear()
    return scripted_backend


def test_the_task_delivers_on_commit_and_deletes_number_and_text(
    customer, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = send(customer, text="Treffen um acht")
    assert [sms.text for sms in sms_outbox] == ["Treffen um acht"]
    message.refresh_from_db()
    assert message.state == SmsMessage.State.SENT
    assert message.finished_at is not None
    assert not SmsContent.objects.exists()


def test_only_number_text_and_a_random_key_reach_the_gateway(customer, sms_outbox):
    message = send(customer, text="Hallo")
    sms_deliver(message_id=message.pk)
    (sent,) = sms_outbox
    assert (sent.recipient, sent.text) == ("+4915123456789", "Hallo")
    assert sent.idempotency_key == str(message.idempotency_key)
    assert customer.customer_number not in repr(sent)


def test_a_gateway_that_is_down_delays_delivery_with_back_off(customer, gateway):
    gateway.answers[:] = ["down", "down", "ok"]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        message = send(customer)
        assert sms_deliver(message_id=message.pk) is False
    message.refresh_from_db()
    assert (message.state, message.attempts) == (SmsMessage.State.QUEUED, 1)
    assert message.next_attempt_at == start + timedelta(seconds=60)
    assert SmsContent.objects.filter(message=message).exists()

    with time_machine.travel(start + timedelta(seconds=59), tick=False):
        assert sms_deliver_due() == 0  # not due yet
    with time_machine.travel(start + timedelta(seconds=60), tick=False):
        assert sms_deliver_due() == 0  # second attempt fails
    message.refresh_from_db()
    assert message.next_attempt_at == start + timedelta(seconds=660)
    with time_machine.travel(start + timedelta(seconds=660), tick=False):
        assert sms_deliver_due() == 1
    message.refresh_from_db()
    assert (message.state, message.attempts) == (SmsMessage.State.SENT, 3)
    assert len(gateway.received) == 3
    assert len({sms.idempotency_key for sms in gateway.received}) == 1


def test_a_delivered_message_is_never_sent_again(customer, gateway):
    message = send(customer)
    assert sms_deliver(message_id=message.pk) is True
    assert sms_deliver(message_id=message.pk) is False
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert sms_deliver_due() == 0
    assert len(gateway.received) == 1


def test_a_message_being_sent_is_not_taken_by_a_second_worker(customer, gateway):
    message = send(customer)
    # The first worker's claim moves the next attempt into the future...
    SmsMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=5)
    )
    # ...so a second worker finds nothing due.
    assert sms_deliver(message_id=message.pk) is False
    assert gateway.received == []


def test_after_the_last_attempt_the_customer_sees_the_failure_and_gets_the_sms_back(
    customer, gateway, customer_client
):
    gateway.answers[:] = ["down", "down", "down"]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        message = send(customer)
        assert sms_left_today(customer=customer) == 4
        sms_deliver(message_id=message.pk)
    for seconds in (60, 660):
        with time_machine.travel(start + timedelta(seconds=seconds), tick=False):
            sms_deliver_due()
    message.refresh_from_db()
    assert (message.state, message.attempts, message.slot) == (SmsMessage.State.FAILED, 3, None)
    assert not SmsContent.objects.exists()
    assert sms_left_today(customer=customer) == 5
    page = customer_client.get("/kundencenter/sms/").content.decode()
    assert "fehlgeschlagen" in page
    assert "Heute noch 5 von 5 kostenlosen SMS." in page


def test_a_gateway_refusal_fails_at_once_and_gives_back_recipient_cap_and_budget(
    customer, gateway, settings
):
    settings.SMS_DAILY_BUDGET = 1
    settings.SMS_RECIPIENT_DAILY_CAP = 1
    gateway.answers[:] = ["refuse"]
    message = send(customer)
    sms_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.state == SmsMessage.State.FAILED
    assert len(gateway.received) == 1
    send(customer)  # budget and cap were given back


def test_a_backend_that_crashes_is_retried_and_then_gives_up(customer, gateway):
    gateway.answers[:] = ["crash", "crash", "crash"]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        message = send(customer)
        sms_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert (message.state, message.last_error) == (SmsMessage.State.QUEUED, "KeyError")
    for seconds in (60, 660):
        with time_machine.travel(start + timedelta(seconds=seconds), tick=False):
            sms_deliver_due()
    message.refresh_from_db()
    assert message.state == SmsMessage.State.FAILED
