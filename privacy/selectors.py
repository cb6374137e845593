from django.db.models import OuterRef, Subquery

from privacy.models import PurgeRun


def purge_run_latest_by_activity() -> dict[str, PurgeRun]:
    """The most recent real (not dry) retention run of each activity."""
    latest = (
        PurgeRun.objects.filter(activity=OuterRef("activity"), dry_run=False)
        .order_by("-started_at")
        .values("pk")[:1]
    )
    runs = PurgeRun.objects.filter(pk=Subquery(latest))
    return {run.activity: run for run in runs}
