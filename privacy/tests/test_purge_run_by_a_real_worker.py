"""The daily retention run, enqueued to the database queue and run by a `db_worker`
process: it deletes what is past its retention, keeps the rest, and records its run."""

import os
from datetime import timedelta

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from privacy.models import PurgeRun
from privacy.registry import get_activities
from privacy.tasks import purge_due_records
from privacy.tests.fixture_app.models import Ticket
from stadtwerk.tests.worker import DATABASE_QUEUE, worker_run

pytestmark = pytest.mark.usefixtures("transactional_db")


def test_worker_deletes_what_is_due_and_records_the_run(settings, tmp_path):
    now = timezone.now()
    Ticket.objects.create(kind="contact", email="a@example.org", done_at=now - timedelta(days=31))
    kept = Ticket.objects.create(
        kind="contact", email="b@example.org", done_at=now - timedelta(days=1)
    )
    logs = tmp_path / "logs"
    logs.mkdir()
    old_log, new_log = logs / "old.log", logs / "new.log"
    old_log.write_text("192.0.2.1\n")
    new_log.write_text("192.0.2.2\n")
    long_ago = (now - timedelta(days=91)).timestamp()
    os.utime(old_log, (long_ago, long_ago))
    settings.TASKS = DATABASE_QUEUE

    result = purge_due_records.enqueue()
    assert PurgeRun.objects.count() == 0

    worker_run(tmp_path, PRIVACY_FIXTURE_LOG_DIR=str(logs))

    assert list(Ticket.objects.values_list("pk", flat=True)) == [kept.pk]
    assert [path.name for path in logs.iterdir()] == ["new.log"]
    runs = {run.activity: run for run in PurgeRun.objects.all()}
    assert set(runs) == {activity.key for activity in get_activities()}
    assert (runs["fixture.contact"].count, runs["fixture.logs"].count) == (1, 1)
    assert all(not run.dry_run and not run.error and run.finished_at for run in runs.values())
    task = DBTaskResult.objects.get(pk=result.id)
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.return_value == sum(run.count for run in runs.values())
