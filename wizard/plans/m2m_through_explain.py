"""The plain words of an ``m2m_through`` bundle: what each operation does and why it is safe."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wizard.plans import Explanation, apply_steps
from wizard.target import M2MInfo, ModelInfo, Snapshot

if TYPE_CHECKING:
    from wizard.plans.m2m_through import M2MThroughPlan
    from wizard.plans.m2m_through_fields import ExtraField


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
        ),
        operations=operations(plan, model, m2m, new_table, renamed),
        database_notes=database_notes(plan, renamed),
        apply_steps=apply_steps(model.app_label),
        rollback_steps=rollback_steps(snapshot, model),
    )


def operations(
    plan: M2MThroughPlan, model: ModelInfo, m2m: M2MInfo, new_table: str, renamed: bool
) -> list[str]:
    source_name, target_name = m2m.declared_fields
    texts = [
        f"`SeparateDatabaseAndState` declares the model `{plan.through}` exactly as the table "
        f"`{m2m.table}` already is (its `id` ({m2m.table_pk_class or m2m.through_pk_class}), "
        f"the foreign keys `{source_name}` and `{target_name}`{renamed_columns(m2m)}, the unique "
        "pair as `unique_together`) "
        f'and adds `through="{plan.through}"` to `{m2m.name}`. It only changes what Django '
        "knows about the models; it sends no SQL, so no row is touched."
    ]
    if renamed:
        texts.append(
            f"`AlterModelTable` renames the table `{m2m.table}` to `{new_table}`, the name Django "
            "gives the new model. A rename moves no row: ids, indexes, the unique pair and the "
            "foreign keys stay with the table, and migrating back renames it again."
        )
    if plan.extra_fields:
        # One sentence per operation of the file: the wrapper holds the AddField operations.
        texts.append(
            "`KeepIdCounter` (defined in the migration file) runs the `AddField` operations: "
            + " ".join(add_field_text(extra) for extra in plan.extra_fields)
            + " On SQLite, where adding a column rebuilds the table, it keeps the table's "
            "`sqlite_sequence` counter at its old high-water mark, in both directions, so ids of "
            "deleted pairs are never issued again; on PostgreSQL and MySQL/MariaDB it is exactly "
            "the `AddField` operations."
        )
    return texts


def add_field_text(extra: ExtraField) -> str:
    if extra.backfill in ("now", "today"):
        filled = "the time the migration runs"
    elif extra.backfill is not None:
        filled = f"`{extra.backfill!r}`"
    else:
        filled = "the field's default (or NULL)"
    return (
        f"`AddField` adds the column `{extra.name}` ({extra.type}); existing pairs get {filled}, "
        "and the column is the only change to their rows. Migrating back drops the column."
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


def renamed_columns(m2m: M2MInfo) -> str:
    """Return the words for foreign keys whose names Django forbids on a declared model."""
    renamed = [
        f"`{name}` keeps the column `{column}`"
        for name, old, column in zip(
            m2m.declared_fields,
            (m2m.source_field, m2m.target_field),
            (m2m.source_column, m2m.target_column),
            strict=True,
        )
        if name != old
    ]
    return f" ({'; '.join(renamed)})" if renamed else ""
