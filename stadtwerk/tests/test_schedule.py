"""The scheduler runs what README.md's "Zeitplan / Scheduled jobs" says, when it says."""

import re
from io import StringIO

from apscheduler.triggers.cron import CronTrigger
from crontask import scheduler
from crontask.management.commands.crontask import Command
from django.conf import settings
from django.utils import timezone

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
