"""What the snapshot shows about a multi-table child the wizard can flatten (or cannot)."""

from __future__ import annotations

from wizard import patching
from wizard.errors import PlanError
from wizard.snapshot import ModelInfo, Snapshot

# Primary keys of the parent the conversion is proven for: the child's key becomes one of them.
PK_CLASSES = ("AutoField", "BigAutoField", "SmallAutoField")


def resolve_child(value: object, snapshot: Snapshot) -> tuple[ModelInfo, ModelInfo]:
    """Return the child ``value`` names and its parent, or raise PlanError."""
    parts = value.split(".") if isinstance(value, str) else []
    if len(parts) != 2 or not all(patching.is_identifier(p) for p in parts):
        raise PlanError(
            f"'model' must be 'app_label.ModelName' (for example 'part1.Plane'), not {value!r}."
        )
    assert isinstance(value, str)
    model = snapshot.model(value)
    if model is None:
        raise PlanError(
            f"There is no model {value!r} in the project; 'model' must name a multi-table child "
            "of one of its apps, as in 'part1.Plane'."
        )
    return model, check_child(model, snapshot)


def check_child(model: ModelInfo, snapshot: Snapshot) -> ModelInfo:
    """Return the parent of ``model`` if the wizard can flatten it, else raise PlanError."""
    check_own(model, snapshot)
    if model.proxy:
        raise PlanError(
            f"Model {model.label!r} is a proxy and has no table of its own; give a concrete "
            "multi-table child."
        )
    if not model.parents:
        raise PlanError(
            f"Model {model.label!r} has no concrete parent, so there is nothing to flatten; give "
            "a multi-table child (a model that inherits from a concrete model)."
        )
    if len(model.parents) > 1:
        raise PlanError(
            f"Model {model.label!r} inherits from several concrete models "
            f"({', '.join(repr(p) for p in model.parents)}); the wizard flattens a child of one "
            "parent."
        )
    parent = snapshot.model(model.parents[0])
    assert parent is not None
    check_parent(model, parent, snapshot)
    check_link(model, parent)
    check_grandchildren(model, snapshot)
    check_pending(model, snapshot)
    return parent


def check_own(model: ModelInfo, snapshot: Snapshot) -> None:
    app = snapshot.app(model.app_label)
    if app is None or not app.own:
        raise PlanError(
            f"Model {model.label!r} belongs to the app {model.app_label!r}, installed outside the "
            "project; the wizard only changes the project's own apps."
        )
    if not model.managed:
        raise PlanError(
            f"Model {model.label!r} is unmanaged (managed = False): migrations do not touch its "
            "table, so the wizard cannot move its rows; give a managed model."
        )


def check_parent(model: ModelInfo, parent: ModelInfo, snapshot: Snapshot) -> None:
    if parent.parents:
        raise PlanError(
            f"The parent {parent.label!r} of {model.label!r} inherits from {parent.parents[0]!r} "
            "itself; the wizard flattens only a child whose parent has no concrete parent of its "
            "own (a chain of three tables is not handled)."
        )
    if parent.app_label != model.app_label:
        raise PlanError(
            f"The parent {parent.label!r} of {model.label!r} is in another app; the wizard "
            "flattens a child whose parent is in the same app."
        )
    if not parent.managed:
        raise PlanError(
            f"The parent {parent.label!r} of {model.label!r} is unmanaged (managed = False); the "
            "wizard copies its rows with migrations, so give a child of a managed parent."
        )
    if parent.pk.class_name not in PK_CLASSES:
        raise PlanError(
            f"The parent {parent.label!r} of {model.label!r} has a {parent.pk.class_name} primary "
            f"key; the wizard flattens children of parents with an auto field key "
            f"({', '.join(PK_CLASSES)})."
        )
    relations = [m.name for m in parent.m2m] + [r.name for r in parent.other_m2m]
    if relations:
        raise PlanError(
            f"The parent {parent.label!r} has the many-to-many relation {relations[0]!r}, whose "
            f"table points at the parent; the wizard cannot bring it down to {model.name}, so "
            "move it off the parent first."
        )
    own = f"{parent.module}.{parent.name}"
    for field in parent.fields:
        if field.name == "_order":
            raise PlanError(
                f"The parent {parent.label!r} has Meta.order_with_respect_to, whose hidden _order "
                "column the wizard does not copy; remove it first."
            )
        if field.related_model and field.related_model.lower() == parent.label.lower():
            raise PlanError(
                f"{parent.label}.{field.name} points at {parent.name} itself; declared on "
                f"{model.name} it would have to point at {parent.name} by name, which the wizard "
                "does not write, so remove or change it first."
            )
        if field.declared_in and field.declared_in != own and not field.primary_key:
            raise PlanError(
                f"The field {field.name!r} of {parent.label!r} is declared on the abstract base "
                f"{field.declared_in!r}; the wizard copies only fields declared in class "
                f"{parent.name}."
            )
    if parent.index_together:
        raise PlanError(
            f"The parent {parent.label!r} has Meta.index_together; replace it with Meta.indexes "
            "first."
        )
    names = {f.name for f in model.fields} | {m.name for m in model.m2m}
    clash = [f.name for f in parent.fields if f.name in names and not f.primary_key]
    if parent.pk.name in names or clash:
        raise PlanError(
            f"Model {model.label!r} already has a field named {(clash or [parent.pk.name])[0]!r}, "
            f"a field of its parent {parent.label!r}; rename it first."
        )


def check_link(model: ModelInfo, parent: ModelInfo) -> None:
    link = f"{parent.name.lower()}_ptr"
    if not (model.pk.parent_link and model.pk.auto_created and model.pk.name == link):
        raise PlanError(
            f"Model {model.label!r} declares its link to {parent.label!r} itself "
            f"({model.pk.name!r}); the wizard flattens a child whose link is Django's own "
            f"{link!r}."
        )


def check_grandchildren(model: ModelInfo, snapshot: Snapshot) -> None:
    for other in snapshot.models:
        if not other.proxy and model.label in other.parents:
            raise PlanError(
                f"Model {model.label!r} has a multi-table child of its own ({other.label!r}); the "
                f"wizard flattens only the last model of a chain, so flatten {other.label!r} first."
            )


def check_pending(model: ModelInfo, snapshot: Snapshot) -> None:
    app = snapshot.app(model.app_label)
    if app is not None and app.leaf is None:
        problem = "conflicting migrations" if app.leaves else "no migrations"
        raise PlanError(
            f"App {model.app_label!r} has {problem}; run 'python manage.py makemigrations "
            f"{model.app_label}' (with --merge for conflicts) first."
        )
    pending = [c for c in snapshot.pending_changes if c.get("app_label") == model.app_label]
    if pending:
        raise PlanError(
            f"App {model.app_label!r} has model changes that are not in migrations yet "
            f"({pending[0]['operation']}); run makemigrations first."
        )


def check_kept_meta(model: ModelInfo, parent: ModelInfo) -> None:
    """Refuse a copy of a constraint: its name is unique per database and Django keeps it."""
    if parent.constraints:
        name = parent.constraints[0]["name"]
        raise PlanError(
            f"The constraint {name!r} of {parent.label!r} has a name, which is unique per "
            "database; with keep_parent true the child would need a second one. Keep the "
            'parent\'s table without it, or drop the parent ("keep_parent": false).'
        )


def check_keep_parent(model: ModelInfo, parent: ModelInfo, snapshot: Snapshot) -> None:
    """Refuse dropping the parent while anything else still needs it."""
    for other in snapshot.models:
        if other.proxy and other.concrete_model == parent.label:
            raise PlanError(
                f"'keep_parent' is false, but the proxy {other.label!r} uses the table of "
                f'{parent.label!r}; keep the parent ("keep_parent": true).'
            )
        if other.label != model.label and parent.label in other.parents:
            raise PlanError(
                f"'keep_parent' is false, but {other.label!r} is another child of "
                f'{parent.label!r}; keep the parent ("keep_parent": true).'
            )
    for relation in parent.incoming:
        if relation.model == model.label and relation.parent_link:
            continue
        what = (
            f"the M2M table of {relation.m2m_field}"
            if relation.m2m_table and relation.m2m_field
            else f"{relation.model}.{relation.field}"
        )
        raise PlanError(
            f"'keep_parent' is false, but {what} points at {parent.label!r}; keep the parent "
            '("keep_parent": true) or remove that relation first.'
        )
