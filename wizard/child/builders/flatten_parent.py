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
6. ``CarrySequence``: the child's counter moves past every id either table issued;
7. ``DeleteModel`` of the parent, when the plan does not keep it.
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
            says.add_fields([f for _n, f in fields]),
        ),
        explained(ops.RestorePrimaryKey(name, link.name, key.name, key.clone()), says.rename()),
        explained(parent_ops.CarrySequence(name, parent_name, when="forwards"), says.carry()),
    ]
    if not keep:
        result.append(explained(migrations.DeleteModel(parent._meta.object_name), says.delete()))
    return result


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
