"""System checks for the promises the privacy registry makes.

A model with personal data that no activity declares fails `manage.py check` (and so
every start and every test run), which keeps apps from adding personal data silently.
"""

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import FieldDoesNotExist
from django.utils.module_loading import import_string

from privacy.client_ip import parse_networks
from privacy.coverage import uncovered_models
from privacy.registry import get_activities


@register(Tags.models)
def check_personal_data_covered(app_configs=None, **kwargs):
    return [
        Error(
            f"{item.model} holds personal data ({', '.join(item.fields)}) but no "
            "processing activity covers it.",
            hint=(
                "Declare an activity for this model in its app's privacy.py, or, if "
                "the fields are not personal data, clear them there with "
                "not_personal(model=..., fields=..., reason=...)."
            ),
            obj=item.model,
            id="privacy.E001",
        )
        for item in uncovered_models()
    ]


def _path_exists(model, path: str) -> bool:
    """Whether a lookup path such as "user__email" leads to a field."""
    *relations, last = path.split("__")
    try:
        for name in relations:
            model = model._meta.get_field(name).related_model
            if model is None:
                return False
        model._meta.get_field(last)
    except FieldDoesNotExist:
        return False
    return True


@register(Tags.models)
def check_marked_fields_exist(app_configs=None, **kwargs):
    errors = []
    for model in apps.get_models():
        field_names = {f.name for f in model._meta.get_fields()}
        for name in getattr(model, "personal_data_fields", ()):
            if name not in field_names:
                errors.append(
                    Error(
                        f"{model._meta.label}.personal_data_fields names {name!r}, "
                        "which is not a field of the model.",
                        hint="Correct the name, or a personal field goes unchecked.",
                        obj=model,
                        id="privacy.E005",
                    )
                )
    return errors


@register(Tags.models)
def check_declarations(app_configs=None, **kwargs):
    errors = []
    for activity in get_activities():
        if activity.objection:
            try:
                import_string(activity.objection)
            except ImportError:
                errors.append(
                    Error(
                        f"Activity {activity.key!r} names the objection box "
                        f"{activity.objection!r}, which cannot be imported.",
                        hint="Give the dotted path of a function (request) -> str.",
                        id="privacy.E006",
                    )
                )
        if not activity.model:
            continue
        if not activity.subject and not activity.unsearchable:
            errors.append(
                Error(
                    f"Activity {activity.key!r} holds records but says neither how a "
                    "data subject's records are found nor why they cannot be.",
                    hint=(
                        "Give subject=Lookup(...) so access and erasure requests reach "
                        "these records, or unsearchable=_('...') with the reason."
                    ),
                    id="privacy.E007",
                )
            )
        try:
            model = apps.get_model(activity.model)
        except (LookupError, ValueError):
            errors.append(
                Error(
                    f"Activity {activity.key!r} names model {activity.model!r}, "
                    "which is not installed.",
                    hint="Use the 'app_label.ModelName' of an installed model.",
                    id="privacy.E002",
                )
            )
            continue
        lookups = activity.subject.paths().values() if activity.subject else ()
        for path in (*activity.retention.fields, *lookups):
            if not _path_exists(model, path):
                errors.append(
                    Error(
                        f"Activity {activity.key!r} refers to field {path!r}, which "
                        f"{activity.model} does not have.",
                        hint="Correct the field name in the app's privacy.py.",
                        id="privacy.E003",
                    )
                )
    return errors


@register(Tags.security)
def check_trusted_proxies(app_configs=None, **kwargs):
    errors = []
    try:
        parse_networks(tuple(settings.TRUSTED_PROXIES))
    except ValueError as exc:
        errors.append(
            Error(
                f"TRUSTED_PROXIES contains an invalid address: {exc}",
                hint="List addresses or networks, e.g. 10.0.0.5 or 10.0.0.0/24.",
                id="privacy.E004",
            )
        )
    if settings.DEBUG or settings.TRUSTED_PROXIES:
        return errors
    from privacy.middleware import private_remote_address_seen

    seen = private_remote_address_seen()
    if seen:
        errors.append(
            Warning(
                f"Requests arrive from the private address {seen} but "
                "TRUSTED_PROXIES is empty: every visitor behind that proxy would "
                "share one client address, in logs and in rate limits.",
                hint="Set TRUSTED_PROXIES to the address of your reverse proxy.",
                id="privacy.W001",
            )
        )
    return errors
