"""What the rehearsal reads of an m2m_through plan after the bundle: the through model, its two
foreign keys, and what the existing rows must hold in each extra field."""

from __future__ import annotations

from . import db as rehearsal_db


def facts(plan, connection):
    from django.apps import apps

    app_label, model_name, field_name = plan["field"].split(".")
    field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
    through = field.remote_field.through
    extras = {}
    names = {f.name: f for f in through._meta.concrete_fields}
    for extra in plan.get("extra_fields") or []:
        field_of = names.get(extra["name"])
        missing = {"mode": "missing", "value": None}
        extras[extra["name"]] = missing if field_of is None else expected_backfill(field_of, extra)
    return {
        "through": through._meta.label,
        "auto_created": bool(through._meta.auto_created),
        "source": field.m2m_field_name(),
        "target": field.m2m_reverse_field_name(),
        "extra_fields": extras,
    }


def expected_backfill(field, extra):
    """Return what existing through rows must hold in an extra field: {"mode", "value"}."""
    backfill = extra.get("backfill")
    if backfill in ("now", "today"):
        return {"mode": "not_null", "value": None}
    if backfill is not None:
        return {"mode": "equals", "value": rehearsal_db.normalize(parsed(field, backfill))}
    if field.has_default() and not callable(field.default):
        return {"mode": "equals", "value": rehearsal_db.normalize(field.get_default())}
    if field.null:
        return {"mode": "equals", "value": None}
    return {"mode": "not_null", "value": None}


def parsed(field, raw):
    import datetime

    from django.conf import settings
    from django.utils import timezone

    value = field.to_python(raw)
    if (
        isinstance(value, datetime.datetime)
        and value.tzinfo is None
        and getattr(settings, "USE_TZ", False)
    ):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value
