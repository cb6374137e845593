"""Writes of the traffic app: counting log files, shortening addresses, turning a
day's analytics events into transition counts and forgetting the day's secret."""

import gzip
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from traffic import conf
from traffic.addresses import line_masked
from traffic.ingestion import counts_from_file, file_fingerprint
from traffic.models import DailyCount, DailySalt, LogFile, PageEvent, Transition

#: A pause longer than this between two page views starts a new visit.
VISIT_GAP = timedelta(minutes=30)
FIELDS = ("day", "dimension", "value", "bot", "hits", "views", "bytes")


@dataclass(frozen=True)
class Ingested:
    file: str
    lines: int


def log_files(directory: Path | None = None) -> list[Path]:
    directory = directory or conf.access_log_dir()
    if not directory.is_dir():
        return []
    return sorted(path for path in directory.glob(conf.access_log_pattern()) if path.is_file())


#: Rows per INSERT: a statement of many rows is parsed once, and binding its values
#: costs SQLite a third of reading them from one JSON text.
ROWS_PER_STATEMENT = 500


def _counts_add(rows: list[tuple]) -> None:
    """Add counts (day, dimension, value, bot, hits, views, bytes) to the stored ones."""
    table = connection.ops.quote_name(DailyCount._meta.db_table)
    limit = connection.features.max_query_params or 2**16
    per_statement = min(ROWS_PER_STATEMENT, limit // len(FIELDS))
    # The driver's own cursor: Django's would rewrite every statement's parameter
    # marks with a regular expression, which for SQLite adds half the upsert's time.
    mark = "?" if connection.vendor == "sqlite" else "%s"
    connection.ensure_connection()
    one_row = "(" + ", ".join([mark] * len(FIELDS)) + ")"
    cursor = connection.connection.cursor()
    try:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(FIELDS)}) VALUES "
                + ", ".join([one_row] * len(chunk))
                + " ON CONFLICT (day, dimension, value, bot) DO UPDATE SET "
                f"hits = {table}.hits + excluded.hits, views = {table}.views + excluded.views, "
                f"bytes = {table}.bytes + excluded.bytes",
                [value for row in chunk for value in row],
            )
    finally:
        cursor.close()


def log_file_ingest(*, path: Path) -> Ingested:
    """Count the lines of `path` not counted before; safe to repeat at any time."""
    fingerprint = file_fingerprint(path)
    if fingerprint is None:
        return Ingested(file=path.name, lines=0)
    log_file, _ = LogFile.objects.get_or_create(
        fingerprint=fingerprint, defaults={"name": path.name[:255]}
    )
    done = log_file.lines_done
    counts = counts_from_file(path, skip=done)
    if not counts.lines:
        return Ingested(file=path.name, lines=0)
    with transaction.atomic():
        locked = LogFile.objects.select_for_update().get(pk=log_file.pk)
        if locked.lines_done != done:
            return Ingested(file=path.name, lines=0)  # another run counted them meanwhile
        _counts_add(counts.rows)
        locked.lines_done = done + counts.lines
        locked.name = path.name[:255]
        locked.save(update_fields=["lines_done", "name", "updated_at"])
    return Ingested(file=path.name, lines=counts.lines)


def access_logs_ingest(*, paths: list[Path] | None = None) -> list[Ingested]:
    return [log_file_ingest(path=path) for path in (paths or log_files())]


def _rewrite_masked(path: Path) -> bool:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="surrogateescape", newline="") as source:
        lines = source.readlines()
    masked = [line_masked(line) for line in lines]
    if masked == lines:
        return False
    stat = path.stat()
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".masking-")
    os.close(handle)
    with opener(temporary, "wt", encoding="utf-8", errors="surrogateescape", newline="") as out:
        out.writelines(masked)
    os.chmod(temporary, stat.st_mode)
    os.replace(temporary, path)
    # The file keeps its date: retention counts from the last request it logged.
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return True


def access_log_addresses_truncate(*, now: datetime | None = None) -> int:
    """Shorten the addresses in raw log files older than TRAFFIC_TRUNCATE_IP_DAYS."""
    days = conf.truncate_ip_days()
    if days <= 0:
        return 0
    cutoff = ((now or timezone.now()) - timedelta(days=days)).timestamp()
    return sum(_rewrite_masked(path) for path in log_files() if path.stat().st_mtime < cutoff)


def _transitions_of(events: list[tuple[str, str, datetime]]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}

    def add(source: str, target: str) -> None:
        counts[(source, target)] = counts.get((source, target), 0) + 1

    previous_visit, previous_path, previous_at = None, "", None
    for visit, path, at in events:
        if visit != previous_visit or at - previous_at > VISIT_GAP:
            if previous_visit is not None:
                add(previous_path, "")
            add("", path)
        else:
            add(previous_path, path)
        previous_visit, previous_path, previous_at = visit, path, at
    if previous_visit is not None:
        add(previous_path, "")
    return counts


def analytics_day_count(*, day: date) -> int:
    """Turn the events of a finished day into transition counts, then delete them and
    the day's secret. Returns how many events were counted."""
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    end = start + timedelta(days=1)
    with transaction.atomic():
        events = PageEvent.objects.filter(at__gte=start, at__lt=end)
        rows = list(events.order_by("visit", "at").values_list("visit", "path", "at"))
        for (source, target), count in _transitions_of(rows).items():
            transition, _ = Transition.objects.select_for_update().get_or_create(
                day=day, from_path=source, to_path=target
            )
            Transition.objects.filter(pk=transition.pk).update(count=transition.count + count)
        events.delete()
        DailySalt.objects.filter(day__lte=day).delete()
    return len(rows)


def analytics_finished_days_count(*, now: datetime | None = None) -> int:
    """Count every day before today that still has events, and forget its secret."""
    today = timezone.localdate(now or timezone.now())
    start_of_today = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    days = PageEvent.objects.filter(at__lt=start_of_today).dates("at", "day")
    counted = sum(analytics_day_count(day=day) for day in days)
    DailySalt.objects.filter(day__lt=today).delete()
    return counted
