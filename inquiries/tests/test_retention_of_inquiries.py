"""Deletion as the privacy policy promises, with a controlled clock: done inquiries go
30 days after completion unless held; callbacks go when called, or 30 days after
their preferred time if the call never happened."""

from datetime import date, time, timedelta

import pytest
from django.core.management import call_command

from inquiries.models import Inquiry, InquiryEvent, Kind
from inquiries.services import callback_mark_done, inquiry_hold, inquiry_status_set, inquiry_submit
from privacy.models import RetentionHold
from privacy.registry import get_activity
from privacy.retention import purge

pytestmark = pytest.mark.django_db

KINDS_KEPT_FOR_QUERIES = [
    Kind.CONTACT,
    Kind.PRIVACY_OFFICER,
    Kind.EQUALITY_OFFICER,
    Kind.FEEDBACK,
    Kind.OUTAGE,
]


def inquiry(kind=Kind.CONTACT):
    return inquiry_submit(
        kind=kind, data={"name": "N", "email": "n@example.org", "concern": "c", "topic": None}
    )


def callback(day=date(2026, 6, 16)):
    return inquiry_submit(
        kind=Kind.CALLBACK,
        data={
            "name": "N",
            "phone": "+495111234567",
            "preferred_date": day,
            "preferred_from": time(9),
            "preferred_until": time(10),
        },
    )


@pytest.mark.parametrize("kind", KINDS_KEPT_FOR_QUERIES)
def test_done_inquiry_is_deleted_30_days_after_completion(routing, staff, clock, kind):
    record = inquiry(kind)
    inquiry_status_set(inquiry=record, status="done", actor=staff["admin"])

    clock.shift(timedelta(days=30) - timedelta(minutes=1))
    purge()
    assert Inquiry.objects.filter(pk=record.pk).exists()

    clock.shift(timedelta(minutes=2))
    purge()
    assert not Inquiry.objects.filter(pk=record.pk).exists()
    assert not InquiryEvent.objects.filter(inquiry_id=record.pk).exists()


def test_open_inquiry_is_never_deleted_by_age(routing, clock):
    record = inquiry()
    clock.shift(timedelta(days=400))

    purge()

    assert Inquiry.objects.filter(pk=record.pk).exists()


def test_held_inquiry_stays_until_its_hold_ends(routing, staff, clock):
    record = inquiry_status_set(inquiry=inquiry(), status="done", actor=staff["admin"])
    inquiry_hold(
        inquiry=record,
        reason=RetentionHold.Reason.STATUTORY,
        until=record.done_at + timedelta(days=90),
        actor=staff["admin"],
    )

    clock.shift(timedelta(days=60))
    purge()
    assert Inquiry.objects.filter(pk=record.pk).exists()

    clock.shift(timedelta(days=31))
    purge()
    assert not Inquiry.objects.filter(pk=record.pk).exists()


def test_reopened_inquiry_is_not_deleted(routing, staff, clock):
    record = inquiry()
    inquiry_status_set(inquiry=record, status="done", actor=staff["admin"])
    clock.shift(timedelta(days=10))
    inquiry_status_set(inquiry=record, status="in_progress", actor=staff["admin"])

    clock.shift(timedelta(days=40))
    purge()

    assert Inquiry.objects.filter(pk=record.pk).exists()


def test_callback_is_deleted_as_soon_as_it_is_called(routing, staff, clock):
    record = callback()

    callback_mark_done(inquiry=record, actor=staff["kundenservice"])

    assert not Inquiry.objects.filter(pk=record.pk).exists()


def test_callback_never_made_goes_30_days_after_its_preferred_time(routing, clock):
    record = callback(day=date(2026, 6, 16))

    clock.move_to("2026-07-16T08:59:00+02:00")
    purge()
    assert Inquiry.objects.filter(pk=record.pk).exists()

    clock.move_to("2026-07-16T09:01:00+02:00")
    purge()
    assert not Inquiry.objects.filter(pk=record.pk).exists()


def test_callbacks_cannot_be_held(routing, staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        inquiry_hold(
            inquiry=callback(),
            reason=RetentionHold.Reason.EVIDENCE,
            until=callback().preferred_start + timedelta(days=400),
            actor=staff["admin"],
        )


def test_retention_days_come_from_the_declaration(settings):
    assert get_activity("inquiries.contact").retention.days == 30
    assert get_activity("inquiries.contact").retention.holds is True
    assert "Rückruf" in get_activity("inquiries.callback").retention.describe()


def test_audit_passes_after_purge(routing, staff, clock):
    record = inquiry()
    inquiry_status_set(inquiry=record, status="done", actor=staff["admin"])
    clock.shift(timedelta(days=31))

    with pytest.raises(SystemExit):
        call_command("privacy", "audit")
    purge()
    call_command("privacy", "audit")


@pytest.mark.parametrize(
    "key",
    [
        "inquiries.contact",
        "inquiries.callback",
        "inquiries.privacy_officer",
        "inquiries.equality_officer",
        "inquiries.feedback",
        "inquiries.outage",
        "inquiries.processing_steps",
    ],
)
def test_every_activity_is_in_the_record_of_processing(key, capsys):
    call_command("privacy", "activities", "--format", "json")

    assert key in capsys.readouterr().out


def test_data_subject_export_finds_inquiries_by_email_and_phone(routing, capsys):
    import json

    inquiry_submit(
        kind=Kind.CONTACT, data={"name": "Erika", "email": "erika@example.org", "concern": "Frage"}
    )
    callback()

    call_command("privacy", "export", "--email", "erika@example.org")
    by_email = json.loads(capsys.readouterr().out)
    call_command("privacy", "export", "--phone", "+495111234567")
    by_phone = json.loads(capsys.readouterr().out)

    assert "Frage" in json.dumps(by_email, ensure_ascii=False)
    assert "inquiries.callback" in json.dumps(by_phone)
