"""Plans of kind ``flatten_parent``: a multi-table child stops inheriting and declares its fields.

The reverse of ``new_parent``. ``validate`` checks what the snapshot shows
(``flatten_parent_rules``); what only the loaded models show (generic relations,
``order_with_respect_to``) is refused by the child's builder. ``patch`` edits the models files
(``flatten_parent_patch``); ``explain`` says what the migration does (``flatten_parent_explain``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wizard import patching
from wizard.errors import PlanError
from wizard.plans import Explanation, online_flag
from wizard.plans.flatten_parent_rules import (
    check_child,
    check_keep_parent,
    check_kept_meta,
    resolve_child,
)
from wizard.snapshot import ModelInfo, Snapshot

KEYS = ("kind", "model", "keep_parent", "online")


@dataclass(frozen=True)
class FlattenParentPlan:
    model: str
    keep_parent: bool = True

    @property
    def kind(self) -> str:
        return "flatten_parent"

    @property
    def app_label(self) -> str:
        return self.model.split(".")[0]

    @property
    def model_name(self) -> str:
        return self.model.split(".")[1]

    @property
    def slug(self) -> str:
        return f"flatten_parent-{self.app_label}-{self.model_name}".lower().replace("_", "-")

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "model": self.model, "keep_parent": self.keep_parent}


def candidates(snapshot: Snapshot) -> list[ModelInfo]:
    """Return the multi-table children the wizard can flatten (what the picker offers)."""
    found = []
    for model in snapshot.models:
        if not model.parents:
            continue
        try:
            check_child(model, snapshot)
        except PlanError:
            continue
        found.append(model)
    return found


def headline(raw: Mapping[str, Any]) -> str | None:
    """Return what a (maybe half-made) plan changes, in a few words, or None."""
    if not raw.get("model"):
        return None
    return f"{raw['model']} stops inheriting and declares its parent's fields"


def validate(raw: Mapping[str, Any], snapshot: Snapshot) -> FlattenParentPlan:
    """Return the plan of ``raw`` if the target can be given it, else raise PlanError."""
    for key in raw:
        if key not in KEYS:
            raise PlanError(
                f"The plan has an unknown key {key!r}; a flatten_parent plan has 'model', "
                "'keep_parent' and 'online'."
            )
    if online_flag(raw):
        raise PlanError(
            "flatten_parent has no online mode yet: it copies the parent's columns down in one "
            "UPDATE that locks every row of the child; leave 'online' out and apply it in a quiet "
            "moment (the lock report says for how long)."
        )
    keep = raw.get("keep_parent", True)
    if not isinstance(keep, bool):
        raise PlanError(f"'keep_parent' must be true or false, not {keep!r}.")
    model, parent = resolve_child(raw.get("model"), snapshot)
    if keep:
        check_kept_meta(model, parent)
    else:
        check_keep_parent(model, parent, snapshot)
    return FlattenParentPlan(model.label, keep)


def resolved(plan: FlattenParentPlan, snapshot: Snapshot) -> tuple[ModelInfo, ModelInfo]:
    return resolve_child(plan.model, snapshot)


def patch(
    plan: FlattenParentPlan, snapshot: Snapshot, sources: Mapping[str, str]
) -> dict[str, str]:
    """Return the models files with the child declaring its parent's fields (and no parent)."""
    from wizard.plans.flatten_parent_patch import patch_sources

    model, parent = resolved(plan, snapshot)
    paths = {patching.model_source_path(snapshot, info) for info in (model, parent)}
    missing = [path for path in paths if path not in sources]
    if missing:
        sources = {**sources, **patching.read_sources(snapshot.target.root, missing)}
    return patch_sources(plan, snapshot, model, parent, sources)


def explain(plan: FlattenParentPlan, snapshot: Snapshot) -> Explanation:
    from wizard.plans.flatten_parent_explain import explanation

    model, parent = resolved(plan, snapshot)
    return explanation(plan, snapshot, model, parent)
