"""The plain words of a ``drop_through`` bundle: what it does, what it loses, how to go back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wizard.plans import Explanation, apply_steps, online_notes
from wizard.plans.drop_through_rules import auto_table, has_unique_pair
from wizard.snapshot import M2MInfo, ModelInfo, Snapshot

if TYPE_CHECKING:
    from wizard.plans.drop_through import DropThroughPlan


def explanation(
    plan: DropThroughPlan, snapshot: Snapshot, model: ModelInfo, m2m: M2MInfo, through: ModelInfo
) -> Explanation:
    new_table = auto_table(model, m2m) if plan.table == "rename" else m2m.table
    renamed = new_table != m2m.table
    return Explanation(
        title=f"Hand the through model {through.label} of {m2m.label} back to Django",
        summary=(
            f"`{m2m.label}` keeps every pair it holds: the table `{m2m.table}` of "
            f"`{through.name}` becomes the field's auto-created table without copying a row"
            + (f" (it is renamed to `{new_table}`)" if renamed else " (it keeps its name)")
            + ". Every pair keeps its id, and new pairs continue the same ids. "
            + losses(plan, through)
            + ("" if has_unique_pair(m2m, through) else duplicates(plan))
        ),
        database_notes=online_notes(database_notes(plan, renamed), plan.online),
        apply_steps=apply_steps(model.app_label),
        rollback_steps=rollback_steps(snapshot, model, plan),
    )


def losses(plan: DropThroughPlan, through: ModelInfo) -> str:
    if not plan.drop_fields:
        return f"The class `{through.name}` is deleted from the models."
    names = ", ".join(f"`{name}`" for name in plan.drop_fields)
    one = len(plan.drop_fields) == 1
    fields, are, their, columns = (
        ("field", "is", "its", "column") if one else ("fields", "are", "their", "columns")
    )
    return (
        f"The class `{through.name}` is deleted and its {fields} {names} {are} dropped: "
        f"**{their} values are lost** (the rehearsal report counts the rows that held a value "
        f"other than the default); migrating back brings the {columns} back with the default, "
        "not the old values."
    )


def duplicates(plan: DropThroughPlan) -> str:
    if plan.duplicates == "remove":
        return (
            " Duplicate pairs, if the through model allowed any, are deleted first, keeping the "
            "lowest id of each."
        )
    return (
        " If the through model holds a pair more than once, the migration stops before changing "
        'anything and says how many (plan option `"duplicates": "remove"` deletes them).'
    )


def database_notes(plan: DropThroughPlan, renamed: bool) -> dict[str, str]:
    change = "a table rename" if renamed else "no schema change"
    if plan.drop_fields:
        sqlite = (
            "On SQLite Django drops a plain column in place (`ALTER TABLE … DROP COLUMN`) and "
            "rebuilds the table for any other change, adding the column back when migrating back "
            "included: a rebuild copies the rows once inside the migration's transaction, keeping "
            "their ids, and the id counter keeps its high-water mark (`KeepIdCounter`)."
        )
        server = "Dropping a column is a catalog change on PostgreSQL and MySQL/MariaDB."
    else:
        sqlite = f"Without dropped fields this is {change} on every database, whatever the rows."
        server = sqlite
    return {
        "sqlite": sqlite,
        "postgresql": server + " The whole migration runs in one transaction.",
        "mysql": server
        + " MySQL and MariaDB cannot roll back DDL: if the migration stops half-way, migrate "
        "back to the previous migration before trying again.",
    }


def rollback_steps(snapshot: Snapshot, model: ModelInfo, plan: DropThroughPlan) -> list[str]:
    app = snapshot.app(model.app_label)
    leaf = app.leaf if app else None
    folder = (app.migrations_path if app else None) or f"{model.app_label}/migrations"
    dropped = ", ".join(f"`{name}`" for name in plan.drop_fields)
    return [
        f"`python manage.py migrate {model.app_label} {leaf}` (the migration before this "
        "bundle's) restores the through model's table, its name and its rows"
        + (f" ({dropped} with the default, not the old values)." if dropped else "."),
        "`patch -R -p1 < models.patch` (or `git apply -R models.patch`).",
        f"Delete the migration file this bundle added to `{folder}/`.",
    ]
