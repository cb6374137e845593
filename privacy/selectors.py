from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from privacy.models import (
    PolicyVersion,
    PurgeRun,
    RetentionHold,
    SubjectRequest,
    policy_version_key,
)
from privacy.policy import policy_fingerprint


def purge_run_latest_by_activity() -> dict[str, PurgeRun]:
    """The most recent real (not dry) retention run of each activity."""
    latest = (
        PurgeRun.objects.filter(activity=OuterRef("activity"), dry_run=False)
        .order_by("-started_at")
        .values("pk")[:1]
    )
    runs = PurgeRun.objects.filter(pk=Subquery(latest))
    return {run.activity: run for run in runs}


def hold_list_ending(*, now: datetime, days: int) -> QuerySet[RetentionHold]:
    """Active holds that end within `days`, soonest first."""
    return (
        RetentionHold.objects.active(now)
        .filter(until__lte=now + timedelta(days=days))
        .select_related("content_type")
        .order_by("until", "pk")
    )


def subject_request_list_open() -> QuerySet[SubjectRequest]:
    """Open data-subject requests, the nearest deadline (extended, if so) first."""
    return SubjectRequest.objects.filter(closed_at=None).order_by(
        Coalesce("extended_due_on", "due_on"), "received_at", "pk"
    )


def subject_request_closed_count(*, since: datetime) -> int:
    return SubjectRequest.objects.filter(closed_at__gte=since).count()


@dataclass(frozen=True)
class PolicyDrift:
    """How the processing activities declared now differ from what the newest
    published policy version describes (activity keys)."""

    version: str
    new: list[str]
    changed: list[str]
    removed: list[str]
    processors_changed: bool


def policy_drift() -> PolicyDrift | None:
    """None while the newest version describes the registry as it is (or there is
    no version yet); otherwise what a new version would have to say."""
    versions = list(PolicyVersion.objects.only("number", "registry_fingerprint"))
    if not versions:
        return None
    newest = max(versions, key=lambda version: policy_version_key(version.number))
    then = newest.registry_fingerprint or {}
    now = policy_fingerprint()
    described, declared = then.get("activities", {}), now["activities"]
    drift = PolicyDrift(
        version=newest.number,
        new=sorted(declared.keys() - described.keys()),
        changed=sorted(
            k for k in declared.keys() & described.keys() if declared[k] != described[k]
        ),
        removed=sorted(described.keys() - declared.keys()),
        processors_changed=then.get("processors") != now["processors"],
    )
    if drift.new or drift.changed or drift.removed or drift.processors_changed:
        return drift
    return None
