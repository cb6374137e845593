from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from privacy.models import RetentionHold, object_key


@transaction.atomic
def hold_place(
    *,
    record: models.Model,
    reason: RetentionHold.Reason,
    until: datetime,
    placed_by: AbstractBaseUser | None,
    note: str = "",
) -> RetentionHold:
    """Keep `record` from deletion until `until`, for one of the policy's reasons."""
    if until <= timezone.now():
        raise ValueError("A retention hold must end in the future.")
    # Lock the record: a purge batch holding it finishes first (and the record is
    # gone), or the purge waits and then sees the hold.
    still_there = type(record)._default_manager.select_for_update().filter(pk=record.pk).exists()
    if not still_there:
        raise ValueError("The record no longer exists; nothing to hold.")
    return RetentionHold.objects.create(
        content_type=ContentType.objects.get_for_model(record, for_concrete_model=True),
        object_id=object_key(type(record), record.pk),
        reason=reason,
        until=until,
        placed_by=placed_by,
        note=note,
    )


def hold_end(*, hold: RetentionHold) -> None:
    """End a hold now; the record becomes subject to its rule again."""
    hold.until = timezone.now()
    hold.save(update_fields=["until"])
