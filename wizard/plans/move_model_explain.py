"""The plain words of a ``move_model`` bundle: what moves, what stays, how to go back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wizard.plans import Explanation, online_notes
from wizard.snapshot import ModelInfo, Snapshot

if TYPE_CHECKING:
    from wizard.plans.move_model import MoveModelPlan


def explanation(plan: MoveModelPlan, snapshot: Snapshot, model: ModelInfo) -> Explanation:
    new_table = f"{plan.to_app}_{model.name.lower()}"
    table = (
        f"The table `{model.table}` keeps its name (the class declares it in `Meta.db_table`)"
        if plan.table == "keep"
        else f"The table `{model.table}` is renamed to `{new_table}`, and the auto-created "
        "tables of its M2M fields with it (Django's `AlterModelTable`)"
    )
    pointing = sorted({r.model.split(".")[0] for r in model.incoming} - {model.app_label})
    return Explanation(
        title=f"Move {model.label} to the app {plan.to_app}",
        summary=(
            f"`{model.label}` becomes `{plan.new_label}` without copying a row. {table}; every "
            "row keeps its primary key, and foreign keys, one-to-ones and M2M fields that point "
            "at it are re-pointed in the migration state only, since their columns already point "
            "at its table. Its content type gets the app label "
            f"`{plan.to_app}` and keeps its id, so permissions, admin log entries and generic "
            f"relations stay attached. `{model.app_label}/models.py` re-exports the class, so "
            f"`from {model.module} import {model.name}` keeps working."
        ),
        database_notes=online_notes(database_notes(plan), plan.online),
        apply_steps=apply_steps(plan, pointing),
        rollback_steps=rollback_steps(plan, snapshot, model),
    )


def database_notes(plan: MoveModelPlan) -> dict[str, str]:
    if plan.table == "keep":
        sentence = "No schema change on any database: only the migration state and one row of "
        sentence += "`django_content_type` change, whatever the size of the table."
        return {vendor: sentence for vendor in ("sqlite", "postgresql", "mysql")}
    return {
        "sqlite": "`ALTER TABLE … RENAME TO` is a catalog change (SQLite 3.26+ updates the "
        "foreign keys of other tables that name it).",
        "postgresql": "`ALTER TABLE … RENAME TO` is a catalog change; it takes a brief ACCESS "
        "EXCLUSIVE lock on the table. Sequences and indexes keep their old names.",
        "mysql": "`RENAME TABLE` is a catalog change; foreign keys follow the table. MySQL and "
        "MariaDB cannot roll DDL back: if the migration stops half-way, migrate back before "
        "trying again.",
    }


def apply_steps(plan: MoveModelPlan, pointing: list[str]) -> list[str]:
    return [
        "Back up the database and commit or stash your own changes.",
        "At the project's root (the folder with manage.py): `unzip -n BUNDLE.zip`.",
        "`patch -p1 < models.patch` (or `git apply models.patch`).",
        "`python manage.py migrate` (the bundle adds migrations to "
        + ", ".join(f"`{a}`" for a in sorted({plan.to_app, plan.app_label, *pointing}))
        + ").",
        "`python manage.py makemigrations --check` reports no changes.",
    ]


def rollback_steps(plan: MoveModelPlan, snapshot: Snapshot, model: ModelInfo) -> list[str]:
    app = snapshot.app(plan.to_app)
    leaf = app.leaf if app else None
    target = (
        f"`python manage.py migrate {plan.to_app} {leaf}` (the migration before this bundle's "
        f"in `{plan.to_app}`)"
        if leaf
        else f"`python manage.py migrate {plan.to_app} zero` (`{plan.to_app}` had no migration "
        "before this bundle)"
    )
    return [
        f"{target} unapplies the "
        f"bundle's migrations in every app, in reverse order: the content type gets "
        f"`{model.app_label}` back"
        + (", the table its old name" if plan.table == "rename" else "")
        + ".",
        "`patch -R -p1 < models.patch` (or `git apply -R models.patch`).",
        "Delete the migration files this bundle added.",
    ]
