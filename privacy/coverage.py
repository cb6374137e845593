"""Which models hold personal data, and which of those no activity covers.

A model holds personal data when a field is an e-mail or IP address field, when it
links a row to a user account, when a field's name says so (name, e-mail, phone, IP
address, address, ...), or when the model lists fields in ``personal_data_fields``.
Names that only look personal (``auth.Group.name``) are cleared with
``not_personal(...)`` and a reason.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from privacy.registry import get_activities, registry

PERSONAL_NAME_PARTS = frozenset(
    {
        "name",
        "firstname",
        "lastname",
        "fullname",
        "surname",
        "salutation",
        "email",
        "mail",
        "phone",
        "mobile",
        "fax",
        "ip",
        "street",
        "address",
        "birthday",
        "birthdate",
        "iban",
        "useragent",
        "remoteaddr",
        "username",
        "telephone",
        "customernumber",
        # German field names
        "anrede",
        "vorname",
        "nachname",
        "telefon",
        "handy",
        "strasse",
        "anschrift",
        "geburtsdatum",
        "kundennummer",
    }
)
PERSONAL_FIELD_TYPES = (models.EmailField, models.GenericIPAddressField)


def _name_parts(field_name: str) -> set[str]:
    parts = [p for p in re.split(r"_+", field_name.lower()) if p]
    joined_pairs = {a + b for a, b in zip(parts, parts[1:], strict=False)}
    return set(parts) | joined_pairs


def personal_fields(model: type[models.Model]) -> list[str]:
    """Names of the fields of `model` that hold personal data."""
    user_model = get_user_model()
    explicit = set(getattr(model, "personal_data_fields", ()))
    exemption = registry.not_personal.get(model._meta.label_lower)
    cleared = set(exemption.fields) if exemption else set()
    found = []
    # With multi-table inheritance the parent's fields live in the parent's table,
    # which the parent's own declaration covers.
    for field in model._meta.local_concrete_fields:
        looks_personal = (
            isinstance(field, PERSONAL_FIELD_TYPES)
            or bool(_name_parts(field.name) & PERSONAL_NAME_PARTS)
            or (field.is_relation and field.related_model is user_model)
        )
        if field.name in explicit or (looks_personal and field.name not in cleared):
            found.append(field.name)
    for field in model._meta.local_many_to_many:
        if field.name in explicit or field.related_model is user_model:
            found.append(field.name)
    return found


@dataclass(frozen=True)
class Uncovered:
    model: str
    fields: tuple[str, ...]


def covered_models() -> set[str]:
    # Lower-cased labels; a misspelt one simply covers nothing (privacy.E002 says so).
    return {a.model.lower() for a in get_activities() if a.model}


def uncovered_models(candidates: Iterable[type[models.Model]] | None = None) -> list[Uncovered]:
    """Models with personal data that no declared activity covers."""
    covered = covered_models()
    found = []
    for model in apps.get_models() if candidates is None else candidates:
        meta = model._meta
        if meta.proxy or meta.auto_created or meta.label_lower in covered:
            continue
        fields = personal_fields(model)
        if fields:
            found.append(Uncovered(model=meta.label, fields=tuple(fields)))
    return found
