"""Build the zero-copy migration that gives an auto-created ManyToManyField a through model.

One migration:
1. ``SeparateDatabaseAndState`` whose state operations declare the through model exactly as the
   existing auto-created table is (its pk class, its two foreign-key names, the unique pair as
   ``unique_together``, the old ``db_table``) and add ``through=`` to the field; no database
   operation, so no row moves and ``sqlmigrate`` runs nothing;
2. ``AlterModelTable(table=None)`` when the plan renames the table (Django's own, reversible
   rename);
3. one ``AddField`` per extra field; existing rows get the plan's backfill
   (``preserve_default=False``). They are wrapped in ``KeepIdCounter`` (copied into the file):
   SQLite rebuilds the table to add (and may rebuild it to drop) a column, which restarts its
   AUTOINCREMENT counter from the highest id; the wrapper keeps the old high-water mark there and
   is exactly the ``AddField`` operations elsewhere.

Every fact comes from the target's loaded models and migration state, never from today's defaults.
"""

from __future__ import annotations

import datetime

from ..operations.m2m_through import KeepIdCounter
from ..through_shape import declared_fk_names, state_through_pks
from ..writer import (
    MigrationSpec,
    PlanError,
    app_leaf,
    explained,
    loader,
    pending_changes,
    pointing_dependencies,
)


def build(plan):
    from django.apps import apps

    app_label, model_name, field_name = plan["field"].split(".")
    model = apps.get_model(app_label, model_name)
    field = model._meta.get_field(field_name)
    check_field(model, field, plan)
    check_state_matches(app_label)
    through = field.remote_field.through
    return [
        MigrationSpec(
            app_label,
            "%s_%s_through" % (model._meta.model_name, field_name),
            operations(plan, model, field, through),
            dependencies=dependencies(app_label, model, field),
            inline=[KeepIdCounter] if plan.get("extra_fields") else [],
        )
    ]


def check_field(model, field, plan):
    from django.apps import apps

    label = plan["field"]
    if not getattr(field, "many_to_many", False) or field.auto_created:
        raise PlanError("%r is not a ManyToManyField in the target." % label)
    if not field.remote_field.through._meta.auto_created:
        raise PlanError("%r already has a through model in the target." % label)
    name = plan["through"]
    if name.lower() in apps.all_models[model._meta.app_label]:
        raise PlanError(
            "App %r already has a model named %r; choose another through model name."
            % (model._meta.app_label, name)
        )


def check_state_matches(app_label):
    """Refuse when the app's models and migrations disagree: the new migration follows both."""
    app_leaf(app_label)
    if any(change["app_label"] == app_label for change in pending_changes()):
        raise PlanError(
            "App %r has model changes that are not in migrations yet; run 'python manage.py "
            "makemigrations %s' and migrate first." % (app_label, app_label)
        )


def operations(plan, model, field, through):
    from django.db import migrations

    name = plan["through"]
    through_lower = name.lower()
    old_table = through._meta.db_table
    renamed = plan.get("table", "rename") == "rename"
    source_name, target_name = declared_fk_names(field)
    options = {"unique_together": {(source_name, target_name)}}
    default_table = default_db_table(model._meta.app_label, name)
    if not (renamed and old_table == default_table):
        options["db_table"] = old_table
    state_operations = [
        migrations.CreateModel(name=name, fields=through_fields(model, field), options=options),
        migrations.AlterField(
            model_name=model._meta.model_name,
            name=field.name,
            field=field_with_through(field, "%s.%s" % (model._meta.app_label, name)),
        ),
    ]
    declare = migrations.SeparateDatabaseAndState(state_operations=state_operations)
    result = [explained(declare, declare_text(plan, field, state_operations[0]))]  # type: list
    if renamed and "db_table" in options:
        rename = migrations.AlterModelTable(name=through_lower, table=None)
        result.append(explained(rename, rename_text(old_table, default_table)))
    added = []
    for extra in plan.get("extra_fields", []):
        new_field, preserve = extra_field(extra)
        added.append(
            migrations.AddField(
                model_name=through_lower,
                name=extra["name"],
                field=new_field,
                preserve_default=preserve,
            )
        )
    if added:
        keep = KeepIdCounter(model_name=through_lower, operations=added)
        result.append(explained(keep, keep_text(plan.get("extra_fields", []))))
    return result


# -- what each operation does, in plain words (the preview, walkthrough and README show them) --


def declare_text(plan, field, create):
    """Return the sentence of the state-only declaration of the through model."""
    fields = dict(create.fields)
    source_name, target_name = declared_fk_names(field)
    through = field.remote_field.through._meta
    kept = [
        "`%s` keeps the column `%s`" % (name, fields[name].db_column)
        for name in (source_name, target_name)
        if fields[name].db_column
    ]
    return (
        "`SeparateDatabaseAndState` declares the model `%s` exactly as the table `%s` already is "
        "(its `id` (%s), the foreign keys `%s` and `%s`%s, the unique pair as `unique_together`) "
        'and adds `through="%s"` to `%s`. It only changes what Django knows about the models; '
        "it sends no SQL, so no row is touched."
        % (
            plan["through"],
            through.db_table,
            type(fields[through.pk.name]).__name__,
            source_name,
            target_name,
            " (%s)" % "; ".join(kept) if kept else "",
            plan["through"],
            field.name,
        )
    )


def rename_text(old_table, new_table):
    return (
        "`AlterModelTable` renames the table `%s` to `%s`, the name Django gives the new model. "
        "A rename moves no row: ids, indexes, the unique pair and the foreign keys stay with the "
        "table, and migrating back renames it again." % (old_table, new_table)
    )


def keep_text(extras):
    return (
        "`KeepIdCounter` (defined in the migration file) runs the `AddField` operations: "
        + " ".join(add_field_text(extra) for extra in extras)
        + " On SQLite, where adding a column rebuilds the table, it keeps the table's "
        "`sqlite_sequence` counter at its old high-water mark, in both directions, so ids of "
        "deleted pairs are never issued again; on PostgreSQL and MySQL/MariaDB it is exactly "
        "the `AddField` operations."
    )


def add_field_text(extra):
    backfill = extra.get("backfill")
    if backfill in ("now", "today"):
        filled = "the time the migration runs"
    elif backfill is not None:
        filled = "`%r`" % (backfill,)
    else:
        filled = "the field's default (or NULL)"
    return (
        "`AddField` adds the column `%s` (%s); existing pairs get %s, and the column is the "
        "only change to their rows. Migrating back drops the column."
        % (extra["name"], extra["type"], filled)
    )


def default_db_table(app_label, name):
    """Return the table Django gives a new model ``name`` of ``app_label`` on this database."""
    from django.db import connection
    from django.db.backends.utils import truncate_name

    return truncate_name("%s_%s" % (app_label, name.lower()), connection.ops.max_name_length())


def through_fields(model, field):
    """Return the (name, field) pairs of the auto-created through model, as its table is."""
    from django.db import models

    through = field.remote_field.through
    fields = [(through._meta.pk.name, table_pk(model, field))]
    self_referential = field.remote_field.model == model
    old_names = (field.m2m_field_name(), field.m2m_reverse_field_name())
    for old_name, name in zip(old_names, declared_fk_names(field)):
        old = through._meta.get_field(old_name)
        kwargs = {"on_delete": models.CASCADE, "to": old.remote_field.model._meta.label_lower}
        if name != old_name:
            kwargs["db_column"] = old.column  # a forbidden name changes, the column does not
        if not old.db_constraint:
            kwargs["db_constraint"] = False
        if old.db_tablespace:
            kwargs["db_tablespace"] = old.db_tablespace
        if self_referential:
            kwargs["related_name"] = "+"  # two FKs to one model: no reverse accessors to clash
        fields.append((name, models.ForeignKey(**kwargs)))
    return fields


def table_pk(model, field):
    """Return the through model's pk: the class the migrations gave the table, not the app's.

    When it is the class a new model of the app gets anyway, the pk stays implicit (as in the
    models file); otherwise it is declared, as the models patch declares it.
    """
    pk = field.remote_field.through._meta.pk
    migrated = state_through_pks(loader(), [field]).get((model._meta.label, field.name))
    if migrated is None or migrated is type(pk):
        return pk.clone()
    return migrated(primary_key=True, serialize=False)


def field_with_through(field, through_label):
    """Return a copy of the M2M field that names the through model (and no longer db_table)."""
    _name, _path, args, kwargs = field.deconstruct()
    kwargs.pop("db_table", None)
    kwargs["through"] = through_label
    source_name, target_name = declared_fk_names(field)
    if (source_name, target_name) != (field.m2m_field_name(), field.m2m_reverse_field_name()):
        kwargs["through_fields"] = (source_name, target_name)
    return type(field)(*args, **kwargs)


def extra_field(extra):
    """Return ``(field, preserve_default)`` for an extra field of the plan."""
    from django.db import models

    cls = getattr(models, extra["type"])
    options = dict(extra.get("options") or {})
    construct(cls, extra, options)
    if extra.get("backfill") is None:
        return cls(**options), True
    options["default"] = backfill_value(construct(cls, extra, options), extra)
    return construct(cls, extra, options), False


def construct(cls, extra, options):
    try:
        return cls(**options)
    except (TypeError, ValueError) as exc:
        raise PlanError(
            "The options %r of extra field %r do not construct a %s in the target's Django: %s."
            % (extra.get("options") or {}, extra["name"], extra["type"], exc)
        ) from None


def backfill_value(field, extra):
    """Return the value (or callable) existing rows get, converted by the target's own field."""
    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.db import models
    from django.utils import timezone

    value = extra["backfill"]
    if value in ("now", "today") and isinstance(field, models.DateTimeField):
        if value == "today":
            raise PlanError(
                "The backfill 'today' of extra field %r needs a DateField; use 'now' for a "
                "DateTimeField." % extra["name"]
            )
        return timezone.now
    if value in ("now", "today") and isinstance(field, models.DateField):
        return datetime.date.today
    try:
        converted = field.to_python(value)
    except ValidationError as exc:
        raise PlanError(
            "The backfill %r of extra field %r is not a valid %s: %s"
            % (value, extra["name"], extra["type"], " ".join(exc.messages))
        ) from None
    if (
        isinstance(converted, datetime.datetime)
        and settings.USE_TZ
        and timezone.is_naive(converted)
    ):
        converted = converted.replace(tzinfo=datetime.timezone.utc)
    return converted


def dependencies(app_label, model, field):
    """Return the other apps' migrations the new migration needs (MigrationWriter sorts them).

    The through model's foreign key to the field's target needs the target's app; the apps
    whose models point at the field's model must be in the state as they are now.
    """
    from django.conf import settings

    found = pointing_dependencies(model)
    target = field.remote_field.model._meta
    if target.app_label != app_label:
        swappable = getattr(settings, "AUTH_USER_MODEL", "auth.User")
        if target.label_lower == swappable.lower():
            found.append(("__setting__", "AUTH_USER_MODEL"))
        else:
            found.append(app_leaf(target.app_label))
    return [
        dependency for number, dependency in enumerate(found) if dependency not in found[:number]
    ]
