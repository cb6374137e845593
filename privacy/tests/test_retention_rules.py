"""Each kind of rule keeps a record one second inside its limit and deletes it one
second past it; held records stay until their hold ends; the audit fails while
anything is overdue and passes once purge has run."""

import os
from datetime import timedelta

import pytest
from django.core.management import call_command

from privacy.models import PurgeRun, RetentionHold
from privacy.retention import purge
from privacy.services import hold_end, hold_place
from privacy.tests.conftest import NOW
from privacy.tests.fixture_app.models import Account, Ticket, Visit

pytestmark = pytest.mark.django_db
SECOND = timedelta(seconds=1)


def audit_exit_code() -> int:
    try:
        call_command("privacy", "audit")
    except SystemExit as exit:
        return exit.code
    return 0


def test_max_age_keeps_records_inside_the_limit_and_deletes_older_ones(clock):
    inside = Visit.objects.create(
        ip_address="192.0.2.1", created_at=NOW - timedelta(days=90) + SECOND
    )
    past = Visit.objects.create(
        ip_address="192.0.2.2", created_at=NOW - timedelta(days=90) - SECOND
    )

    assert audit_exit_code() == 1
    purge()

    assert list(Visit.objects.all()) == [inside]
    assert not Visit.objects.filter(pk=past.pk).exists()
    assert audit_exit_code() == 0


def test_after_completion_counts_from_completion_and_spares_open_records(clock):
    open_ticket = Ticket.objects.create(kind="contact", email="a@example.org")
    inside = Ticket.objects.create(kind="contact", done_at=NOW - timedelta(days=30) + SECOND)
    past = Ticket.objects.create(kind="contact", done_at=NOW - timedelta(days=30) - SECOND)

    assert audit_exit_code() == 1
    purge()

    assert set(Ticket.objects.all()) == {open_ticket, inside}
    assert not Ticket.objects.filter(pk=past.pk).exists()
    assert audit_exit_code() == 0


def test_on_completion_deletes_a_callback_once_done_and_not_before(clock):
    pending = Ticket.objects.create(kind="callback", phone="+4923400000")
    done_in_a_second = Ticket.objects.create(kind="callback", done_at=NOW + SECOND)
    done = Ticket.objects.create(kind="callback", done_at=NOW - SECOND)

    purge()

    assert set(Ticket.objects.all()) == {pending, done_in_a_second}
    assert not Ticket.objects.filter(pk=done.pk).exists()


def test_until_event_rule_never_deletes_by_age(clock):
    account = Account.objects.create(customer_number="100200", email="k@example.org")
    clock.move_to(NOW + timedelta(days=3650))

    purge()

    assert Account.objects.filter(pk=account.pk).exists()
    assert audit_exit_code() == 0


def test_file_rule_deletes_log_files_past_the_limit(clock, settings, tmp_path):
    settings.PRIVACY_FIXTURE_LOG_DIR = tmp_path
    inside, past, other = tmp_path / "inside.log", tmp_path / "past.log", tmp_path / "past.txt"
    for path, age in [
        (inside, timedelta(days=90) - SECOND),
        (past, timedelta(days=90) + SECOND),
        (other, timedelta(days=900)),
    ]:
        path.write_text("203.0.113.9 GET /\n")
        stamp = (NOW - age).timestamp()
        os.utime(path, (stamp, stamp))

    assert audit_exit_code() == 1
    purge()

    assert inside.exists() and other.exists()
    assert not past.exists()
    assert audit_exit_code() == 0


def test_held_record_stays_until_its_hold_ends(clock, django_user_model):
    dpo = django_user_model.objects.create(username="dpo")
    ticket = Ticket.objects.create(kind="contact", done_at=NOW - timedelta(days=31))
    hold = hold_place(
        record=ticket,
        reason=RetentionHold.Reason.EVIDENCE,
        until=NOW + timedelta(days=10),
        placed_by=dpo,
        note="Az. 2026-17",
    )

    purge()
    assert Ticket.objects.filter(pk=ticket.pk).exists()
    assert audit_exit_code() == 0, "a held record is not overdue"

    clock.move_to(NOW + timedelta(days=10) - SECOND)
    purge()
    assert Ticket.objects.filter(pk=ticket.pk).exists()

    clock.move_to(NOW + timedelta(days=10) + SECOND)
    assert audit_exit_code() == 1
    purge()
    assert not Ticket.objects.filter(pk=ticket.pk).exists()
    assert RetentionHold.objects.filter(pk=hold.pk).exists(), "the hold itself is kept"

    other = Ticket.objects.create(kind="contact", done_at=NOW - timedelta(days=60))
    ended = hold_place(
        record=other,
        reason=RetentionHold.Reason.STATUTORY,
        until=NOW + timedelta(days=400),
        placed_by=dpo,
    )
    hold_end(hold=ended)
    purge()
    assert not Ticket.objects.filter(pk=other.pk).exists()


def test_a_hold_placed_after_a_dry_run_still_protects_its_record(clock):
    ticket = Ticket.objects.create(kind="contact", done_at=NOW - timedelta(days=31))

    [dry] = purge(activity_key="fixture.contact", dry_run=True)
    assert dry.count == 1
    hold_place(
        record=ticket,
        reason=RetentionHold.Reason.CUSTOMER_CARE,
        until=NOW + timedelta(days=1),
        placed_by=None,
    )
    [real] = purge(activity_key="fixture.contact")

    assert real.count == 0
    assert Ticket.objects.filter(pk=ticket.pk).exists()


def test_dry_run_counts_what_the_real_run_deletes_and_deletes_nothing(clock):
    for days in (10, 95, 100):
        Visit.objects.create(ip_address="192.0.2.1", created_at=NOW - timedelta(days=days))

    [dry] = purge(activity_key="fixture.visits", dry_run=True)
    assert dry.count == 2
    assert Visit.objects.count() == 3

    [real] = purge(activity_key="fixture.visits")
    assert real.count == 2
    assert Visit.objects.count() == 1


def test_purge_deletes_in_batches_and_records_each_run(clock, monkeypatch):
    monkeypatch.setattr("privacy.retention.PURGE_BATCH_SIZE", 3)
    Visit.objects.bulk_create(
        Visit(ip_address="192.0.2.1", created_at=NOW - timedelta(days=100)) for _ in range(8)
    )

    [result] = purge(activity_key="fixture.visits")

    assert result.count == 8
    assert Visit.objects.count() == 0
    run = PurgeRun.objects.get(activity="fixture.visits")
    assert (run.count, run.dry_run, run.error) == (8, False, "")
    assert run.rule == "Löschung nach 90 Tagen"
    assert run.started_at <= run.finished_at


def test_run_records_expire_too(clock):
    PurgeRun.objects.create(
        activity="fixture.visits",
        rule="x",
        started_at=NOW - timedelta(days=401),
        finished_at=NOW - timedelta(days=401),
    )

    purge()

    assert not PurgeRun.objects.filter(started_at__lt=NOW - timedelta(days=400)).exists()
    assert PurgeRun.objects.filter(started_at__gte=NOW).exists()
