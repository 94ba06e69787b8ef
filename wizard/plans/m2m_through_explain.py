"""The plain words of an ``m2m_through`` bundle: what each operation does and why it is safe."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wizard.plans import Explanation, apply_steps, online_notes
from wizard.plans.m2m_through_fields import ExtraField, writes_need_value
from wizard.snapshot import M2MInfo, ModelInfo, Snapshot

if TYPE_CHECKING:
    from wizard.plans.m2m_through import M2MThroughPlan


def explanation(
    plan: M2MThroughPlan, snapshot: Snapshot, model: ModelInfo, m2m: M2MInfo
) -> Explanation:
    through = f"{model.app_label}.{plan.through}"
    new_table = f"{model.app_label}_{plan.through.lower()}"
    renamed = plan.table == "rename" and new_table != m2m.table
    return Explanation(
        title=f"Give {m2m.label} the through model {through}",
        summary=(
            f"`{m2m.label}` keeps every pair it holds: its table `{m2m.table}` becomes the table "
            f"of the new model `{plan.through}` without copying a row"
            + (f" (it is renamed to `{new_table}`)" if renamed else " (it keeps its name)")
            + ". Every pair keeps its id, and new pairs continue the same ids."
            + "".join(" " + warning for warning in write_warnings(plan))
        ),
        database_notes=online_notes(database_notes(plan, renamed), plan.online),
        apply_steps=apply_steps(model.app_label),
        rollback_steps=rollback_steps(snapshot, model),
    )


def write_warnings(plan: M2MThroughPlan) -> list[str]:
    """Return a warning per extra field that every new pair must be given a value for."""
    return [
        write_warning(plan.field, extra) for extra in plan.extra_fields if writes_need_value(extra)
    ]


def write_warning(field_label: str, extra: ExtraField) -> str:
    """Return what breaks when new pairs do not give ``extra`` a value, and how to avoid it."""
    return (
        f"The extra field `{extra.name}` has no default and is not nullable (existing pairs get "
        f"the backfill only), so every `.add()`, `.set()` and `.create()` through `{field_label}` "
        f"and every admin form that saves it fails unless it passes "
        f'`through_defaults={{"{extra.name}": ...}}`; or give `{extra.name}` a default.'
    )


def database_notes(plan: M2MThroughPlan, renamed: bool) -> dict[str, str]:
    change = "a table rename" if renamed else "no schema change"
    if plan.extra_fields:
        sqlite = (
            "Adding a column makes Django rebuild the table on SQLite (its ALTER TABLE cannot "
            "add most columns): the rows are copied once inside the migration's transaction, "
            "keeping their ids; the id counter keeps its high-water mark (`KeepIdCounter`), so "
            "new pairs continue after every id ever issued."
        )
        server = (
            "The new columns are catalog changes: the time does not grow with the number of rows."
        )
    else:
        sqlite = f"This is {change}: instant, whatever the number of rows."
        server = sqlite
    return {
        "sqlite": sqlite,
        "postgresql": server + " The whole migration runs in one transaction.",
        "mysql": server
        + " MySQL and MariaDB cannot roll back DDL: if the migration stops half-way, migrate "
        "back to the previous migration before trying again.",
    }


def rollback_steps(snapshot: Snapshot, model: ModelInfo) -> list[str]:
    app = snapshot.app(model.app_label)
    leaf = app.leaf if app else None
    folder = (app.migrations_path if app else None) or f"{model.app_label}/migrations"
    return [
        f"`python manage.py migrate {model.app_label} {leaf}` (the migration before this "
        "bundle's) restores the auto-created table, its name and its rows.",
        "`patch -R -p1 < models.patch` (or `git apply -R models.patch`).",
        f"Delete the migration file this bundle added to `{folder}/`.",
    ]
