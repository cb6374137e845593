from crontask import cron
from django.tasks import task

from privacy.retention import purge


@cron("30 3 * * *")
@task
def purge_due_records() -> int:
    """The daily retention run; returns how many records it deleted."""
    return sum(result.count for result in purge())
