from crontask import cron
from django.tasks import task

from traffic.services import (
    access_log_addresses_truncate,
    access_logs_ingest,
    analytics_finished_days_count,
)


@cron("*/15 * * * *")
@task
def ingest_access_logs() -> int:
    """Count new access-log lines; returns how many."""
    return sum(ingested.lines for ingested in access_logs_ingest())


@cron("5 0 * * *")
@task
def count_finished_analytics_days() -> int:
    """Yesterday's page views become transition counts; the raw events and the day's
    secret are deleted."""
    return analytics_finished_days_count()


@cron("45 3 * * *")
@task
def truncate_old_addresses() -> int:
    """Shorten the addresses in raw log files older than TRAFFIC_TRUNCATE_IP_DAYS."""
    return access_log_addresses_truncate()
