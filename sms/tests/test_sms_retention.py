"""What the privacy policy promises about free SMS, with a controlled clock: the abuse
log goes after 90 days, number and text go with the delivery (and the audit reports
any left over), the customer's list after its days, recipient counters after two."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from privacy.retention import overdue, purge
from privacy.subjects import Subject, subject_export
from sms.models import AbuseLogEntry, SmsContent, SmsDailyCount, SmsMessage
from sms.services import sms_deliver
from sms.tests.helpers import send


def _purge(key: str, now) -> int:
    (result,) = purge(activity_key=key, now=now)
    return result.count


def test_the_abuse_log_is_kept_90_days_and_then_deleted(customer):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        send(customer)
    assert _purge("sms.abuse_log", start + timedelta(days=89, hours=23)) == 0
    assert AbuseLogEntry.objects.count() == 1
    assert _purge("sms.abuse_log", start + timedelta(days=90, seconds=1)) == 1
    assert not AbuseLogEntry.objects.exists()


def test_the_abuse_log_holds_customer_number_time_and_ip_and_nothing_more():
    fields = {field.name for field in AbuseLogEntry._meta.concrete_fields}
    assert fields == {"id", "customer_number", "at", "ip_address"}


def test_the_abuse_log_outlives_the_customer_master_data(customer):
    send(customer)
    customer.delete()
    assert AbuseLogEntry.objects.filter(customer_number="4000001").exists()


def test_number_and_text_go_with_the_delivery(customer, sms_outbox):
    message = send(customer)
    assert SmsContent.objects.filter(message=message).exists()
    sms_deliver(message_id=message.pk)
    assert not SmsContent.objects.exists()
    assert "sms.contents" not in {item.activity for item in overdue()}


def test_number_and_text_left_over_after_delivery_are_reported_and_purged(customer):
    queued = send(customer)
    finished = send(customer)
    # A worker that died between the gateway's answer and the deletion.
    SmsMessage.objects.filter(pk=finished.pk).update(
        state=SmsMessage.State.SENT, finished_at=timezone.now() - timedelta(seconds=1)
    )
    (report,) = [item for item in overdue() if item.activity == "sms.contents"]
    assert report.count == 1
    assert _purge("sms.contents", timezone.now()) == 1
    assert list(SmsContent.objects.values_list("message_id", flat=True)) == [queued.pk]


def test_the_message_list_goes_after_its_days(customer):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        send(customer)
    assert _purge("sms.messages", start + timedelta(days=29)) == 0
    assert _purge("sms.messages", start + timedelta(days=30, seconds=1)) >= 1
    assert not SmsMessage.objects.exists()


def test_recipient_counters_go_after_two_days_and_the_budget_count_stays(customer):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        send(customer)
    assert SmsDailyCount.objects.filter(key__startswith="recipient:").count() == 1
    _purge("sms.recipient_counters", start + timedelta(days=2, seconds=1))
    assert not SmsDailyCount.objects.filter(key__startswith="recipient:").exists()
    assert SmsDailyCount.objects.filter(key="budget").exists()


def test_a_customer_export_shows_their_sms_without_internal_keys(customer):
    send(customer, text="Bis später")
    export = subject_export(Subject(customer_number="4000001"))
    (message,) = export["sms.messages"]
    assert "idempotency_key" not in message and "recipient_digest" not in message
    assert export["sms.contents"][0]["text"] == "Bis später"
    assert len(export["sms.abuse_log"]) == 1


def test_the_record_of_an_export_to_the_authorities_is_kept_three_years(db, django_user_model):
    from sms.abuse_export import abuse_log_export

    staff = django_user_model.objects.create_user(username="recht")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        abuse_log_export(
            exported_by=staff,
            customer_number="4000001",
            start=start.date(),
            end=start.date(),
            reason="Az. 1",
            file_format="csv",
        )
    assert _purge("sms.abuse_log_exports", start + timedelta(days=3 * 365 + 30)) == 0
    assert _purge("sms.abuse_log_exports", start + timedelta(days=3 * 365 + 32)) == 1


def test_files_of_the_development_backend_go_after_a_day(customer, settings, tmp_path):
    import os

    settings.SMS_BACKEND = "sms.backends.file.SmsBackend"
    settings.SMS_FILE_PATH = tmp_path
    sms_deliver(message_id=send(customer, text="Probe").pk)
    (written,) = tmp_path.glob("*.txt")
    assert "Probe" in written.read_text()
    day_old = (timezone.now() - timedelta(days=1, minutes=1)).timestamp()
    assert _purge("sms.development_files", timezone.now()) == 0
    os.utime(written, (day_old, day_old))
    assert _purge("sms.development_files", timezone.now()) == 1
    assert not written.exists()
