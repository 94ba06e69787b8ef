"""After migrating (forward or back): observe the database, then prove new rows still insert.

Returns what ``cmd_fingerprint`` returns, plus ``inserts`` (one new row per model of the own apps
and one new pair per M2M field, all rolled back) and ``plan`` (what the plan's promises need to be
checked: the through model and its expected backfills, or the new parent and the migration state).
"""

from __future__ import annotations

import importlib

from .. import bootstrap
from ..inspect_models import m2m_fields
from ..rehearsal import db as rehearsal_db
from ..rehearsal import fallbacks as rehearsal_fallbacks
from ..rehearsal import order as rehearsal_order
from ..rehearsal import rows as rehearsal_rows
from ..rehearsal import seeder
from ..rehearsal import values as rehearsal_values
from ..rehearsal.signals import muted_model_signals
from . import fingerprint, seed


class Rollback(Exception):
    """Raised to roll every test insert back."""


def run(payload):
    bootstrap.setup(payload)
    from django.db import connection

    result = fingerprint.observe(connection)
    result["plan"] = plan_facts(payload, connection)
    result["inserts"] = new_rows()
    return result


def new_rows():
    """Return what ``insert_rows`` found, with the project's model signals muted."""
    with muted_model_signals():
        return insert_rows()


# -- new rows ---------------------------------------------------------------------------------


def insert_rows():
    """Insert one row in every own model and one pair per M2M field; roll all of it back."""
    from django.db import connection, transaction

    models = rehearsal_db.with_tables(connection, rehearsal_db.own_models())
    order, cyclic = rehearsal_order.fill_order(models)
    order += [model for model, _reason in cyclic]
    inserted: dict = {}
    rows: list = []
    pairs: list = []
    first = seed.first_unseeded_number()
    try:
        with transaction.atomic():
            for number, model in enumerate(order):
                rows.append(insert_one(model, first + number, inserted))
            for model in order:
                for field in m2m_fields(model):
                    pairs.append(add_pair(model, field, inserted))
            raise Rollback
    except Rollback:
        pass
    return {"rows": rows, "pairs": pairs}


def insert_one(model, number, inserted):
    from django.db import DatabaseError

    entry: dict = {"model": model._meta.label, "pk": None, "error": None}
    try:
        try:
            obj = save_new(model, number, inserted, cautious=False)
        except DatabaseError:
            if not seeder.has_check_constraints(model):
                raise
            # As the seeding does: a CHECK constraint may refuse a negative number or a blank.
            obj = save_new(model, number, inserted, cautious=True)
        inserted[model._meta.concrete_model] = obj
        entry["pk"] = rehearsal_db.normalize(obj.pk)
    except rehearsal_values.CannotFill as exc:
        entry["error"] = str(exc)
        entry["skipped"] = True
    except Exception as exc:  # the target's own save path failed: said, not crashed on
        entry["error"] = seeder.one_line(exc)
    return entry


def save_new(model, number, inserted, *, cautious):
    """Insert and return a new row of ``model`` made from row number ``number``."""
    from django.conf import settings
    from django.db import transaction

    use_tz = bool(getattr(settings, "USE_TZ", False))
    values = {}
    for field in model._meta.concrete_fields:
        if rehearsal_values.is_auto_pk(field) or rehearsal_values.is_generated(field):
            continue
        if field.is_relation and getattr(field.remote_field, "parent_link", False):
            continue  # save_base inserts the parent row and sets the pointer
        if field.is_relation:
            values[field.attname] = related_value(model, field, inserted)
        else:
            values[field.attname] = rehearsal_fallbacks.accepted_value(
                field, number, use_tz=use_tz, cautious=cautious
            )
    obj = model(**rehearsal_rows.untaken_combinations(model, values))
    with transaction.atomic():
        obj.save_base(force_insert=not model._meta.parents)
    return obj


def related_value(model, field, inserted):
    """Return a target for a new row's key: the target's new row, else an unused existing row."""
    target = field.remote_field.model._meta.concrete_model
    fresh = inserted.get(target)
    if fresh is not None and target is not model._meta.concrete_model:
        return getattr(fresh, field.target_field.attname)
    candidates = target._base_manager.order_by("pk")
    if field.unique:
        used = model._base_manager.exclude(**{field.attname: None}).values(field.attname)
        candidates = candidates.exclude(**{field.target_field.attname + "__in": used})
    found = candidates.values_list(field.target_field.attname, flat=True).first()
    if found is None and not field.null:
        raise rehearsal_values.CannotFill(
            "no row of %s to point %r at" % (target._meta.label, field.name)
        )
    return found


def add_pair(model, field, inserted):
    from django.db import transaction

    label = "%s.%s" % (model._meta.label, field.name)
    entry: dict = {"field": label, "error": None}
    source = inserted.get(model._meta.concrete_model)
    target_model = field.remote_field.model._meta.concrete_model
    target = inserted.get(target_model) or target_model._base_manager.order_by("pk").first()
    if source is None or target is None:
        entry["error"] = "no new %s row to add it to" % model._meta.label
        entry["skipped"] = True
        return entry
    # Straight into the through model: a subclass's manager may defer writes until save() and
    # take no through_defaults (modelcluster's ParentalManyToManyField on a ClusterableModel).
    through = field.remote_field.through
    source_fk = through._meta.get_field(field.m2m_field_name())
    target_fk = through._meta.get_field(field.m2m_reverse_field_name())
    pair = {
        source_fk.attname: getattr(source, source_fk.target_field.attname),
        target_fk.attname: getattr(target, target_fk.target_field.attname),
    }
    try:
        with transaction.atomic():
            # Like .add(), a pair that is already there (a through model's own new row) stays.
            through._base_manager.get_or_create(**pair, defaults=through_defaults(field))
    except Exception as exc:  # the target's own save path failed: said, not crashed on
        entry["error"] = seeder.one_line(exc)
    return entry


def through_defaults(field):
    """Return values for a through model's extra columns that have no default and no NULL."""
    from django.conf import settings

    through = field.remote_field.through
    if through._meta.auto_created:
        return {}
    keys = {field.m2m_field_name(), field.m2m_reverse_field_name()}
    defaults = {}
    for extra in through._meta.concrete_fields:
        if extra.primary_key or extra.name in keys or extra.null or extra.has_default():
            continue
        if getattr(extra, "auto_now", False) or getattr(extra, "auto_now_add", False):
            continue
        if not extra.is_relation:
            defaults[extra.name] = rehearsal_fallbacks.accepted_value(
                extra,
                seed.first_unseeded_number(),
                use_tz=bool(getattr(settings, "USE_TZ", False)),
            )
    return defaults


# -- the plan's promises ----------------------------------------------------------------------


def plan_facts(payload, connection):
    """Return what the plan's kind promises to check, from the kind's own facts module."""
    plan = payload.get("plan") or {}
    module_name = payload.get("facts")
    if not module_name:
        return {}
    module = importlib.import_module(".." + module_name, __package__)
    try:
        return module.facts(plan, connection)
    except Exception as exc:  # a plan whose models are not there: said, not crashed on
        return {"error": seeder.one_line(exc)}
