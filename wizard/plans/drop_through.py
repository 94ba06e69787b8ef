"""Plans of kind ``drop_through``: an explicit through model becomes an auto-created M2M again.

``validate`` checks what the snapshot shows (the same rules for forms, CLI and engine); what only
the loaded models show (managers, Meta, foreign-key options) is refused by the child's builder
(``wizard/child/builders/drop_through_checks.py``). ``patch`` edits the models files; ``explain``
says what the migration does. The migration is zero copy, like the forward refactor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wizard import patching
from wizard.errors import PlanError
from wizard.plans import Explanation, online_flag, with_online
from wizard.plans.drop_through_rules import check_field, check_through, resolve_field
from wizard.snapshot import M2MInfo, ModelInfo, Snapshot

KEYS = ("kind", "field", "table", "drop_fields", "duplicates", "online")
TABLE_CHOICES = ("rename", "keep")
DUPLICATES_CHOICES = ("refuse", "remove")


@dataclass(frozen=True)
class DropThroughPlan:
    field: str
    table: str = "rename"
    drop_fields: tuple[str, ...] = ()
    duplicates: str = "refuse"
    online: bool = False

    @property
    def kind(self) -> str:
        return "drop_through"

    @property
    def slug(self) -> str:
        app, model, name = self.field.split(".")
        return f"drop_through-{app}-{model.lower()}-{name}".replace("_", "-")

    def to_json(self) -> dict[str, Any]:
        data = {
            "kind": self.kind,
            "field": self.field,
            "table": self.table,
            "drop_fields": list(self.drop_fields),
            "duplicates": self.duplicates,
        }
        return with_online(data, self.online)


def candidates(snapshot: Snapshot) -> list[M2MInfo]:
    """Return the M2M fields whose through model Django could own (what the picker offers)."""
    found = []
    for m2m in snapshot.m2m_fields(own_only=True):
        if m2m.auto_created:
            continue
        try:
            check_field(m2m.label, snapshot)
        except PlanError:
            continue
        found.append(m2m)
    return found


def headline(raw: Mapping[str, Any]) -> str | None:
    """Return what a (maybe half-made) plan changes, in a few words, or None."""
    if not raw.get("field"):
        return None
    return f"{raw['field']} hands its through model back to Django"


def validate(raw: Mapping[str, Any], snapshot: Snapshot) -> DropThroughPlan:
    """Return the plan of ``raw`` if the target can be given it, else raise PlanError."""
    for key in raw:
        if key not in KEYS:
            raise PlanError(
                f"The plan has an unknown key {key!r}; a drop_through plan has 'field', 'table', "
                "'drop_fields', 'duplicates' and 'online'."
            )
    online = online_flag(raw)
    _model, m2m, through = resolve_field(raw.get("field"), snapshot)
    table = raw.get("table", "rename")
    if table not in TABLE_CHOICES:
        raise PlanError(f"'table' must be 'rename' or 'keep', not {table!r}.")
    duplicates = raw.get("duplicates", "refuse")
    if duplicates not in DUPLICATES_CHOICES:
        raise PlanError(f"'duplicates' must be 'refuse' or 'remove', not {duplicates!r}.")
    drop = raw.get("drop_fields", [])
    if not isinstance(drop, list) or not all(isinstance(name, str) for name in drop):
        raise PlanError(
            f"'drop_fields' must be a list of field names of the through model, not {drop!r}."
        )
    check_through(m2m, through, drop, table, snapshot)
    return DropThroughPlan(m2m.label, table, tuple(dict.fromkeys(drop)), duplicates, online)


def resolved(plan: DropThroughPlan, snapshot: Snapshot) -> tuple[ModelInfo, M2MInfo, ModelInfo]:
    return resolve_field(plan.field, snapshot)


def patch(plan: DropThroughPlan, snapshot: Snapshot, sources: Mapping[str, str]) -> dict[str, str]:
    """Return the models files without the through class and with the field's through= gone."""
    from wizard.plans.drop_through_patch import patch_sources

    model, m2m, through = resolved(plan, snapshot)
    paths = {patching.model_source_path(snapshot, info) for info in (model, through)}
    missing = [path for path in paths if path not in sources]
    if missing:
        sources = {**sources, **patching.read_sources(snapshot.target.root, missing)}
    return patch_sources(plan, snapshot, model, m2m, through, sources)


def explain(plan: DropThroughPlan, snapshot: Snapshot) -> Explanation:
    from wizard.plans.drop_through_explain import explanation

    model, m2m, through = resolved(plan, snapshot)
    return explanation(plan, snapshot, model, m2m, through)
