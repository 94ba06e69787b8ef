"""Build the zero-copy migration that hands an explicit through model back to Django.

One migration, on the through model's table, in this order:
0. ``KeyIndexesAsBefore`` when step 4 adds a unique pair: nothing forwards; last when migrating
   back on MySQL/MariaDB, it leaves each foreign key with the index it had before;
1. ``RunPython`` (only when the through model allows duplicate pairs): refuses them with their
   count, or removes all but the lowest id of each pair when the plan says so; before any DDL;
2. for each dropped field, ``AlterField`` giving it a default when going back would need one,
   then ``RemoveField``; ``AlterField`` of the pk when its class is not the one Django's
   migration state gives an auto-created table (settings.DEFAULT_AUTO_FIELD); ``RenameField``
   (or ``AlterField`` of ``db_column``) of a foreign key whose column is not Django's
   ``<model>_id`` / ``from_<model>_id``; on SQLite these rebuild the table, so they run inside
   ``KeepIdCounter`` (the m2m_through operation), which keeps the id counter's high-water mark;
3. ``AlterModelTable`` to the name Django gives the auto-created table (``"table": "rename"``);
4. ``AlterUniqueTogether`` for the pair when the table has no unique pair yet (or has it as a
   named ``UniqueConstraint``, then removed with ``RemoveConstraint``);
5. ``SeparateDatabaseAndState`` whose state operations drop ``through=`` from the field and
   delete the through model: no SQL, the table is now the field's own.
"""

from __future__ import annotations

import functools

from ..operations.drop_through import KeyIndexesAsBefore, pairs_once
from ..operations.m2m_through import KeepIdCounter
from ..writer import (
    Explained,
    MigrationSpec,
    PlanError,
    app_leaf,
    explained,
    pending_changes,
)
from . import drop_through_checks as checks
from . import drop_through_explain as words

# Longest table name every supported database keeps whole (PostgreSQL's 63; MySQL allows 64).
MAX_TABLE_NAME = 63


def build(plan):
    from django.apps import apps

    app_label, model_name, field_name = plan["field"].split(".")
    model = apps.get_model(app_label, model_name)
    field = model._meta.get_field(field_name)
    if not getattr(field, "many_to_many", False) or field.auto_created:
        raise PlanError("%r is not a ManyToManyField in the target." % plan["field"])
    through = field.remote_field.through
    if through._meta.auto_created:
        raise PlanError("%r has no through model in the target." % plan["field"])
    checks.check_through(plan, model, field, through)
    check_state_matches(app_label)
    ops = operations(plan, model, field, through)
    return [
        MigrationSpec(
            app_label,
            "%s_%s_auto_through" % (model._meta.model_name, field_name),
            ops,
            inline=used_helpers(ops),
        )
    ]


def used_helpers(ops):
    """Return the helpers the operations use, to be written into the file (and only those: a
    person reading the migration should not wonder what an unused function is for)."""
    from django.db import migrations

    plain = [item.operation if isinstance(item, Explained) else item for item in ops]
    used = {
        KeyIndexesAsBefore: any(isinstance(op, KeyIndexesAsBefore) for op in plain),
        pairs_once: any(isinstance(op, migrations.RunPython) for op in plain),
        KeepIdCounter: any(isinstance(op, KeepIdCounter) for op in plain),
    }
    return [helper for helper, wanted in used.items() if wanted]


def check_state_matches(app_label):
    app_leaf(app_label)
    if any(change["app_label"] == app_label for change in pending_changes()):
        raise PlanError(
            "App %r has model changes that are not in migrations yet; run 'python manage.py "
            "makemigrations %s' and migrate first." % (app_label, app_label)
        )


def auto_names(model, field):
    """Return the (source, target) field names of the auto-created model (Django's rule)."""
    target = field.remote_field.model._meta.model_name
    source = model._meta.model_name
    if source == target:
        return "from_%s" % source, "to_%s" % target
    return source, target


def auto_table(model, field):
    from django.db.backends.utils import strip_quotes

    return "%s_%s" % (strip_quotes(model._meta.db_table), field.name)


def operations(plan, model, field, through):
    from django.db import migrations

    name = through._meta.model_name
    result = []
    keys = checks.key_fields(field)
    pair_unique = unique_pair(through, keys)
    if pair_unique is None:
        mode = plan.get("duplicates", "refuse")
        run = migrations.RunPython(
            functools.partial(
                pairs_once,
                app_label=model._meta.app_label,
                model_name=through._meta.object_name,
                source=keys[0].name,
                target=keys[1].name,
                remove=mode == "remove",
            ),
            migrations.RunPython.noop,
            elidable=False,
        )
        result.append(explained(run, words.duplicates_text(through, keys, mode)))
    rebuilds = table_changes(plan, model, field, through, keys)
    if pair_unique not in (None, True):
        # First: a constraint naming the keys would stop their rename (its fields do not follow).
        remove = migrations.RemoveConstraint(model_name=name, name=pair_unique)
        rebuilds.insert(0, (remove, words.remove_constraint_text(pair_unique)))
    if rebuilds:
        keep = KeepIdCounter(model_name=name, operations=[op for op, _text in rebuilds])
        result.append(explained(keep, words.keep_text([text for _op, text in rebuilds])))
    names = [new_name for _key, new_name in renamed_keys(model, field, keys)]
    if plan.get("table", "rename") == "rename":
        new_table = auto_table(model, field)
        check_table_name(plan, model, new_table, through)
        if new_table != through._meta.db_table:
            alter = migrations.AlterModelTable(name=name, table=new_table)
            result.append(explained(alter, words.rename_text(through._meta.db_table, new_table)))
    if pair_unique is not True:
        together = migrations.AlterUniqueTogether(name=name, unique_together={tuple(names)})
        result.append(explained(together, words.unique_text(names, pair_unique)))
        # First, so that going back it runs last, once the keys have their old names.
        tidy = KeyIndexesAsBefore(model_name=name)
        result.insert(0, explained(tidy, words.key_indexes_text()))
    new_field = auto_field(plan, model, field)
    swap = migrations.SeparateDatabaseAndState(
        state_operations=[
            migrations.AlterField(
                model_name=model._meta.model_name, name=field.name, field=new_field
            ),
            migrations.DeleteModel(name=through._meta.object_name),
        ]
    )
    result.append(explained(swap, words.swap_text(field, through, new_field.db_table)))
    return result


def unique_pair(through, keys):
    """Return True (unique_together), a UniqueConstraint's name, or None (no unique pair)."""
    pair = {key.name for key in keys}
    if any(set(group) == pair for group in through._meta.unique_together):
        return True
    for constraint in through._meta.constraints:
        if checks.pair_constraint(constraint, pair):
            return constraint.name
    return None


def table_changes(plan, model, field, through, keys):
    """Return (operation, sentence) of every change that rebuilds the table on SQLite."""
    from django.db import migrations

    name = through._meta.model_name
    found: list = []
    for extra in checks.extra_fields(field):
        if extra.name not in (plan.get("drop_fields") or []):
            continue
        refill = back_default(extra)
        if refill is not None:
            refilled = migrations.AlterField(model_name=name, name=extra.name, field=refill)
            found.append((refilled, words.refill_text(extra, refill)))
        removed = migrations.RemoveField(model_name=name, name=extra.name)
        found.append((removed, words.remove_text(extra)))
    pk = state_pk_class()
    if type(through._meta.pk) is not pk:
        if plan.get("online"):
            raise PlanError(
                "Online mode cannot change %s.id from %s to %s, the primary key Django gives an "
                "auto-created table: the database rewrites the whole table %s to do it; leave "
                "'online' out, or give the through model that primary key first."
                % (
                    through._meta.label,
                    type(through._meta.pk).__name__,
                    pk.__name__,
                    through._meta.db_table,
                )
            )
        new_pk = pk(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")
        op = migrations.AlterField(model_name=name, name="id", field=new_pk)
        found.append((op, words.pk_text(through._meta.pk, pk)))
    for (key, new_name), wanted in zip(renamed_keys(model, field, keys), auto_names(model, field)):
        column = "%s_id" % wanted
        if key.column == column:
            continue
        if key.name != new_name:
            found.append(
                (
                    migrations.RenameField(model_name=name, old_name=key.name, new_name=new_name),
                    words.column_text(key, column),
                )
            )
        else:
            new_key = key.clone()
            new_key.db_column = column
            altered = migrations.AlterField(model_name=name, name=key.name, field=new_key)
            found.append((altered, words.column_text(key, column)))
    return found


def renamed_keys(model, field, keys):
    """Return each foreign key with the name it ends with.

    A key whose column is not Django's is renamed to Django's name (its column follows) when that
    name is free and legal on a declared model; otherwise it keeps its name and ``db_column``
    moves the column. Once the model is deleted from the state only the columns matter.
    """
    from ..through_shape import is_legal_field_name

    result = []
    others = {f.name for f in field.remote_field.through._meta.get_fields()}
    for key, wanted in zip(keys, auto_names(model, field)):
        rename = (
            key.column != "%s_id" % wanted
            and key.db_column is None
            and wanted not in others
            and is_legal_field_name(wanted)
        )
        result.append((key, wanted if rename else key.name))
    return result


def state_pk_class():
    """Return the pk class Django's migration state gives an auto-created table.

    The state's apps are stubs without the app's own ``default_auto_field``: they see only
    settings.DEFAULT_AUTO_FIELD (``wizard/child/through_shape.py``).
    """
    from django.conf import settings
    from django.utils.module_loading import import_string

    return import_string(settings.DEFAULT_AUTO_FIELD)


def back_default(field):
    """Return ``field`` with a default when re-adding it on the way back would need one."""
    from django.core.exceptions import ValidationError
    from django.db import models
    from django.db.backends.base.schema import BaseDatabaseSchemaEditor

    if field.null or BaseDatabaseSchemaEditor._effective_default(field) is not None:  # type: ignore[attr-defined]
        return None  # a default, null=True, blank text or auto_now(_add): Django refills it
    value: object
    if isinstance(field, models.BooleanField):
        value = False
    elif field.empty_strings_allowed:
        value = ""
    else:
        value = 0
    try:
        field.to_python(value)
    except (ValidationError, TypeError, ValueError):
        value = None
    if value is not None:
        refilled = field.clone()
        refilled.default = value
        return refilled
    raise PlanError(
        "Migrating back could not refill the dropped field %r (not null, no default); give it a "
        "default or null=True first." % field.name
    )


def check_table_name(plan, model, table, through):
    from django.apps import apps

    if len(table) > MAX_TABLE_NAME:
        raise PlanError(
            "Django would name the table of %r %r (%d characters), which databases shorten "
            'differently; use "table": "keep".' % (plan["field"], table, len(table))
        )
    for other in apps.get_models(include_auto_created=True):
        if other is not through and other._meta.db_table.lower() == table.lower():
            raise PlanError(
                "Django would name the table of %r %r, which %s already uses; keep the current "
                'table with "table": "keep".' % (plan["field"], table, other._meta.label)
            )


def auto_field(plan, model, field):
    """Return the field as it ends: no through= and through_fields=, db_table when kept."""
    _name, _path, args, kwargs = field.deconstruct()
    kwargs.pop("through", None)
    kwargs.pop("through_fields", None)
    kwargs.pop("db_table", None)
    table = field.remote_field.through._meta.db_table
    if plan.get("table", "rename") == "keep" and table != auto_table(model, field):
        kwargs["db_table"] = table
    return type(field)(*args, **kwargs)
