"""The quarter-hourly ingestion, enqueued to the database queue and run by a `db_worker`
process, counts the access-log files it finds; run again, it counts nothing twice."""

from datetime import date

import pytest
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from stadtwerk.tests.worker import DATABASE_QUEUE, worker_run
from traffic.models import DailyCount, LogFile
from traffic.tasks import ingest_access_logs
from traffic.tests.conftest import combined

pytestmark = pytest.mark.usefixtures("transactional_db")

DAY = date(2026, 10, 10)


def hits(dimension: str, value: str) -> int:
    row = DailyCount.objects.filter(day=DAY, dimension=dimension, value=value, bot=False).first()
    return row.hits if row else 0


def test_worker_counts_the_log_files_once(settings, tmp_path):
    directory = tmp_path / "access"
    directory.mkdir()
    log = directory / "access-2026-10-10.log"
    log.write_text(
        combined("/kontakt-hilfe/") + combined("/kontakt-hilfe/") + combined("/fehlt/", status=404)
    )
    settings.TASKS = DATABASE_QUEUE

    runs = [ingest_access_logs.enqueue(), ingest_access_logs.enqueue()]
    worker_run(tmp_path, TRAFFIC_ACCESS_LOG_DIR=str(directory))

    tasks = [DBTaskResult.objects.get(pk=run.id) for run in runs]
    assert [(task.status, task.return_value) for task in tasks] == [
        (TaskResultStatus.SUCCESSFUL, 3),
        (TaskResultStatus.SUCCESSFUL, 0),
    ]
    assert (hits("page", "/kontakt-hilfe/"), hits("status", "404"), hits("total", "")) == (2, 1, 3)
    assert list(LogFile.objects.values_list("name", "lines_done")) == [(log.name, 3)]
