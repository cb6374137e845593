from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacy.models import (
    POLICY_VERSION_NUMBER,
    PolicyVersion,
    RetentionHold,
    object_key,
    policy_version_key,
)
from privacy.policy import (
    Controller,
    policy_fingerprint,
    policy_missing_controller_keys,
    policy_render,
)


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


CONTROLLER_LABELS = {
    "company": gettext_lazy("Unternehmen"),
    "address": gettext_lazy("Anschrift"),
    "dpo_name": gettext_lazy("Name der Datenschutzbeauftragten"),
    "dpo_email": gettext_lazy("E-Mail der Datenschutzbeauftragten"),
    "supervisory_authority": gettext_lazy("Aufsichtsbehörde"),
}


def policy_version_publish(
    *,
    number: str,
    valid_from: date,
    intro_html: str,
    closing_html: str,
    controller: Controller,
) -> PolicyVersion:
    """Render the privacy policy from the registry as it is now and freeze it as
    version `number`, in force from `valid_from`."""
    missing = policy_missing_controller_keys(controller)
    if missing:
        raise ValidationError(
            _("Für die Datenschutzerklärung fehlen Angaben zum Verantwortlichen: %(fields)s.")
            % {"fields": ", ".join(str(CONTROLLER_LABELS[key]) for key in missing)}
        )
    content = {
        language: policy_render(
            intro_html=intro_html,
            closing_html=closing_html,
            controller=controller,
            language=language,
        )
        for language in ("de", "en")
    }
    return policy_version_record(
        number=number,
        valid_from=valid_from,
        content_de=content["de"],
        content_en=content["en"],
        registry_fingerprint=policy_fingerprint(),
    )


def policy_version_record(
    *,
    number: str,
    valid_from: date,
    content_de: str,
    content_en: str = "",
    published_at: datetime | None = None,
    registry_fingerprint: dict | None = None,
) -> PolicyVersion:
    """Store a version whose text is final, such as one published before this
    system existed. Numbers and validity dates only ever go up."""
    try:
        POLICY_VERSION_NUMBER(number)
    except ValidationError as error:
        raise ValidationError({"number": error.messages}) from None
    try:
        with transaction.atomic():
            _refuse_going_back(number=number, valid_from=valid_from)
            return PolicyVersion.objects.create(
                number=number,
                valid_from=valid_from,
                published_at=published_at or timezone.now(),
                content_de=content_de,
                content_en=content_en,
                registry_fingerprint=registry_fingerprint or {},
            )
    except IntegrityError:
        # Someone published the same number a moment ago.
        raise ValidationError(
            {"number": _("Die Version %(number)s ist bereits veröffentlicht.") % {"number": number}}
        ) from None


def _refuse_going_back(*, number: str, valid_from: date) -> None:
    # Locked, so that two editors publishing at once are checked one after the other.
    versions = list(PolicyVersion.objects.select_for_update().only("number", "valid_from"))
    if not versions:
        return
    highest = max(versions, key=lambda version: policy_version_key(version.number))
    if policy_version_key(number) <= policy_version_key(highest.number):
        raise ValidationError(
            {
                "number": _(
                    "Die Versionsnummer muss höher sein als die zuletzt veröffentlichte "
                    "Version %(latest)s."
                )
                % {"latest": highest.number}
            }
        )
    latest = max(versions, key=lambda version: version.valid_from)
    if valid_from < latest.valid_from:
        raise ValidationError(
            {
                "valid_from": _(
                    "Eine neue Version kann nicht vor der Version %(latest)s gelten, die seit "
                    "dem %(date)s gilt."
                )
                % {
                    "latest": latest.number,
                    "date": formats.date_format(latest.valid_from, "DATE_FORMAT"),
                }
            }
        )
