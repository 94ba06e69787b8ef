"""The plain words of a ``flatten_parent`` bundle: what it does, what it keeps, how to go back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wizard.plans import Explanation, apply_steps
from wizard.snapshot import ModelInfo, Snapshot

if TYPE_CHECKING:
    from wizard.plans.flatten_parent import FlattenParentPlan


def explanation(
    plan: FlattenParentPlan, snapshot: Snapshot, model: ModelInfo, parent: ModelInfo
) -> Explanation:
    return Explanation(
        title=f"Flatten {model.label} out of its parent {parent.label}",
        summary=summary(plan, model, parent),
        database_notes=database_notes(),
        apply_steps=apply_steps(
            model.app_label,
            before=f"; stop the processes that write {model.name} or {parent.name} rows while you "
            "migrate",
        ),
        rollback_steps=rollback_steps(snapshot, model, parent),
    )


def summary(plan: FlattenParentPlan, model: ModelInfo, parent: ModelInfo) -> str:
    fields = [f.name for f in parent.fields if not f.primary_key]
    names = ", ".join(f"`{name}`" for name in fields) or "no field"
    link = model.pk.name
    text = (
        f"`{model.name}({parent.name})` becomes a model of its own. Every {model.name} keeps its "
        f"primary-key value (today `{link}`), now its own auto field `{parent.pk.name}`, whose "
        f"counter continues past every id `{parent.table}` and `{model.table}` ever issued. "
        f"{names} {'is' if len(fields) == 1 else 'are'} declared on {model.name} and copied down "
        f"from `{parent.table}` in one statement."
    )
    if parent.unique_together or parent.indexes or parent.constraints:
        how = "copied (the parent keeps its own)" if plan.keep_parent else "moved"
        text += (
            f" The parent's Meta unique groups, indexes and constraints come down with the fields, "
            f"{how}."
        )
    if model.incoming:
        text += (
            " Foreign keys and M2M tables that point at it keep pointing at the same rows (their "
            "columns follow the key's rename)."
        )
    if plan.keep_parent:
        text += (
            f" `{parent.name}` keeps its table and every row (the copies of {model.name}'s values "
            f"there are no longer updated: code that reads {model.name}s through "
            f"`{parent.name}.objects` no longer finds new ones)."
        )
    else:
        text += (
            f" `{parent.name}` and its table are deleted: nothing else needs them. Migrating back "
            f"creates it again with one row per {model.name}."
        )
    return text + (
        f" Code to check after the change: `{parent.name.lower()}.{model.name.lower()}` and "
        f"`isinstance(x, {parent.name})` no longer work for {model.name}s, and queries that "
        "joined the two tables now read one."
    )


def database_notes() -> dict[str, str]:
    return {
        "sqlite": (
            "SQLite rebuilds the child's table to change its key and to make the copied columns "
            "NOT NULL (rows copied once per rebuild, inside the migration's transaction); "
            "`sqlite_sequence` is set past every id either table issued."
        ),
        "postgresql": (
            "The key gets an identity whose next value is set past every id the parent's "
            "sequence issued; the whole migration runs in one transaction."
        ),
        "mysql": (
            "AUTO_INCREMENT is set past every id either table issued. MySQL and MariaDB cannot "
            "roll back DDL: if the migration stops half-way, migrate back to the previous "
            "migration before trying again."
        ),
    }


def rollback_steps(snapshot: Snapshot, model: ModelInfo, parent: ModelInfo) -> list[str]:
    app = snapshot.app(model.app_label)
    leaf = app.leaf if app else None
    folder = (app.migrations_path if app else None) or f"{model.app_label}/migrations"
    return [
        f"`python manage.py migrate {model.app_label} {leaf}` (the migration before this "
        f"bundle's) makes {model.name} a child of {parent.name} again: each {model.name}'s "
        f"values are written to its `{parent.table}` row (created when missing), and the "
        "parent's counter moves past every child id.",
        "`patch -R -p1 < models.patch` (or `git apply -R models.patch`).",
        f"Delete the migration file this bundle added to `{folder}/`.",
    ]
