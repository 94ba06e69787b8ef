"""Refuse, in one sentence each, a through model Django could not own as an auto-created table.

Runs in the target's process on the loaded models: managers, Meta, foreign-key options and generic
relations are not in the snapshot, so the engine's ``validate`` cannot see them.
"""

from __future__ import annotations

from ..writer import PlanError

AUTO_PK_CLASSES = ("AutoField", "BigAutoField", "SmallAutoField")
# Meta options the auto-created model has, or that do not reach the database.
HARMLESS_META = ("verbose_name", "verbose_name_plural", "default_related_name")
# Meta options whose default is what the auto-created table has; anything else is refused.
META_DEFAULTS: tuple = (
    ("ordering", []),
    ("indexes", []),
    ("index_together", ()),
    ("permissions", []),
    ("default_permissions", ("add", "change", "delete", "view")),
    ("db_tablespace", ""),
    ("get_latest_by", None),
    ("order_with_respect_to", None),
    ("select_on_save", False),
    ("required_db_features", []),
    ("required_db_vendor", None),
    ("base_manager_name", None),
    ("default_manager_name", None),
    ("db_table_comment", None),
)
# Foreign-key options whose default is what the auto-created table's keys have.
FK_DEFAULTS = (
    ("null", False),
    ("unique", False),
    ("db_index", True),
    ("db_constraint", True),
    ("db_tablespace", None),
    ("db_comment", None),
)


def check_through(plan, model, field, through):
    """Raise PlanError unless ``through`` is plain enough to become ``field``'s auto table."""
    label = plan["field"]
    name = through._meta.label
    check_pk(label, name, through)
    check_keys(label, name, field, through)
    check_extras(plan, name, field, through)
    check_managers(label, name, through)
    check_meta(label, name, field, through)
    check_relations(label, name, through)


def check_pk(label, name, through):
    pk = through._meta.pk
    if type(pk).__name__ not in AUTO_PK_CLASSES or pk.name != "id" or pk.column != "id":
        raise PlanError(
            "The through model %r of %r has the primary key %r (%s); Django's own table has an "
            "auto field 'id', so make it one first." % (name, label, pk.name, type(pk).__name__)
        )


def key_fields(field):
    through = field.remote_field.through._meta
    return (
        through.get_field(field.m2m_field_name()),
        through.get_field(field.m2m_reverse_field_name()),
    )


def check_keys(label, name, field, through):
    from django.db import models

    others = [
        f.name
        for f in through._meta.concrete_fields
        if f.is_relation and f not in key_fields(field)
    ]
    if others:
        raise PlanError(
            "The through model %r of %r has more foreign keys than the two sides (%s); Django's "
            "own table has only those two, so remove the others first."
            % (name, label, ", ".join(repr(o) for o in others))
        )
    for key, side in zip(key_fields(field), (field.model, field.remote_field.model)):
        if key.remote_field.model is not side or not key.target_field.primary_key:
            raise PlanError(
                "The foreign key %r of %r does not point at the primary key of %r; Django's own "
                "table points at it, so change the key first." % (key.name, name, side._meta.label)
            )
        if key.remote_field.on_delete is not models.CASCADE:
            raise PlanError(
                "The foreign key %r of %r uses on_delete=%s; Django's own table cascades, so "
                "change it to models.CASCADE first (deleting a side would delete its pairs)."
                % (key.name, name, key.remote_field.on_delete.__name__)
            )
        for option, default in FK_DEFAULTS:
            value = getattr(key, option, default)
            if option == "db_constraint":
                value = key.db_constraint
            if value != default and not (option == "db_tablespace" and not value):
                raise PlanError(
                    "The foreign key %r of %r has %s=%r, which Django's own table does not have; "
                    "remove the option first." % (key.name, name, option, value)
                )


def extra_fields(field):
    through = field.remote_field.through._meta
    keys = key_fields(field)
    return [f for f in through.concrete_fields if f not in keys and not f.primary_key]


def check_extras(plan, name, field, through):
    extras = [f.name for f in extra_fields(field)]
    drop = list(plan.get("drop_fields") or [])
    kept = [e for e in extras if e not in drop]
    if kept:
        raise PlanError(
            "The through model %r has fields Django's own table has not: %s; list them in "
            "'drop_fields' to drop them (their values are lost) or keep the through model."
            % (name, ", ".join(repr(k) for k in kept))
        )
    unknown = [d for d in drop if d not in extras]
    if unknown:
        raise PlanError(
            "'drop_fields' names %s, which %s not an extra field of %r; its extra fields are: %s."
            % (
                ", ".join(repr(u) for u in unknown),
                "is" if len(unknown) == 1 else "are",
                name,
                ", ".join(repr(e) for e in extras) or "none",
            )
        )


def check_managers(label, name, through):
    from django.db import models

    for manager in through._meta.local_managers:
        if type(manager) is not models.Manager or manager.name != "objects":
            raise PlanError(
                "The through model %r has the custom manager %r (%s), which an auto-created "
                "model cannot keep; remove it first (or keep the through model)."
                % (name, manager.name, type(manager).__name__)
            )


def check_meta(label, name, field, through):
    opts = through._meta
    source, target = (key.name for key in key_fields(field))
    pair = {source, target}
    for option, default in META_DEFAULTS:
        value = getattr(opts, option, default)
        if value and value != default:
            refuse_meta(name, option, value)
    if opts.managed is False or opts.proxy or opts.parents:
        refuse_meta(name, "managed" if not opts.managed else "bases", "?")
    for group in opts.unique_together:
        if set(group) != pair:
            refuse_meta(name, "unique_together", [tuple(group)])
    for constraint in opts.constraints:
        if not pair_constraint(constraint, pair):
            refuse_meta(name, "constraints", constraint.name)


def refuse_meta(name, option, value):
    raise PlanError(
        "The through model %r sets Meta.%s (%r), which Django's auto-created table cannot keep; "
        "remove it first (or keep the through model)." % (name, option, value)
    )


def pair_constraint(constraint, pair):
    """Return whether ``constraint`` is a plain UniqueConstraint over exactly the pair."""
    from django.db.models import UniqueConstraint

    plain = not any(
        getattr(constraint, attribute, None)
        for attribute in ("condition", "expressions", "include", "opclasses", "deferrable")
    )
    nulls = getattr(constraint, "nulls_distinct", None)
    return (
        isinstance(constraint, UniqueConstraint)
        and plain
        and nulls is None
        and set(constraint.fields) == pair
        and len(constraint.fields) == 2
    )


def check_relations(label, name, through):
    opts = through._meta
    pointing = [
        rel.related_model._meta.label
        for rel in opts.related_objects
        if not rel.related_model._meta.auto_created or rel.related_model is not through
    ]
    if pointing:
        raise PlanError(
            "%s points at the through model %r; an auto-created model cannot be pointed at, so "
            "remove that relation first." % (pointing[0], name)
        )
    private = [f.name for f in opts.private_fields]
    if private or opts.local_many_to_many:
        found = (private + [f.name for f in opts.local_many_to_many])[0]
        raise PlanError(
            "The through model %r has the relation %r (a %s); an auto-created model cannot keep "
            "it, so remove it first." % (name, found, type(opts.get_field(found)).__name__)
        )
