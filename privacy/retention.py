"""The retention engine: deletes what the declared rules say is due.

Deleting personal data cannot be undone, so the engine is built to limit harm:

* What is due is one queryset per activity (rule plus "not held"), and that same
  queryset is what the dry run counts, what the audit reports and what the DELETE
  statement filters by. Eligibility and holds are re-checked inside every DELETE, so
  a hold placed after a dry run, or while a run is going on, still protects its
  record.
* Rows go in batches of PURGE_BATCH_SIZE, each in its own transaction, so no
  statement holds locks on a large table for long; the loop stops on a short batch.
* Each run of each activity is recorded (activity, rule, count, start, end) and
  logged, never with the content of what was deleted.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import router, transaction
from django.db.models import CharField, Exists, Model, OuterRef, QuerySet
from django.db.models.deletion import Collector
from django.db.models.functions import Cast
from django.utils import timezone

from privacy.models import PurgeRun, RetentionHold, object_key
from privacy.registry import Activity, get_activities, get_activity

logger = logging.getLogger(__name__)

PURGE_BATCH_SIZE = 500
#: Run records carry no personal data but are kept no longer than needed either.
PURGE_RUN_RETENTION = timedelta(days=400)


def held_records_excluded(queryset: QuerySet, *, now: datetime) -> QuerySet:
    """The queryset without records under a retention hold that has not ended."""
    active_holds = (
        RetentionHold.objects.on_model(queryset.model)
        .active(now)
        .filter(object_id=Cast(OuterRef("pk"), output_field=CharField()))
    )
    return queryset.filter(~Exists(active_holds))


def due_records(activity: Activity, *, now: datetime) -> QuerySet:
    """Records of an activity that its rule says must be gone by `now`."""
    due = activity.retention.due(activity.queryset(), now=now)
    return held_records_excluded(due, now=now)


def _any_held(model: type[Model], pks: Iterable, *, now: datetime) -> bool:
    keys = [object_key(model, pk) for pk in pks]
    return RetentionHold.objects.on_model(model).active(now).filter(object_id__in=keys).exists()


def _reaches_a_hold(model: type[Model], pks: list, *, now: datetime) -> bool:
    """Whether deleting these rows would cascade into a row under an active hold."""
    collector = Collector(using=router.db_for_write(model))
    collector.collect(model._default_manager.filter(pk__in=pks))
    reached = [(m, {obj.pk for obj in objs}) for m, objs in collector.data.items()]
    reached += [(qs.model, set(qs.values_list("pk", flat=True))) for qs in collector.fast_deletes]
    for reached_model, reached_pks in reached:
        others = reached_pks - set(pks) if reached_model is model else reached_pks
        if others and _any_held(reached_model, others, now=now):
            return True
    return False


def cascade_blocked(model: type[Model], pks: list, *, now: datetime) -> set:
    """Those of `pks` whose deletion would also delete a held record elsewhere."""
    if not pks or not model._meta.related_objects or not _reaches_a_hold(model, pks, now=now):
        return set()
    return {pk for pk in pks if _reaches_a_hold(model, [pk], now=now)}


def delete_in_batches(queryset: QuerySet, *, now: datetime) -> int:
    """Delete every row of `queryset`, a batch per transaction; return the count.

    The DELETE filters by the whole queryset again, not by the ids alone, so a row
    that stopped being eligible since it was selected stays. A row whose deletion
    would cascade into a held record elsewhere stays too.
    """
    label = queryset.model._meta.label
    deleted = 0
    blocked: set = set()
    while True:
        with transaction.atomic():
            remaining = queryset.exclude(pk__in=blocked) if blocked else queryset
            # Locked until this batch commits: hold_place() waits for the lock, so
            # a hold either lands before the DELETE sees it, or finds the row gone.
            locked = remaining.select_for_update(of=("self",))
            batch = list(locked.values_list("pk", flat=True)[:PURGE_BATCH_SIZE])
            if not batch:
                break
            newly_blocked = cascade_blocked(queryset.model, batch, now=now)
            blocked |= newly_blocked
            deletable = [pk for pk in batch if pk not in newly_blocked]
            _, per_model = queryset.filter(pk__in=deletable).delete()
            deleted_now = per_model.get(label, 0)
        deleted += deleted_now
        if len(batch) < PURGE_BATCH_SIZE or deleted_now + len(newly_blocked) == 0:
            break
    return deleted


@dataclass(frozen=True)
class PurgeResult:
    activity: str
    rule: str
    count: int
    dry_run: bool
    error: str = ""


def _purge_activity(activity: Activity, *, now: datetime, dry_run: bool) -> int:
    rule = activity.retention
    if rule.on_files:
        due_files = rule.due_files(activity.directory(), now=now)
        if not dry_run:
            for path in due_files:
                path.unlink(missing_ok=True)
        return len(due_files)
    due = due_records(activity, now=now)
    return due.count() if dry_run else delete_in_batches(due, now=now)


def purge(
    *, activity_key: str | None = None, dry_run: bool = False, now: datetime | None = None
) -> list[PurgeResult]:
    """Delete (or with dry_run only count) everything due, activity by activity."""
    now = now or timezone.now()
    activities = [get_activity(activity_key)] if activity_key else get_activities()
    results = []
    for activity in activities:
        started_at = timezone.now()
        error = ""
        try:
            count = _purge_activity(activity, now=now, dry_run=dry_run)
        except Exception as exc:  # one failing activity must not stop the others
            logger.exception("privacy purge: %s failed", activity.key)
            count, error = 0, type(exc).__name__
        result = PurgeResult(
            activity=activity.key,
            rule=activity.retention.describe()[:300],
            count=count,
            dry_run=dry_run,
            error=error,
        )
        PurgeRun.objects.create(
            activity=result.activity,
            rule=result.rule,
            dry_run=dry_run,
            count=count,
            started_at=started_at,
            finished_at=timezone.now(),
            error=error,
        )
        results.append(result)
    if not activity_key and not dry_run:
        delete_in_batches(
            PurgeRun.objects.filter(started_at__lt=now - PURGE_RUN_RETENTION), now=now
        )
    logger.info(
        "privacy purge%s: %d records in %d activities%s",
        " (dry run)" if dry_run else "",
        sum(r.count for r in results),
        len(results),
        "".join(f"; {r.activity}={r.count}" for r in results if r.count or r.error),
    )
    return results


@dataclass(frozen=True)
class Overdue:
    activity: str
    rule: str
    count: int


def overdue(*, now: datetime | None = None) -> list[Overdue]:
    """Activities holding records older than their rule allows."""
    now = now or timezone.now()
    found = []
    for activity in get_activities():
        rule = activity.retention
        if rule.on_files:
            count = len(rule.due_files(activity.directory(), now=now))
        else:
            count = due_records(activity, now=now).count()
        if count:
            found.append(Overdue(activity=activity.key, rule=rule.describe(), count=count))
    return found
