"""Build the migrations that insert a new concrete parent above a model holding data.

Three migrations, each its own transaction where the database has them:

1. ``create_<parent>``: CreateModel of the parent: the child's primary key (same class, name and
   options) and the moved fields, with ``unique_together`` groups made only of moved fields.
2. ``copy_<child>_to_<parent>``: one INSERT ... SELECT copies every child's id and moved columns
   into the parent. Kept apart from 3 so PostgreSQL checks the deferred foreign keys of the copied
   rows at this commit, before any ALTER TABLE (else "pending trigger events").
3. ``<child>_inherits_<parent>``: indexes and constraints on moved fields move over; the parent's
   id sequence moves past the child's (high-water mark included); the child's primary key is
   renamed to ``<parent>_ptr`` (column ``<parent>_ptr_id``) by a plain column rename while it is
   still an auto field; the moved columns are dropped (their values are in the parent since 2);
   the key is altered into the one-to-one parent link (on SQLite one table rebuild, which also
   leaves the moved columns out); the state's bases change so historical models inherit.
"""

from __future__ import annotations

from ..operations import new_parent as ops
from ..operations import online
from ..writer import MigrationSpec, PlanError, explained, pointing_dependencies
from . import new_parent_explain as words

INLINE = (
    ops.NewParentOperation,
    ops.CopyToParent,
    ops.CarrySequence,
    ops.HoldSequence,
    ops.RenamePrimaryKey,
    ops.MakeParentLink,
    ops.RemoveMovedFields,
    ops.ChangeModelBases,
    ops.FollowRootContentType,
)


def build(plan):
    """Return the three MigrationSpecs of a validated ``new_parent`` plan."""
    from django.apps import apps

    model = apps.get_model(plan["model"])
    parent = plan["parent"]
    check_relations(model)
    moved = [model._meta.get_field(name) for name in plan["move_fields"]]
    moved.sort(key=model._meta.local_fields.index)
    check_overrides(model, moved)
    meta = split_meta(model, {field.name for field in moved})
    if plan.get("online"):
        check_online(model, meta)
        create = create_parent(model, parent, moved, meta)
        create.short_locks = True
        specs = [
            create,
            copy_rows_online(model, parent, moved),
            link_child_online(model, parent, moved),
            validate_link(model, parent),
        ]
    else:
        specs = [
            create_parent(model, parent, moved, meta),
            copy_rows(model, parent, moved),
            link_child(model, parent, moved, meta),
        ]
    fields = root_content_type_fields()
    if fields:
        specs.append(follow_root_content_type(model, parent, fields))
    return specs


# Fields that record an object by the content type of its topmost concrete model (Wagtail's
# revisions, workflow states and reference index); the model becomes a child, so they follow.
# Beside such a field, ``to_content_type`` records the referenced object's the same way
# (Wagtail's reference index).
ROOT_CONTENT_TYPE_FIELDS = ("base_content_type",)
BESIDE_ROOT_CONTENT_TYPE = ("to_content_type",)


def root_content_type_fields():
    """Return ``[(model, field name)]`` of the installed models' root content type fields."""
    from django.apps import apps

    if not apps.is_installed("django.contrib.contenttypes"):
        return []
    from django.contrib.contenttypes.models import ContentType

    found = []
    for other in apps.get_models():
        types = [
            field.name
            for field in other._meta.local_fields
            if field.many_to_one and getattr(field.remote_field, "model", None) is ContentType
        ]
        if any(name in ROOT_CONTENT_TYPE_FIELDS for name in types):
            found += [
                (other, name)
                for name in types
                if name in ROOT_CONTENT_TYPE_FIELDS + BESIDE_ROOT_CONTENT_TYPE
            ]
    return sorted(found, key=lambda item: (item[0]._meta.label_lower, item[1]))


def follow_root_content_type(model, parent, fields):
    from ..writer import app_leaf

    own = model._meta.app_label
    others = sorted({other._meta.app_label for other, _name in fields} | {"contenttypes"})
    return MigrationSpec(
        own,
        "%s_content_type_follows_%s" % (model._meta.model_name, parent.lower()),
        [
            explained(
                ops.FollowRootContentType(
                    model._meta.model_name,
                    parent.lower(),
                    [[other._meta.label_lower, name] for other, name in fields],
                ),
                words.follow_root_content_type(model, parent, fields),
            )
        ],
        dependencies=[app_leaf(label) for label in others if label != own],
        inline=[ops.FollowRootContentType],
    )


def check_overrides(model, moved):
    """Refuse moving a field that overrides one of an abstract base: the base's would come back."""
    for field in moved:
        for base in model.__mro__[1:]:
            opts = getattr(base, "_meta", None)
            if opts is None or not opts.abstract:
                continue
            if any(f.name == field.name for f in opts.local_fields):
                raise PlanError(
                    "%r overrides the field %r of the abstract base %r; moved to the parent, "
                    "%s would inherit the base's field back, so leave it on the model."
                    % (
                        "%s.%s" % (model._meta.label, field.name),
                        field.name,
                        "%s.%s" % (base.__module__, base.__qualname__),
                        model._meta.object_name,
                    )
                )


def check_relations(model):
    """Refuse what the snapshot cannot show."""
    if model._meta.order_with_respect_to is not None:
        raise PlanError(
            "Model %r has Meta.order_with_respect_to, whose hidden _order column the wizard does "
            "not move; remove it first." % model._meta.label
        )


def parent_label(model, parent):
    return "%s.%s" % (model._meta.app_label, parent.lower())


def create_parent(model, parent, moved, meta):
    from django.db import migrations

    fields = [(model._meta.pk.name, model._meta.pk.clone())]
    fields += [(field.name, field.clone()) for field in moved]
    options = {}
    if meta["unique_together"]:
        options["unique_together"] = set(meta["unique_together"])
    operation = migrations.CreateModel(name=parent, fields=fields, options=options)
    text = words.create_parent(model, parent, moved, bool(meta["unique_together"]))
    # The other two migrations follow this one, so their state has those apps as they are now.
    return MigrationSpec(
        model._meta.app_label,
        "create_%s" % parent.lower(),
        [explained(operation, text)],
        dependencies=pointing_dependencies(model),
    )


def copy_rows(model, parent, moved):
    name = model._meta.model_name
    return MigrationSpec(
        model._meta.app_label,
        "copy_%s_to_%s" % (name, parent.lower()),
        [
            explained(
                ops.CopyToParent(name, parent.lower(), [field.name for field in moved]),
                words.copy_rows(model, parent, moved),
            )
        ],
        inline=[ops.NewParentOperation, ops.CopyToParent],
    )


def link_child(model, parent, moved, meta):
    from django.db import migrations

    name, pk = model._meta.model_name, model._meta.pk
    auto, rebuilds = is_auto(pk), bool(meta["constraints"])
    says = words.Link(model, parent, moved)
    operations: list = []
    if auto and rebuilds:
        # SQLite rebuilds both tables to move constraints, restarting their id counters.
        operations.append(explained(ops.HoldSequence(name, when="forwards"), says.hold_child()))
    if auto:
        # Going back this runs last: after the child's id is an auto field again and after
        # every rebuild of the child.
        operations.append(
            explained(ops.CarrySequence(name, parent.lower(), when="backwards"), says.carry_back())
        )
    # Moved indexes and constraints leave the child before they are made on the parent: their
    # names are unique per schema on PostgreSQL and SQLite.
    if meta["unique_together"]:
        operations.append(
            explained(
                migrations.AlterUniqueTogether(
                    name=name, unique_together=set(meta["kept_together"])
                ),
                says.unique_together(),
            )
        )
    operations += [
        explained(migrations.RemoveIndex(name, index.name), says.remove("index", index.name))
        for index in meta["indexes"]
    ]
    operations += [
        explained(migrations.RemoveConstraint(name, c.name), says.remove("constraint", c.name))
        for c in meta["constraints"]
    ]
    operations += [
        explained(
            migrations.AddIndex(parent.lower(), renamed_index(model, parent, index)),
            says.add("index", renamed_index(model, parent, index).name, index.name),
        )
        for index in meta["indexes"]
    ]
    operations += [
        explained(
            migrations.AddConstraint(parent.lower(), c.clone()), says.add("constraint", c.name)
        )
        for c in meta["constraints"]
    ]
    if auto:
        # After the parent's last rebuild, while the child still has its own counter.
        operations.append(
            explained(ops.CarrySequence(parent.lower(), name, when="forwards"), says.carry())
        )
    if auto and rebuilds:
        operations.append(
            explained(ops.HoldSequence(parent.lower(), when="backwards"), says.hold_parent())
        )
    link = link_name(parent)
    operations += [
        explained(ops.RenamePrimaryKey(name, pk.name, link, "%s_id" % link), says.rename(auto)),
        # Before the link, whose table rebuild on SQLite then leaves the moved columns out.
        explained(
            ops.RemoveMovedFields(
                name, parent.lower(), [field.name for field in moved], rebuilt_next_on_sqlite=True
            ),
            says.remove_moved(),
        ),
        explained(
            ops.MakeParentLink(model_name=name, name=link, field=link_field(model, parent)),
            says.make_link(auto),
        ),
        explained(ops.ChangeModelBases(name, new_bases(model, parent)), says.change_bases()),
    ]
    inline = [i for i in INLINE if i not in (ops.CopyToParent, ops.FollowRootContentType)]
    if not auto:
        inline.remove(ops.CarrySequence)
    if not (auto and rebuilds):
        inline.remove(ops.HoldSequence)
    return MigrationSpec(
        model._meta.app_label,
        "%s_inherits_%s" % (name, parent.lower()),
        operations,
        inline=inline,
    )


def check_online(model, meta):
    """Refuse what online mode does not move yet: Meta indexes and constraints of moved fields."""
    names = ["unique_together %r" % (group,) for group in meta["unique_together"]]
    names += ["index %r" % index.name for index in meta["indexes"]]
    names += ["constraint %r" % constraint.name for constraint in meta["constraints"]]
    if names:
        raise PlanError(
            "Online mode cannot move the %s of %r yet (building it on the parent would lock "
            "the table); leave 'online' out, or move those fields without it."
            % (", ".join(names), model._meta.label)
        )


def copy_rows_online(model, parent, moved):
    name, fields = model._meta.model_name, [field.name for field in moved]
    says = words.Online(model, parent, moved)
    return MigrationSpec(
        model._meta.app_label,
        "copy_%s_to_%s" % (name, parent.lower()),
        [
            explained(online.MirrorToParent(name, parent.lower(), fields), says.mirror()),
            explained(online.CopyInBatches(name, parent.lower(), fields), says.copy()),
        ],
        inline=[
            online.ShortLocks,
            online.OnlineOperation,
            online.MirrorToParent,
            online.CopyInBatches,
        ],
        atomic=False,
    )


def link_child_online(model, parent, moved):
    """The link as one short locked step: catalog changes only, the foreign key not checked."""
    name, pk = model._meta.model_name, model._meta.pk
    auto = is_auto(pk)
    says, online_says = words.Link(model, parent, moved), words.Online(model, parent, moved)
    link = link_name(parent)
    operations = [
        explained(
            online.DropMirror(name, parent.lower(), "postgresql"), online_says.drop("postgresql")
        )
    ]
    if auto:
        operations += [
            explained(ops.CarrySequence(name, parent.lower(), when="backwards"), says.carry_back()),
            explained(ops.CarrySequence(parent.lower(), name, when="forwards"), says.carry()),
        ]
    operations += [
        explained(ops.RenamePrimaryKey(name, pk.name, link, "%s_id" % link), says.rename(auto)),
        explained(
            ops.RemoveMovedFields(name, parent.lower(), [field.name for field in moved]),
            says.remove_moved(),
        ),
        explained(
            ops.MakeParentLink(model_name=name, name=link, field=link_field(model, parent)),
            online_says.make_link(auto),
        ),
        explained(online.DropMirror(name, parent.lower(), "mysql"), online_says.drop("mysql")),
        explained(ops.ChangeModelBases(name, new_bases(model, parent)), says.change_bases()),
    ]
    inline = [
        ops.NewParentOperation,
        *([ops.CarrySequence] if auto else []),
        ops.RenamePrimaryKey,
        ops.MakeParentLink,
        ops.RemoveMovedFields,
        ops.ChangeModelBases,
        online.OnlineOperation,
        online.MirrorToParent,
        online.DropMirror,
    ]
    return MigrationSpec(
        model._meta.app_label,
        "%s_inherits_%s" % (name, parent.lower()),
        operations,
        inline=inline,
        short_locks="checked later",
    )


def validate_link(model, parent):
    name = model._meta.model_name
    return MigrationSpec(
        model._meta.app_label,
        "validate_%s_%s" % (name, link_name(parent)),
        [
            explained(
                online.ValidateLink(name, [link_name(parent)]),
                words.Online(model, parent, []).validate(),
            )
        ],
        inline=[online.OnlineOperation, online.ValidateLink],
        short_locks=True,
    )


def link_name(parent):
    return "%s_ptr" % parent.lower()


def link_field(model, parent):
    """Return the parent link exactly as Django declares it for ``class Child(Parent)``."""
    from django.db import models

    return models.OneToOneField(
        auto_created=True,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        serialize=False,
        to=parent_label(model, parent),
    )


def is_auto(field):
    from django.db.models.fields import AutoFieldMixin

    return isinstance(field, AutoFieldMixin)


def new_bases(model, parent):
    """Return the child's state bases with ``models.Model`` replaced by the parent."""
    from django.db import models
    from django.db.migrations.state import ModelState

    bases = list(ModelState.from_model(model).bases)
    label = parent_label(model, parent)
    if models.Model in bases:
        bases[bases.index(models.Model)] = label
    else:
        bases.append(label)
    return tuple(bases)


def split_meta(model, moved):
    """Return the unique_together groups, indexes and constraints that move with the fields."""
    opts = model._meta
    together = [tuple(group) for group in opts.unique_together]
    result = {
        "unique_together": [g for g in together if set(g) <= moved],
        "kept_together": [g for g in together if not set(g) & moved],
        "indexes": [],
        "constraints": [],
    }
    for group in together:
        if set(group) & moved and not set(group) <= moved:
            raise mixed(model, "Meta.unique_together %r" % (group,))
    for kind, word, items in (
        ("indexes", "index", opts.indexes),
        ("constraints", "constraint", opts.constraints),
    ):
        for item in items:
            names = referenced_fields(item)
            if names & moved and not names <= moved:
                raise mixed(model, "The %s %r" % (word, item.name))
            if names and names <= moved:
                result[kind].append(item)
    return result


def mixed(model, what):
    """Return the refusal of a Meta entry that spans moved and kept fields (the plan's wording)."""
    return PlanError(
        "%s of %r names fields that move and fields that stay, and cannot span two tables; move "
        "all of its fields or none." % (what, model._meta.label)
    )


def referenced_fields(item):
    """Return the names of the model fields an index or constraint uses."""
    from django.db.models import F, Q

    names = set(getattr(item, "fields", ()) or ())
    names = {name.lstrip("-") for name in names}

    def walk(node):
        if isinstance(node, F):
            names.add(node.name.split("__")[0])
        elif isinstance(node, Q):
            for child in node.children:
                if isinstance(child, tuple):
                    names.add(child[0].split("__")[0])
                    walk(child[1])
                else:
                    walk(child)
        elif hasattr(node, "get_source_expressions"):
            for expression in node.get_source_expressions():
                walk(expression)

    for expression in getattr(item, "expressions", ()) or ():
        walk(expression)
    for attribute in ("condition", "check"):
        value = getattr(item, attribute, None)
        if value is not None and not isinstance(value, str):
            walk(value)
    for name in getattr(item, "include", ()) or ():
        names.add(name)
    return names


def renamed_index(model, parent, index):
    """Return ``index`` for the parent: same name if it was chosen, else the parent's auto name."""
    clone = index.clone()
    auto = index.clone()
    auto.name = ""
    auto.set_name_with_model(model)
    if auto.name == index.name:
        clone.name = ""
        clone.set_name_with_model(parent_model(model, parent))
    return clone


class StandIn:
    """What ``Index.set_name_with_model`` reads of a model: its table and its fields' columns."""

    def __init__(self, db_table, get_field):
        self._meta = self
        self.db_table = db_table
        self.get_field = get_field


def parent_model(model, parent):
    """Return a stand-in for the parent model (for naming its indexes like Django would)."""
    from django.db import connection
    from django.db.backends.utils import truncate_name

    table = "%s_%s" % (model._meta.app_label, parent.lower())
    return StandIn(truncate_name(table, connection.ops.max_name_length()), model._meta.get_field)
