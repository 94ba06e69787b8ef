"""Plans of kind ``move_model``: move a model to another of the project's apps, zero copy.

``validate`` checks what the snapshot shows (the same rules for forms, CLI and engine); what only
the loaded models and the migration state show (the state of pointing apps, taken names) is
refused by the child's builder (``wizard/child/builders/move_model.py``). ``patch`` moves the class
(``move_model_patch``); ``explain`` says what the migrations do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wizard import patching
from wizard.errors import PlanError
from wizard.plans import Explanation, online_flag, with_online
from wizard.snapshot import ModelInfo, Snapshot

KEYS = ("kind", "model", "to_app", "table", "online")
TABLE_CHOICES = ("keep", "rename")


@dataclass(frozen=True)
class MoveModelPlan:
    model: str
    to_app: str
    table: str = "keep"
    online: bool = False

    @property
    def kind(self) -> str:
        return "move_model"

    @property
    def app_label(self) -> str:
        return self.model.split(".")[0]

    @property
    def name(self) -> str:
        return self.model.split(".")[1]

    @property
    def new_label(self) -> str:
        return f"{self.to_app}.{self.name}"

    @property
    def slug(self) -> str:
        return f"move_model-{self.app_label}-{self.name}-to-{self.to_app}".lower().replace("_", "-")

    def to_json(self) -> dict[str, Any]:
        data = {"kind": self.kind, "model": self.model, "to_app": self.to_app, "table": self.table}
        return with_online(data, self.online)


def candidates(snapshot: Snapshot) -> list[ModelInfo]:
    """Return the models the wizard can move (when the project has another app to take them)."""
    own = {app.label for app in snapshot.own_apps()}
    if len(own) < 2:
        return []
    found = []
    for model in snapshot.models:
        if model.app_label not in own:
            continue
        try:
            check_movable(model, snapshot)
        except PlanError:
            continue
        found.append(model)
    return found


def headline(raw: Mapping[str, Any]) -> str | None:
    if not raw.get("model"):
        return None
    return f"{raw['model']} moves to the app {raw.get('to_app') or '?'}"


def validate(raw: Mapping[str, Any], snapshot: Snapshot) -> MoveModelPlan:
    for key in raw:
        if key not in KEYS:
            raise PlanError(
                f"The plan has an unknown key {key!r}; a move_model plan has 'model', 'to_app', "
                "'table' and 'online'."
            )
    online = online_flag(raw)
    model = resolve_model(raw.get("model"), snapshot)
    to_app = validate_to_app(raw.get("to_app"), model, snapshot)
    table = raw.get("table", "keep")
    if table not in TABLE_CHOICES:
        raise PlanError(f"'table' must be 'keep' or 'rename', not {table!r}.")
    if table == "rename" and model.table != default_table(model.app_label, model.name):
        raise PlanError(
            f"{model.label!r} names its table in Meta.db_table ({model.table!r}); it keeps that "
            'name wherever the model lives, so use "table": "keep".'
        )
    return MoveModelPlan(model.label, to_app, table, online)


def default_table(app_label: str, name: str) -> str:
    return f"{app_label}_{name.lower()}"


def resolve_model(value: object, snapshot: Snapshot) -> ModelInfo:
    parts = value.split(".") if isinstance(value, str) else []
    if len(parts) != 2 or not all(patching.is_identifier(p) for p in parts):
        raise PlanError(
            f"'model' must be 'app_label.ModelName' (for example 'shop.Product'), not {value!r}."
        )
    assert isinstance(value, str)
    model = snapshot.model(value)
    if model is None:
        raise PlanError(
            f"There is no model {value!r} in the project; 'model' must name a concrete model of "
            "one of its apps, as in 'shop.Product'."
        )
    check_movable(model, snapshot)
    return model


def check_movable(model: ModelInfo, snapshot: Snapshot) -> None:
    app = snapshot.app(model.app_label)
    if app is None or not app.own:
        raise PlanError(
            f"{model.label!r} belongs to the app {model.app_label!r}, installed outside the "
            "project; the wizard only moves models of the project's own apps."
        )
    if model.swapped or _is_user_model(model, snapshot):
        raise PlanError(
            f"{model.label!r} is the project's user model (AUTH_USER_MODEL); moving a swappable "
            "model is a separate, harder refactor the wizard does not make."
        )
    if model.proxy or not model.managed or model.abstract:
        what = "a proxy" if model.proxy else "abstract" if model.abstract else "unmanaged"
        raise PlanError(
            f"{model.label!r} is {what}; the wizard moves managed, concrete models (move its "
            "concrete model)."
        )
    if model.parents:
        raise PlanError(
            f"{model.label!r} inherits from the concrete model {model.parents[0]!r}; move its "
            "parent first, or the parent and the child together by hand."
        )
    if app.leaf is None:
        problem = "conflicting migrations" if app.leaves else "no migrations"
        raise PlanError(
            f"App {model.app_label!r} has {problem}; run 'python manage.py makemigrations "
            f"{model.app_label}' (with --merge for conflicts) first."
        )


def _is_user_model(model: ModelInfo, snapshot: Snapshot) -> bool:
    user = str(getattr(snapshot, "auth_user_model", "") or "")
    return bool(user) and user.lower() == model.label.lower()


def validate_to_app(value: object, model: ModelInfo, snapshot: Snapshot) -> str:
    own = sorted(app.label for app in snapshot.own_apps())
    if not isinstance(value, str) or not value:
        raise PlanError(
            f"'to_app' must be the label of one of the project's apps ({', '.join(own)}), not "
            f"{value!r}."
        )
    app = snapshot.app(value)
    if app is None:
        raise PlanError(
            f"There is no app {value!r} in INSTALLED_APPS; 'to_app' must be one of: "
            f"{', '.join(own)}."
        )
    if not app.own:
        raise PlanError(
            f"The app {value!r} is installed outside the project; the wizard moves models only "
            f"into the project's own apps ({', '.join(own)})."
        )
    if value == model.app_label:
        raise PlanError(f"{model.label!r} is in the app {value!r} already; choose another app.")
    for other in snapshot.models_of(value):
        if other.name.lower() == model.name.lower():
            raise PlanError(
                f"The app {value!r} has a model {other.name!r} already; rename one of them first."
            )
    if len(app.leaves) > 1:
        raise PlanError(
            f"App {value!r} has conflicting migrations; run 'python manage.py makemigrations "
            f"--merge {value}' first."
        )
    return value


def resolved(plan: MoveModelPlan, snapshot: Snapshot) -> ModelInfo:
    model = snapshot.model(plan.model)
    if model is None:
        raise PlanError(f"There is no model {plan.model!r} in the project.")
    return model


def patch(plan: MoveModelPlan, snapshot: Snapshot, sources: Mapping[str, str]) -> dict[str, str]:
    """Return the models files with the class moved, the old name re-exported, references kept."""
    from wizard.plans.move_model_patch import patch_sources

    return patch_sources(plan, snapshot, resolved(plan, snapshot), sources)


def explain(plan: MoveModelPlan, snapshot: Snapshot) -> Explanation:
    from wizard.plans.move_model_explain import explanation

    return explanation(plan, snapshot, resolved(plan, snapshot))
