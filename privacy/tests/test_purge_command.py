"""`manage.py privacy purge` and the daily task delete what is due, a dry run only
says what it would delete, and one activity can be purged on its own."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from privacy.models import PurgeRun
from privacy.registry import get_activities
from privacy.tasks import purge_due_records
from privacy.tests.conftest import NOW
from privacy.tests.fixture_app.models import Ticket, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_log_directory(settings, tmp_path):
    settings.PRIVACY_FIXTURE_LOG_DIR = tmp_path


@pytest.fixture
def due(clock):
    """Two visits and one contact ticket past their limits, and one of each inside."""
    old = NOW - timedelta(days=100)
    return {
        "visits": [
            Visit.objects.create(ip_address="192.0.2.1", created_at=old),
            Visit.objects.create(ip_address="192.0.2.2", created_at=old),
        ],
        "ticket": Ticket.objects.create(kind="contact", done_at=NOW - timedelta(days=31)),
        "kept": [
            Visit.objects.create(ip_address="192.0.2.3", created_at=NOW - timedelta(days=1)),
            Ticket.objects.create(kind="contact", done_at=NOW - timedelta(days=1)),
        ],
    }


def purge_command(*args: str) -> list[str]:
    out = StringIO()
    call_command("privacy", "purge", *args, stdout=out)
    return out.getvalue().splitlines()


def test_dry_run_says_what_it_would_delete_and_deletes_nothing(due):
    lines = purge_command("--dry-run")

    assert "fixture.visits: würde 2 löschen" in lines
    assert "fixture.contact: würde 1 löschen" in lines
    assert len(lines) == len(get_activities())
    assert all(": würde " in line and line.endswith(" löschen") for line in lines)
    assert (Visit.objects.count(), Ticket.objects.count()) == (3, 2)
    assert set(PurgeRun.objects.values_list("dry_run", flat=True)) == {True}


def test_purge_deletes_what_is_due_in_every_activity(due):
    lines = purge_command()

    assert "fixture.visits: 2 gelöscht" in lines
    assert "fixture.contact: 1 gelöscht" in lines
    assert set(Visit.objects.all()) | set(Ticket.objects.all()) == set(due["kept"])


def test_purge_of_one_activity_leaves_the_others_alone(due):
    lines = purge_command("--activity", "fixture.visits")

    assert lines == ["fixture.visits: 2 gelöscht"]
    assert list(Visit.objects.all()) == [due["kept"][0]]
    assert Ticket.objects.filter(pk=due["ticket"].pk).exists()
    assert list(PurgeRun.objects.values_list("activity", flat=True)) == ["fixture.visits"]


def test_dry_run_of_one_activity(due):
    assert purge_command("--dry-run", "--activity", "fixture.contact") == [
        "fixture.contact: würde 1 löschen"
    ]
    assert Ticket.objects.filter(pk=due["ticket"].pk).exists()


def test_an_unknown_activity_is_refused_before_anything_is_deleted(due):
    with pytest.raises(CommandError, match="Unknown processing activity 'fixture.visit'"):
        purge_command("--activity", "fixture.visit")

    assert Visit.objects.count() == 3
    assert not PurgeRun.objects.exists()


def test_a_failing_activity_is_reported_and_the_others_still_run(due, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk gone")

    monkeypatch.setattr("privacy.rules.FilesOlderThan.due_files", broken)
    out = StringIO()

    with pytest.raises(CommandError, match="das Löschen fehlgeschlagen"):
        call_command("privacy", "purge", stdout=out)

    assert "fixture.logs: 0 gelöscht — FEHLGESCHLAGEN (OSError)" in out.getvalue().splitlines()
    assert "fixture.visits: 2 gelöscht" in out.getvalue().splitlines()
    assert PurgeRun.objects.get(activity="fixture.logs").error == "OSError"
    assert Visit.objects.count() == 1


def test_the_daily_task_deletes_what_is_due_and_returns_the_count(due):
    result = purge_due_records.enqueue()

    assert result.return_value == 3
    assert set(Visit.objects.all()) | set(Ticket.objects.all()) == set(due["kept"])


def test_the_daily_task_returns_zero_when_nothing_is_due(clock):
    assert purge_due_records.enqueue().return_value == 0


def test_the_purge_speaks_english_when_asked(due):
    with translation.override("en"):
        lines = purge_command("--dry-run", "--activity", "fixture.visits")

    assert lines == ["fixture.visits: would delete 2"]
