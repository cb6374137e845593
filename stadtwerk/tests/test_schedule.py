"""The scheduler runs what README.md's "Zeitplan / Scheduled jobs" says, when it says;
it starts, stops cleanly on SIGTERM, and with Redis a second one refuses to run."""

import os
import re
import signal
from io import StringIO

import pytest
from apscheduler.triggers.cron import CronTrigger
from crontask import scheduler
from crontask.management.commands.crontask import Command
from django.conf import settings
from django.utils import timezone
from redis import Redis

from stadtwerk.tests.worker import Scheduler, scheduler_lock_key

README = settings.BASE_DIR / "README.md"
HEADING = "## Zeitplan / Scheduled jobs"
ROW = re.compile(r"^\| `([\w.]+)` \| `([^`]+)` \| (.+) \|$")


def documented_schedule() -> dict[str, str]:
    """Task path → cron line, from the table of the README's section."""
    section = README.read_text().split(HEADING + "\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    schedule = {}
    for line in rows:
        match = ROW.match(line)
        assert match, f"not a row of task, cron line and description: {line}"
        path, cron_line, _what = match.groups()
        assert path not in schedule, f"{path} is listed twice"
        schedule[path] = cron_line
    return schedule


def declared_jobs() -> dict[str, CronTrigger]:
    """Task path → trigger of every job the crontask command would schedule: it
    imports the tasks module of each app, whose @cron decorators add the jobs.
    crontask's own (the heartbeat, which the Procfile turns off) are left out."""
    Command(stdout=StringIO()).load_tasks({})
    jobs = {}
    for job in scheduler.get_jobs():
        path = job.func.__self__.module_path
        if not path.startswith("crontask."):
            assert path not in jobs, f"{path} is scheduled twice"
            jobs[path] = job.trigger
    return jobs


def test_the_readme_lists_every_scheduled_task_with_its_cron_line():
    documented = documented_schedule()
    declared = declared_jobs()

    assert declared
    assert sorted(declared) == sorted(documented)
    berlin = timezone.get_default_timezone()
    for path, trigger in declared.items():
        expected = CronTrigger.from_crontab(documented[path], timezone=berlin)
        assert (str(trigger), trigger.timezone) == (str(expected), expected.timezone), path


@pytest.mark.usefixtures("transactional_db")
def test_the_scheduler_starts_and_stops_cleanly_on_sigterm(tmp_path):
    running = Scheduler(tmp_path, "--no-heartbeat")
    try:
        running.wait_for("Scheduler started")
        running.process.send_signal(signal.SIGTERM)
        assert running.wait() == 0, running.stdout + running.stderr
    finally:
        running.kill()

    assert "Starting scheduler" in running.stdout
    assert "Shutting down scheduler" in running.stdout
    assert "Traceback" not in running.stderr, running.stderr


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="the lock is in Redis")
@pytest.mark.usefixtures("transactional_db")
def test_a_second_scheduler_refuses_to_run_beside_the_first(tmp_path):
    redis = Redis.from_url(os.environ["REDIS_URL"])
    key = scheduler_lock_key()
    assert os.environ["STADTWERK_TEST_RUN"] in key
    first = Scheduler(tmp_path / "first", "--no-heartbeat")
    try:
        first.wait_for("Scheduler started")
        assert redis.exists(key)
        second = Scheduler(tmp_path / "second", "--no-heartbeat")
        try:
            assert second.wait() == 0, second.stdout + second.stderr
        finally:
            second.kill()
        assert "Another scheduler is already running." in second.stderr
        assert "Starting scheduler" not in second.stdout
        assert first.process.poll() is None
        first.process.send_signal(signal.SIGTERM)
        assert first.wait() == 0, first.stdout + first.stderr
    finally:
        first.kill()

    assert "Traceback" not in first.stderr + second.stderr, first.stderr + second.stderr
    assert not redis.exists(key)
