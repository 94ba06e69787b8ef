"""The extra fields of an ``m2m_through`` plan: columns the new through model gains.

Checked here with the wizard's own Django (fast feedback for forms); the target's Django checks
them again when it builds the migration.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps.registry import Apps
from django.core.exceptions import ValidationError
from django.db import models

from wizard.errors import PlanError
from wizard.patching import is_identifier

EXTRA_KEYS = ("name", "type", "options", "backfill")
# Relations need a model to point at and an on_delete that JSON cannot carry; a second automatic
# or composite primary key cannot exist beside the table's id.
MAX_EXTRA_FIELDS = 10  # rows the web page offers
# The types the web page offers for an extra field (any other Django field type that is not a
# relation or an auto field is accepted too, from plan JSON).
FIELD_TYPES = [
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "DecimalField",
    "DurationField",
    "EmailField",
    "FloatField",
    "GenericIPAddressField",
    "IntegerField",
    "JSONField",
    "PositiveBigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
    "TimeField",
    "URLField",
    "UUIDField",
]
# Types whose backfill is written as a JSON literal (3, 2.5, true, null, {"a": 1}).
LITERAL_TYPES = frozenset(
    {
        "BigIntegerField",
        "BooleanField",
        "FloatField",
        "IntegerField",
        "JSONField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
    }
)
UNSUPPORTED_TYPES = (models.ForeignObject, models.ManyToManyField, models.AutoField)
UNSUPPORTED_NAMES = ("AutoField", "BigAutoField", "SmallAutoField", "CompositePrimaryKey")
WHEN_MIGRATING = ("now", "today")
_probe_counter = itertools.count()


@dataclass(frozen=True)
class ExtraField:
    name: str
    type: str
    options: dict[str, Any] = field(default_factory=dict)
    backfill: Any = None  # a JSON value, "now"/"today", or None when none is given

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"name": self.name, "type": self.type, "options": self.options}
        if self.backfill is not None:
            data["backfill"] = self.backfill
        return data


def validate_extra_fields(raw: object, taken: Mapping[str, str]) -> list[ExtraField]:
    """Return the plan's extra fields, refusing any the through model could not have."""
    if not isinstance(raw, list):
        raise PlanError(f"'extra_fields' must be a list of objects, not {type(raw).__name__}.")
    names = dict(taken)
    result = []
    for number, item in enumerate(raw, 1):
        extra = validate_extra_field(number, item, names)
        names[extra.name] = "extra field"
        result.append(extra)
    return result


def check_online_extra_fields(extra_fields: list[ExtraField]) -> None:
    """Refuse, in online mode, an extra field that needs an index: building it locks the table."""
    for extra in extra_fields:
        made = getattr(models, extra.type)(**extra.options)
        if made.unique or made.db_index:
            why = "unique" if made.unique else "db_index"
            raise PlanError(
                f"Extra field {extra.name!r} needs an index ({why}), "
                "and building it would block writes to the whole table; online, add it without "
                "the index and build the index later with CREATE INDEX CONCURRENTLY, or leave "
                "'online' out."
            )


def validate_extra_field(number: int, item: object, taken: Mapping[str, str]) -> ExtraField:
    if not isinstance(item, dict) or "name" not in item or "type" not in item:
        raise PlanError(
            f"Extra field #{number} must be an object with 'name' and 'type' "
            "(and optionally 'options' and 'backfill')."
        )
    name = item["name"]
    for key in item:
        if key not in EXTRA_KEYS:
            raise PlanError(
                f"Extra field {name!r} has an unknown key {key!r}; use 'name', 'type', "
                "'options' and 'backfill'."
            )
    check_name(name, taken)
    cls = field_class(item["type"], name)
    options = item.get("options", {})
    if not isinstance(options, dict):
        raise PlanError(
            f"The options of extra field {name!r} must be a JSON object, not "
            f"{type(options).__name__}."
        )
    extra = ExtraField(name, item["type"], options, item.get("backfill"))
    instance = construct(cls, extra, options)
    check_field(instance, extra)
    check_backfill(instance, extra)
    return extra


def check_name(name: object, taken: Mapping[str, str]) -> None:
    if not isinstance(name, str) or not name.isidentifier():
        raise PlanError(
            f"The extra field name {name!r} is not a valid Python identifier; use a name such "
            "as 'date_created'."
        )
    if not is_identifier(name):
        raise PlanError(f"The extra field name {name!r} is a Python keyword; choose another.")
    if "__" in name or name.endswith("_") or name == "pk":
        raise PlanError(
            f"Django cannot use {name!r} as a field name (no '__', no trailing '_', not 'pk'); "
            "choose another."
        )
    if name in taken:
        raise PlanError(
            f"The extra field {name!r} clashes with the through model's {taken[name]} {name!r}; "
            "choose another name."
        )


def field_class(type_name: object, name: str) -> type[models.Field[Any, Any]]:
    cls = getattr(models, type_name, None) if isinstance(type_name, str) else None
    if not (isinstance(cls, type) and issubclass(cls, models.Field)):
        raise PlanError(
            f"The type {type_name!r} of extra field {name!r} is not a field class of "
            "django.db.models; use one such as 'DateTimeField' or 'CharField'."
        )
    if issubclass(cls, UNSUPPORTED_TYPES) or type_name in UNSUPPORTED_NAMES:
        raise PlanError(
            f"The type {type_name!r} of extra field {name!r} is not supported: an extra field "
            "cannot be a relation or a primary key."
        )
    return cls


def construct(
    cls: type[models.Field[Any, Any]], extra: ExtraField, options: dict[str, Any]
) -> models.Field[Any, Any]:
    try:
        return cls(**options)
    except (TypeError, ValueError) as exc:
        raise PlanError(
            f"The options {options!r} of extra field {extra.name!r} do not construct a "
            f"{extra.type}: {exc}."
        ) from None


def check_field(instance: models.Field[Any, Any], extra: ExtraField) -> None:
    """Run Django's field checks on the field, attached to a throw-away model."""
    if instance.primary_key:
        raise PlanError(
            f"The extra field {extra.name!r} cannot be a primary key: the through model keeps "
            "the table's 'id'."
        )
    meta = type("Meta", (), {"app_label": "migration_wizard_probe", "apps": Apps()})
    model_name = f"Probe{next(_probe_counter)}"
    attrs = {extra.name: instance, "__module__": __name__, "Meta": meta}
    type(model_name, (models.Model,), attrs)
    errors = [e for e in instance.check() if e.is_serious()]
    if errors:
        raise PlanError(
            f"The extra field {extra.name!r} ({extra.type} with options {extra.options!r}) fails "
            f"Django's checks: {errors[0].msg}"
        )


def needs_backfill(instance: models.Field[Any, Any]) -> bool:
    """Return whether existing rows need a value (what makemigrations would ask for)."""
    time_fields = (models.DateField, models.DateTimeField, models.TimeField)
    return not (
        instance.null
        or instance.has_default()
        or getattr(instance, "db_default", models.NOT_PROVIDED) is not models.NOT_PROVIDED
        or (instance.blank and instance.empty_strings_allowed)
        or (isinstance(instance, time_fields) and getattr(instance, "auto_now", False))
    )


def writes_need_value(extra: ExtraField) -> bool:
    """Return whether every new pair must be given a value for ``extra`` (a validated field).

    A field that is not nullable and has no default (existing rows got the plan's backfill, which
    is no default) has nothing to store when ``.add()``, ``.set()``, ``.create()`` or an admin
    form make a pair; ``auto_now_add`` fills itself.
    """
    instance = construct(field_class(extra.type, extra.name), extra, dict(extra.options))
    return needs_backfill(instance) and not getattr(instance, "auto_now_add", False)


def check_backfill(instance: models.Field[Any, Any], extra: ExtraField) -> None:
    value = extra.backfill
    if value is None:
        if needs_backfill(instance):
            raise PlanError(
                f"The extra field {extra.name!r} is not nullable and has no default, so existing "
                f'rows need a value: add "backfill" (for example {example(instance)!r}), '
                "null=True or a default."
            )
        return
    has_default = instance.has_default() or (
        getattr(instance, "db_default", models.NOT_PROVIDED) is not models.NOT_PROVIDED
    )
    if has_default:
        raise PlanError(
            f"The extra field {extra.name!r} has a default, which existing rows get; remove "
            'either "backfill" or the default.'
        )
    if instance.unique:
        raise PlanError(
            f"The extra field {extra.name!r} is unique, so one backfill value cannot fill every "
            "existing row; drop unique=True or the backfill."
        )
    check_backfill_value(instance, extra)


def check_backfill_value(instance: models.Field[Any, Any], extra: ExtraField) -> None:
    value = extra.backfill
    if value in WHEN_MIGRATING:
        if isinstance(instance, models.DateTimeField):
            if value == "today":
                raise PlanError(
                    f"The backfill 'today' of extra field {extra.name!r} needs a DateField; use "
                    "'now' for a DateTimeField."
                )
            return
        if isinstance(instance, models.DateField):
            return
        if not isinstance(instance, models.CharField | models.TextField):
            raise PlanError(
                f"The backfill {value!r} of extra field {extra.name!r} means the time the "
                "migration runs, which only a DateField or DateTimeField can hold."
            )
    try:
        instance.clean(value, None)
    except ValidationError as exc:
        raise PlanError(
            f"The backfill {value!r} of extra field {extra.name!r} is not a valid {extra.type}: "
            f"{' '.join(exc.messages)}"
        ) from None


def example(instance: models.Field[Any, Any]) -> object:
    if isinstance(instance, models.DateTimeField):
        return "now"
    if isinstance(instance, models.DateField):
        return "today"
    if isinstance(instance, models.BooleanField):
        return False
    if isinstance(instance, models.IntegerField | models.FloatField | models.DecimalField):
        return 0
    return ""
