"""Plans of kind ``m2m_through``: give an auto-created ManyToManyField a through model, zero-copy.

``validate`` checks the plan against the snapshot (the same rules for forms, CLI and engine);
``patch`` edits the models file; ``explain`` says what the migration does and why it is safe.
The migration itself is built in the target's process (``wizard/child/builders/m2m_through.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wizard import patching
from wizard.errors import PlanError
from wizard.plans import Explanation, existing_tables, new_model_name, online_flag, with_online
from wizard.plans.m2m_through_fields import (
    ExtraField,
    check_online_extra_fields,
    validate_extra_fields,
)
from wizard.snapshot import M2MInfo, ModelInfo, Snapshot

KEYS = ("kind", "field", "through", "table", "extra_fields", "online")
TABLE_CHOICES = ("rename", "keep")


@dataclass(frozen=True)
class M2MThroughPlan:
    field: str
    through: str
    table: str = "rename"
    extra_fields: tuple[ExtraField, ...] = ()
    online: bool = False

    @property
    def kind(self) -> str:
        return "m2m_through"

    @property
    def app_label(self) -> str:
        return self.field.split(".")[0]

    @property
    def model_label(self) -> str:
        return self.field.rsplit(".", 1)[0]

    @property
    def field_name(self) -> str:
        return self.field.rsplit(".", 1)[1]

    @property
    def slug(self) -> str:
        app, model, name = self.field.split(".")
        return f"m2m_through-{app}-{model.lower()}-{name}".replace("_", "-")

    def to_json(self) -> dict[str, Any]:
        data = {
            "kind": self.kind,
            "field": self.field,
            "through": self.through,
            "table": self.table,
            "extra_fields": [extra.to_json() for extra in self.extra_fields],
        }
        return with_online(data, self.online)


def candidates(snapshot: Snapshot) -> list[M2MInfo]:
    """Return the M2M fields that may get a through model (auto-created, in the project's apps)."""
    return snapshot.m2m_fields(own_only=True, auto_only=True)


def headline(raw: Mapping[str, Any]) -> str | None:
    """Return what a (maybe half-made) plan changes, in a few words, or None."""
    if not raw.get("field"):
        return None
    return f"{raw['field']} gets the through model {raw.get('through') or '?'}"


def validate(raw: Mapping[str, Any], snapshot: Snapshot) -> M2MThroughPlan:
    """Return the plan of ``raw`` if the target can be given it, else raise PlanError."""
    for key in raw:
        if key not in KEYS:
            raise PlanError(
                f"The plan has an unknown key {key!r}; an m2m_through plan has 'field', "
                "'through', 'table', 'extra_fields' and 'online'."
            )
    online = online_flag(raw)
    model, m2m = resolve_field(raw.get("field"), snapshot)
    through = new_model_name(
        raw.get("through"),
        model.app_label,
        snapshot,
        role="through model name",
        example="PostCategory",
    )
    # Online, the table keeps its name by default: the through model then changes no table at all.
    table = raw.get("table", "keep" if online else "rename")
    if table not in TABLE_CHOICES:
        raise PlanError(f"'table' must be 'rename' or 'keep', not {table!r}.")
    if table == "rename":
        check_table_free(through, model, m2m, snapshot)
    # The auto-created table's columns: its pk is always "id", then the two foreign keys.
    source_name, target_name = m2m.declared_fields
    taken = {"id": "primary key", source_name: "foreign key", target_name: "foreign key"}
    taken |= {
        f"{source_name}_id": "foreign key column",
        f"{target_name}_id": "foreign key column",
        m2m.source_column: "foreign key column",
        m2m.target_column: "foreign key column",
    }
    extra_fields = validate_extra_fields(raw.get("extra_fields", []), taken)
    if online:
        check_online_extra_fields(extra_fields)
    return M2MThroughPlan(f"{m2m.model}.{m2m.name}", through, table, tuple(extra_fields), online)


def resolve_field(value: object, snapshot: Snapshot) -> tuple[ModelInfo, M2MInfo]:
    """Return the model and the auto-created M2M field ``value`` names, or raise PlanError."""
    parts = value.split(".") if isinstance(value, str) else []
    if len(parts) != 3 or not all(patching.is_identifier(p) for p in parts):
        raise PlanError(
            f"'field' must be 'app_label.ModelName.field_name' (for example "
            f"'core.Post.categories'), not {value!r}."
        )
    assert isinstance(value, str)
    model_label, name = value.rsplit(".", 1)
    model = snapshot.model(model_label)
    if model is None:
        raise PlanError(
            f"There is no model {model_label!r} in the project; 'field' must name a model of one "
            "of its apps, as in 'core.Post.categories'."
        )
    label = f"{model.label}.{name}"
    m2m = next((m for m in model.m2m if m.name == name), None)
    if m2m is None:
        relation = model.other_relation(name)
        if relation is not None:
            raise PlanError(
                f"{label!r} is {relation.what}; the wizard only gives an auto-created "
                "ManyToManyField a through model, so leave this relation as it is."
            )
        other = model.field(name)
        if other is not None:
            raise PlanError(
                f"{label!r} is a {other.class_name}, not a ManyToManyField; give an auto-created "
                "ManyToManyField."
            )
        choices = ", ".join(sorted(repr(m.name) for m in model.m2m)) or "none"
        raise PlanError(
            f"Model {model.label!r} has no field {name!r}; its ManyToManyFields are: {choices}."
        )
    check_convertible(label, model, m2m, snapshot)
    return model, m2m


def check_convertible(label: str, model: ModelInfo, m2m: M2MInfo, snapshot: Snapshot) -> None:
    app = snapshot.app(model.app_label)
    if app is None or not app.own:
        where = app.path if app else "?"
        raise PlanError(
            f"{label!r} belongs to the app {model.app_label!r}, installed outside the project "
            f"({where!r}); the wizard only changes the project's own apps."
        )
    if not m2m.auto_created:
        raise PlanError(
            f"{label!r} already has a through model ({m2m.through!r}); only an auto-created "
            "ManyToManyField can be given one."
        )
    own_class = f"{model.module}.{model.name}"
    if m2m.declared_in and m2m.declared_in != own_class:
        raise PlanError(
            f"{label!r} is declared on {m2m.declared_in!r}, which other models may inherit; "
            f"declare the field on {model.name} itself first."
        )
    if app.leaf is None:
        problem = "conflicting migrations" if app.leaves else "no migrations"
        raise PlanError(
            f"App {model.app_label!r} has {problem}; run 'python manage.py makemigrations "
            f"{model.app_label}' (with --merge for conflicts) first."
        )
    pending = [c for c in snapshot.pending_changes if c.get("app_label") == model.app_label]
    if pending:
        raise PlanError(
            f"App {model.app_label!r} has model changes that are not in migrations yet "
            f"({pending[0]['operation']}); run 'python manage.py makemigrations "
            f"{model.app_label}' and migrate first."
        )
    if not model.managed or model.proxy:
        raise PlanError(
            f"Model {model.label!r} is not managed by migrations; the wizard only converts "
            "fields of managed, concrete models."
        )


def check_table_free(through: str, model: ModelInfo, m2m: M2MInfo, snapshot: Snapshot) -> None:
    table = f"{model.app_label}_{through.lower()}"
    if table.lower() != m2m.table.lower() and table.lower() in existing_tables(snapshot):
        raise PlanError(
            f"The through model {through!r} would get the table {table!r}, which already "
            'exists; choose another name, or keep the current table with "table": "keep".'
        )


def resolved(plan: M2MThroughPlan, snapshot: Snapshot) -> tuple[ModelInfo, M2MInfo]:
    return resolve_field(plan.field, snapshot)


# --- models.patch ---------------------------------------------------------------------------


def patch(plan: M2MThroughPlan, snapshot: Snapshot, sources: Mapping[str, str]) -> dict[str, str]:
    """Return the owner's models file with the through class added and ``through=`` on the field."""
    from wizard.plans.m2m_through_patch import patch_models_file

    model, m2m = resolved(plan, snapshot)
    path = patching.model_source_path(snapshot, model)
    if path not in sources:
        sources = {**sources, **patching.read_sources(snapshot.target.root, [path])}
    new = patch_models_file(plan, model, m2m, path, sources[path])
    return {path: new} if new != sources[path] else {}


# --- explanation ----------------------------------------------------------------------------


def explain(plan: M2MThroughPlan, snapshot: Snapshot) -> Explanation:
    from wizard.plans.m2m_through_explain import explanation

    model, m2m = resolved(plan, snapshot)
    return explanation(plan, snapshot, model, m2m)
