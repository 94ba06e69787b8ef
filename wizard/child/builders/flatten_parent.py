"""Build the migration that flattens a multi-table child out of its concrete parent.

One migration, the new_parent link step run the other way round (first, when the parent is to be
dropped, ``ParentRowsAreChildren`` stops before any DDL if the parent has rows of its own):
1. ``StopInheriting`` (state only): the child no longer inherits;
2. ``AlterField``: the parent link becomes an auto field of the parent key's class, still under
   the link's name and column (the foreign key to the parent goes, the identity/AUTO_INCREMENT
   comes);
3. ``CarrySequence`` (going back only): the parent's counter moves past every child id;
4. ``AddParentFields``: the parent's fields are declared on the child and filled from the
   parent rows in one UPDATE (going back: written up to the parent rows, missing ones inserted);
5. ``RestorePrimaryKey``: one column rename gives the key the parent key's name and column;
6. the parent's Meta entries come down (``meta_operations``); ``HoldSequence`` keeps the counters
   SQLite's table rebuilds would restart;
7. ``CarrySequence``: the child's counter moves past every id either table issued;
8. ``DeleteModel`` of the parent, when the plan does not keep it.
"""

from __future__ import annotations

from ..operations import flatten_parent as ops
from ..operations import new_parent as parent_ops
from ..writer import MigrationSpec, PlanError, explained, pending_changes, pointing_dependencies
from . import flatten_parent_explain as words

INLINE = (
    parent_ops.NewParentOperation,
    parent_ops.RemoveMovedFields,
    parent_ops.RenamePrimaryKey,
    parent_ops.CarrySequence,
    parent_ops.ChangeModelBases,
    parent_ops.HoldSequence,
    ops.StopInheriting,
    ops.ParentRowsAreChildren,
    ops.AddParentFields,
    ops.RestorePrimaryKey,
)


def build(plan):
    """Return the MigrationSpec of a validated ``flatten_parent`` plan."""
    from django.apps import apps

    model = apps.get_model(plan["model"])
    parents = model._meta.get_parent_list()
    if len(parents) != 1:
        raise PlanError("Model %r is not a child of one concrete parent." % plan["model"])
    parent = parents[0]
    keep = plan.get("keep_parent", True)
    check_parent(model, parent, keep)
    app_label = model._meta.app_label
    if any(change["app_label"] == app_label for change in pending_changes()):
        raise PlanError(
            "App %r has model changes that are not in migrations yet; run 'python manage.py "
            "makemigrations %s' and migrate first." % (app_label, app_label)
        )
    return [
        MigrationSpec(
            app_label,
            "%s_flatten_%s" % (model._meta.model_name, parent._meta.model_name),
            operations(model, parent, keep),
            dependencies=pointing_dependencies(model),
            inline=[op for op in INLINE if keep is False or op is not ops.ParentRowsAreChildren],
        )
    ]


def check_parent(model, parent, keep):
    """Refuse what the snapshot cannot show."""
    label = parent._meta.label
    if parent._meta.order_with_respect_to is not None:
        raise PlanError(
            "The parent %r has Meta.order_with_respect_to, whose hidden _order column the wizard "
            "does not copy; remove it first." % label
        )
    if keep:
        return
    for field in parent._meta.private_fields:
        raise PlanError(
            "'keep_parent' is false, but the generic relation %r of %r needs the parent's rows; "
            'keep the parent ("keep_parent": true).' % (field.name, label)
        )


def other_children(model, parent):
    """Return (table, link column) of every other multi-table child of ``parent``."""
    found = []
    for relation in parent._meta.related_objects:
        field = relation.remote_field
        other = relation.related_model
        if getattr(field, "parent_link", False) and other is not model:
            found.append((other._meta.db_table, field.column))
    return sorted(found)


def operations(model, parent, keep):
    from django.db import migrations

    name, link = model._meta.model_name, model._meta.pk
    parent_name, key = parent._meta.model_name, parent._meta.pk
    says = words.Flatten(model, parent)
    loose_key = type(key)(primary_key=True, serialize=False, db_column=link.column)
    fields = [(f.name, f.clone()) for f in parent._meta.local_concrete_fields if not f.primary_key]
    result = []
    if not keep:
        check = ops.ParentRowsAreChildren(name, parent_name)
        result.append(explained(check, says.check_rows()))
    result += [
        explained(ops.StopInheriting(name, new_bases(model, parent)), says.bases()),
        explained(migrations.AlterField(name, link.name, loose_key), says.unlink()),
        explained(parent_ops.CarrySequence(parent_name, name, when="backwards"), says.carry_back()),
        explained(
            ops.AddParentFields(name, parent_name, fields, other_children(model, parent)),
            says.add_fields([n for n, _f in fields]),
        ),
        explained(ops.RestorePrimaryKey(name, link.name, key.name, key.clone()), says.rename()),
    ]
    result += meta_operations(model, parent, keep, says)
    result.append(
        explained(parent_ops.CarrySequence(name, parent_name, when="forwards"), says.carry())
    )
    if not keep:
        result.append(explained(migrations.DeleteModel(parent._meta.object_name), says.delete()))
    return result


def meta_operations(model, parent, keep, says):
    """Return the operations that bring the parent's Meta entries down to the child.

    With keep_parent false they move (index and constraint names are unique per schema on
    PostgreSQL and SQLite, so they leave the parent first); with it true the child gets copies,
    which only entries Django names itself can have (a unique_together group, an index without a
    name of its own).
    """
    from django.db import migrations

    name, parent_name, opts = model._meta.model_name, parent._meta.model_name, parent._meta
    indexes = [(index, child_index(model, parent, index, keep)) for index in opts.indexes]
    constraints = list(opts.constraints)
    if constraints and keep:
        raise PlanError(
            "The constraint %r of %r has a name, which is unique per database; with keep_parent "
            "true the child would need a second one. Keep the parent's table without it, or drop "
            'the parent ("keep_parent": false).' % (constraints[0].name, opts.label)
        )
    result = []
    if constraints:
        # SQLite rebuilds the parent to drop a constraint, restarting its id counter.
        result.append(explained(parent_ops.HoldSequence(parent_name), says.hold_parent()))
    if not keep:
        result += [
            explained(migrations.RemoveIndex(parent_name, i.name), says.remove("index", i.name))
            for i, _new in indexes
        ]
        result += [
            explained(
                migrations.RemoveConstraint(parent_name, c.name), says.remove("constraint", c.name)
            )
            for c in constraints
        ]
    groups = [tuple(g) for g in opts.unique_together]
    if groups:
        together = {tuple(g) for g in model._meta.unique_together} | set(groups)
        result.append(
            explained(migrations.AlterUniqueTogether(name, together), says.unique_together(groups))
        )
    result += [
        explained(migrations.AddIndex(name, new), says.add("index", new.name, old.name, keep))
        for old, new in indexes
    ]
    result += [
        explained(
            migrations.AddConstraint(name, c.clone()), says.add("constraint", c.name, c.name, keep)
        )
        for c in constraints
    ]
    # Going back SQLite rebuilds the child (dropping constraints, then the parent's columns),
    # restarting its counter: keep it for the parent's CarrySequence.
    hold = parent_ops.HoldSequence(name, when="backwards")
    return [*result, explained(hold, says.hold_child())]


def child_index(model, parent, index, keep):
    """Return ``index`` for the child: Django's name for the child when the parent had Django's."""
    auto = index.clone()
    auto.name = ""
    auto.set_name_with_model(parent)
    if auto.name != index.name:
        if keep:
            raise PlanError(
                "The index %r of %r has a name of its own, which is unique per database; with "
                "keep_parent true the child would need a second one. Remove its name= (Django "
                'then names each table\'s index) or drop the parent ("keep_parent": false).'
                % (index.name, parent._meta.label)
            )
        return index.clone()
    clone = index.clone()
    clone.name = ""
    clone.set_name_with_model(model)
    return clone


def new_bases(model, parent):
    """Return the child's state bases without the parent (``models.Model`` when none is left)."""
    from django.db import models
    from django.db.migrations.state import ModelState

    label = parent._meta.label_lower
    bases = [
        base
        for base in ModelState.from_model(model).bases
        if not (isinstance(base, str) and base.lower() == label) and base is not parent
    ]
    return tuple(bases) or (models.Model,)
