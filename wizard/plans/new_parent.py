"""Plans of kind ``new_parent``: insert a new concrete multi-table parent above a model with data.

``validate`` checks the plan against the snapshot (the same rules for forms, CLI and engine);
``patch`` edits the models file (``new_parent_patch``); ``explain`` says what the migrations do
(``new_parent_explain``). The migrations are built in the target's process
(``wizard/child/builders/new_parent.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wizard import patching
from wizard.errors import PlanError
from wizard.plans import Explanation, existing_tables, new_model_name, online_flag, with_online
from wizard.snapshot import ModelInfo, Snapshot

KEYS = ("kind", "model", "parent", "move_fields", "online")
# Primary keys the conversion is proven for (tests on SQLite, PostgreSQL and MariaDB).
PK_CLASSES = ("AutoField", "BigAutoField", "UUIDField")


@dataclass(frozen=True)
class NewParentPlan:
    model: str
    parent: str
    move_fields: tuple[str, ...] = ()
    online: bool = False

    @property
    def kind(self) -> str:
        return "new_parent"

    @property
    def app_label(self) -> str:
        return self.model.split(".")[0]

    @property
    def model_name(self) -> str:
        return self.model.split(".")[1]

    @property
    def parent_label(self) -> str:
        return f"{self.app_label}.{self.parent}"

    @property
    def link(self) -> str:
        """Return the name of the child's parent link field (``<parent>_ptr``)."""
        return f"{self.parent.lower()}_ptr"

    @property
    def slug(self) -> str:
        return f"new_parent-{self.app_label}-{self.model_name}-{self.parent}".lower().replace(
            "_", "-"
        )

    def to_json(self) -> dict[str, Any]:
        data = {
            "kind": self.kind,
            "model": self.model,
            "parent": self.parent,
            "move_fields": list(self.move_fields),
        }
        return with_online(data, self.online)


def candidates(snapshot: Snapshot) -> list[ModelInfo]:
    """Return the concrete, managed, non-proxy models of the project's own apps."""
    own = {app.label for app in snapshot.own_apps()}
    return [
        m
        for m in snapshot.models
        if m.app_label in own and not (m.proxy or m.abstract or m.swapped) and m.managed
    ]


def headline(raw: Mapping[str, Any]) -> str | None:
    """Return what a (maybe half-made) plan changes, in a few words, or None."""
    if not raw.get("model"):
        return None
    return f"{raw['model']} gets the new parent {raw.get('parent') or '?'}"


def validate(raw: Mapping[str, Any], snapshot: Snapshot) -> NewParentPlan:
    """Return the plan of ``raw`` if the target can be given it, else raise PlanError."""
    for key in raw:
        if key not in KEYS:
            raise PlanError(
                f"The plan has an unknown key {key!r}; a new_parent plan has 'model', 'parent', "
                "'move_fields' and 'online'."
            )
    online = online_flag(raw)
    model = resolve_model(raw.get("model"), snapshot)
    parent = validate_parent(raw.get("parent"), model, snapshot)
    moved = validate_move_fields(raw.get("move_fields", []), model, parent)
    check_meta(model, set(moved))
    return NewParentPlan(model.label, parent, tuple(moved), online)


def resolve_model(value: object, snapshot: Snapshot) -> ModelInfo:
    """Return the model ``value`` names if a parent can be inserted above it, or raise."""
    if isinstance(value, list | tuple) and len(value) > 1:
        raise PlanError(
            f"Several existing models ({', '.join(repr(v) for v in value)}) cannot get one new "
            "parent: each numbers its rows from 1, so their ids would collide in the parent "
            "table; convert one model per plan."
        )
    if isinstance(value, list | tuple) and len(value) == 1:
        value = value[0]
    parts = value.split(".") if isinstance(value, str) else []
    if len(parts) != 2 or not all(patching.is_identifier(p) for p in parts):
        raise PlanError(
            f"'model' must be 'app_label.ModelName' (for example 'part1.Plane'), not {value!r}."
        )
    assert isinstance(value, str)
    model = snapshot.model(value)
    if model is None:
        raise PlanError(unknown_model_message(value, snapshot))
    check_convertible(model, snapshot)
    return model


def unknown_model_message(label: str, snapshot: Snapshot) -> str:
    name = label.split(".")[1]
    for model in snapshot.models:
        for base in model.abstract_bases:
            if base.rsplit(".", 1)[-1].lower() == name.lower():
                return (
                    f"Model {label!r} is abstract and has no table; give a concrete model "
                    "(one with a table) of the project's own apps."
                )
    return (
        f"There is no model {label!r} in the project; 'model' must name a concrete model of one "
        "of its apps, as in 'part1.Plane'."
    )


def check_convertible(model: ModelInfo, snapshot: Snapshot) -> None:
    app = snapshot.app(model.app_label)
    if app is None or not app.own:
        where = app.path if app else "?"
        raise PlanError(
            f"Model {model.label!r} belongs to the app {model.app_label!r}, installed outside the "
            f"project ({where!r}); the wizard only changes the project's own apps."
        )
    if model.proxy:
        raise PlanError(
            f"Model {model.label!r} is a proxy and has no table of its own; give the concrete "
            f"model it proxies ({model.concrete_model or model.parents[0]!r})."
        )
    if not model.managed:
        raise PlanError(
            f"Model {model.label!r} is unmanaged (managed = False): migrations do not touch its "
            "table, so the wizard cannot move its rows; give a managed model."
        )
    if model.parents:
        raise PlanError(
            f"Model {model.label!r} already inherits from {model.parents[0]!r}; the wizard only "
            "inserts a parent above a model that has no concrete parent yet."
        )
    if model.pk.class_name not in PK_CLASSES or model.pk.related_model:
        raise PlanError(
            f"Model {model.label!r} has a {model.pk.class_name} primary key; the wizard handles "
            f"primary keys of these kinds: {', '.join(PK_CLASSES)}."
        )
    declared_in = model.pk.declared_in
    if declared_in and declared_in != f"{model.module}.{model.name}":
        raise PlanError(
            f"The primary key {model.pk.name!r} of {model.label!r} is declared on the abstract "
            f"base {declared_in!r}, not in class {model.name}, so it cannot move to the new "
            f"parent: {model.name} would inherit it again beside the link to the parent. The "
            "wizard cannot insert a parent above this model."
        )
    pending = [c for c in snapshot.pending_changes if c.get("app_label") == model.app_label]
    if pending:
        raise PlanError(
            f"App {model.app_label!r} has model changes that are not in migrations yet "
            f"({pending[0]['operation']}); run makemigrations first."
        )


def validate_parent(value: object, model: ModelInfo, snapshot: Snapshot) -> str:
    value = new_model_name(value, model.app_label, snapshot, role="parent name", example="Aircraft")
    table = f"{model.app_label}_{value.lower()}"
    if table.lower() in existing_tables(snapshot):
        raise PlanError(
            f"The parent {value!r} would get the table {table!r}, which already exists; choose "
            "another parent name."
        )
    link = f"{value.lower()}_ptr"
    names = {f.name for f in model.fields} | {m.name for m in model.m2m}
    names |= {r.name for r in model.other_m2m}
    if link in names or f"{link}_id" in {f.column for f in model.fields}:
        raise PlanError(
            f"Model {model.label!r} already has a field or column named {link!r}, the name of "
            "the link to the parent; choose another parent name."
        )
    return value


def validate_move_fields(value: object, model: ModelInfo, parent: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PlanError(
            f"'move_fields' must be a list of field names of {model.label!r} (for example "
            f'["registration"]), not {value!r}.'
        )
    seen: set[str] = set()
    for name in value:
        if name in seen:
            raise PlanError(f"'move_fields' names {name!r} twice; list each field once.")
        seen.add(name)
        check_movable(name, model, parent)
    return list(value)


def check_movable(name: str, model: ModelInfo, parent: str) -> None:
    label = f"{model.label}.{name}"
    field = model.field(name)
    if field is None:
        other = model.other_relation(name)
        if other is not None:
            raise PlanError(
                f"{label!r} is {other.what}; the wizard cannot move many-to-many relations "
                "to the parent, so leave it on the model."
            )
        if any(m.name == name for m in model.m2m):
            raise PlanError(
                f"{label!r} is a ManyToManyField; the wizard cannot move many-to-many fields to "
                "the parent (their table would have to change); leave it on the model."
            )
        choices = ", ".join(repr(f.name) for f in model.fields if not f.primary_key) or "none"
        raise PlanError(
            f"Model {model.label!r} has no field {name!r} to move; its fields are: {choices}."
        )
    if field.primary_key:
        raise PlanError(
            f"{label!r} is the primary key, which stays on the model as the link to the parent "
            "(the parent gets a copy of it); remove it from 'move_fields'."
        )
    own_class = f"{model.module}.{model.name}"
    if field.declared_in and field.declared_in != own_class:
        # Only an abstract base gives a model fields it does not declare (a concrete parent is
        # refused above), and the model would inherit that base's field back beside the moved one.
        raise PlanError(
            f"{label!r} is declared on the abstract base {field.declared_in!r}, which {model.name} "
            "would inherit it from again beside the parent's copy; leave it on the model."
        )
    if name == model.name.lower():
        raise PlanError(
            f"{label!r} has the name of the reverse link from {parent!r} to {model.name}; "
            "rename the field first."
        )
    if field.related_model and field.related_model.lower() == model.label.lower():
        raise PlanError(
            f"{label!r} points at {model.name} itself; on the parent it would have to point at "
            f"{parent!r} instead, which the wizard does not do, so leave it on the model."
        )
    for relation in model.incoming:
        if relation.to_field == name:
            raise PlanError(
                f"{relation.model}.{relation.field} points at {label!r} with "
                f"to_field={name!r}; the wizard cannot retarget it to the parent's table, so "
                "leave that field on the model."
            )


def check_meta(model: ModelInfo, moved: set[str]) -> None:
    """Refuse Meta options that name both moved fields and fields that stay."""
    groups = [("unique_together", g) for g in model.unique_together]
    groups += [("index_together", g) for g in model.index_together]
    for option, group in groups:
        if moved & set(group) and not set(group) <= moved:
            raise PlanError(
                f"Meta.{option} {tuple(group)!r} of {model.label!r} names fields that move and "
                "fields that stay, and cannot span two tables; move all of its fields or none."
            )
    if any(moved & set(g) for g in model.index_together):
        raise PlanError(
            f"Meta.index_together of {model.label!r} names a moved field; replace it with "
            "Meta.indexes first."
        )
    for kind, items in (("index", model.indexes), ("constraint", model.constraints)):
        for item in items:
            references = set(item.get("references") or item.get("fields") or [])
            if moved & references and not references <= moved:
                raise PlanError(
                    f"The {kind} {item['name']!r} of {model.label!r} names fields that move and "
                    "fields that stay, and cannot span two tables; move all of its fields or "
                    "none."
                )


def resolved(plan: NewParentPlan, snapshot: Snapshot) -> ModelInfo:
    model = snapshot.model(plan.model)
    if model is None:
        raise PlanError(unknown_model_message(plan.model, snapshot))
    return model


def patch(plan: NewParentPlan, snapshot: Snapshot, sources: Mapping[str, str]) -> dict[str, str]:
    """Return the models file with the parent class added and the child inheriting from it."""
    from wizard.plans.new_parent_patch import check_to_field_pk, patch_models_file

    model = resolved(plan, snapshot)
    path = patching.model_source_path(snapshot, model)
    if path not in sources:
        sources = {**sources, **patching.read_sources(snapshot.target.root, [path])}
    check_to_field_pk(snapshot, model, sources)
    new = patch_models_file(plan, model, path, sources[path])
    return {path: new} if new != sources[path] else {}


def explain(plan: NewParentPlan, snapshot: Snapshot) -> Explanation:
    from wizard.plans.new_parent_explain import explanation

    return explanation(plan, snapshot, resolved(plan, snapshot))
