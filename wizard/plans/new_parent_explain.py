"""The plain words of a ``new_parent`` bundle: what each operation does and why it is safe."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wizard.plans import Explanation, apply_steps
from wizard.snapshot import ModelInfo, Snapshot

if TYPE_CHECKING:
    from wizard.plans.new_parent import NewParentPlan


def explanation(plan: NewParentPlan, snapshot: Snapshot, model: ModelInfo) -> Explanation:
    return Explanation(
        title=f"Insert the new parent {plan.parent_label} above {model.label}",
        summary=summary(plan, model),
        database_notes=(online_notes if plan.online else database_notes)(plan, model),
        apply_steps=apply_steps(
            model.app_label,
            before=(
                "; the site may keep running: follow the order under “Deploying” below"
                if plan.online
                else f"; stop the processes that write {model.name} rows while you migrate"
            ),
        ),
        rollback_steps=rollback_steps(snapshot, model),
    )


def names(items: list[str] | tuple[str, ...]) -> str:
    return ", ".join(f"`{item}`" for item in items) or "no field"


def parent_table(plan: NewParentPlan) -> str:
    return f"{plan.app_label}_{plan.parent.lower()}"


def summary(plan: NewParentPlan, model: ModelInfo) -> str:
    child = model.name
    related = sorted(
        {
            f"the M2M table of `{r.m2m_field}`"
            if r.m2m_table and r.m2m_field
            else f"`{r.model}.{r.field}`"
            for r in model.incoming
        }
    )
    moves = "moves" if len(plan.move_fields) == 1 else "move"
    text = (
        f"`{child}` becomes `{child}({plan.parent})`. Every {child} keeps its primary-key value, "
        f"which is now also the id of its new `{plan.parent}` row (the link `{plan.link}`, column "
        f"`{plan.link}_id`)."
    )
    if plan.move_fields:
        text += (
            f" {names(plan.move_fields)} {moves} to the table `{parent_table(plan)}` with the "
            f"values, and still read{'s' if moves == 'moves' else ''} through "
            + ", ".join(f"`{child.lower()}.{name}`" for name in plan.move_fields)
            + "."
        )
    if related:
        text += (
            f" {', '.join(related)} keep pointing at the same rows: their foreign keys follow the "
            "renamed column."
        )
    text += (
        f" New {child} rows and new {plan.parent}-only rows get ids above every id "
        f"`{model.table}` ever handed out."
    )
    unique = [f.name for f in model.fields if f.name in plan.move_fields and f.unique]
    if unique:
        text += (
            f" {names(unique)} stay unique, but now across every {plan.parent}, not only the "
            f"{child} rows: a {plan.parent} of another kind cannot reuse a value."
        )
    moved_fks = [f.name for f in model.fields if f.name in plan.move_fields and f.related_model]
    if moved_fks:
        text += (
            f" The reverse side of {names(moved_fks)} now returns {plan.parent} objects; the "
            "default reverse name changes with it (for example `…_set`) unless the field sets "
            "related_name."
        )
    text += (
        f" Code to check: `{child}.objects.bulk_create()` refuses multi-table children (save them "
        f"one by one), and deleting a {child} now deletes its {plan.parent} row too."
    )
    return text


def database_notes(plan: NewParentPlan, model: ModelInfo) -> dict[str, str]:
    table, child_table = parent_table(plan), model.table
    return {
        "sqlite": (
            f"The pk column is renamed with `ALTER TABLE … RENAME COLUMN`, which also rewrites the "
            f"REFERENCES clauses of the tables pointing at `{child_table}`; `{child_table}` is "
            "then rebuilt once, with the new foreign key and without the moved columns. "
            f"`sqlite_sequence` of `{table}` continues from `{child_table}`'s."
        ),
        "postgresql": (
            "Each migration is one transaction. The copy commits before any ALTER TABLE, so its "
            'deferred foreign-key checks never meet an ALTER ("pending trigger events"). `setval` '
            f"moves `{table}`'s identity past the copied ids and past `{child_table}`'s sequence "
            f"(`pg_sequence_last_value`); `{child_table}` loses its identity, and going back "
            "restores it and moves it past every id handed out."
        ),
        "mysql": (
            "MySQL and MariaDB commit each DDL statement at once. The last migration's steps look "
            "at the table first and skip or redo what an interrupted run left, and the copy "
            f"empties `{table}` before copying, so after a failure fix its cause and run migrate "
            "again. The moved columns are dropped only after the copy committed. The foreign keys "
            f"pointing at `{child_table}` are dropped and re-added around the change of its key "
            "column; "
            f"`{table}`'s AUTO_INCREMENT is carried over from `{child_table}` with a prepared "
            "ALTER TABLE."
        ),
    }


def online_notes(plan: NewParentPlan, model: ModelInfo) -> dict[str, str]:
    table, child_table = parent_table(plan), model.table
    notes = database_notes(plan, model)
    return {
        "sqlite": notes["sqlite"]
        + " Online mode changes nothing here: SQLite lets one writer at a time, so the copy runs "
        "in batches without a trigger.",
        "postgresql": (
            f"Online: a trigger on `{child_table}` mirrors every write into `{table}` while the "
            "copy runs in batches of 50,000 ids, each its own transaction. The link is one short "
            "transaction that first drops the trigger (so nothing goes unmirrored), then only "
            "changes the catalog: the foreign key is added `NOT VALID` and checked by the last "
            "migration (`VALIDATE CONSTRAINT`, which lets reads and writes go on). Every step "
            "waits at most 500 ms for a lock (`SET LOCAL lock_timeout`) and tries again, up to 8 "
            "times with growing pauses; then `migrate` stops, saying where, with nothing of that "
            "step applied, and running it again resumes. The database user needs to create "
            f"functions and triggers. `setval` moves `{table}`'s identity past every id; going "
            "back is not online (it refills the moved columns in one UPDATE)."
        ),
        "mysql": (
            f"Online: three triggers on `{child_table}` mirror every write into `{table}` while "
            "the copy runs in batches of 50,000 ids. Every ALTER TABLE states "
            "`ALGORITHM=INSTANT` (or `INPLACE, LOCK=NONE` where the server cannot), so the "
            "server refuses to copy a table instead of doing it silently; the foreign keys are "
            "added with `foreign_key_checks = 0` (checking them would copy the table) and the "
            "last migration checks the rows with a read. Each statement waits at most 1 s for "
            "its metadata lock (`lock_wait_timeout`) and is tried again, up to 8 times; MySQL "
            "commits each DDL statement, so after a stop the message says which statements ran, "
            "and running `migrate` again resumes (each step looks at the table first). With "
            "binary logging on, creating triggers needs the SUPER privilege or "
            "`log_bin_trust_function_creators`. Going back is not online."
        ),
    }


def rollback_steps(snapshot: Snapshot, model: ModelInfo) -> list[str]:
    app = snapshot.app(model.app_label)
    leaf = app.leaf if app else None
    folder = (app.migrations_path if app else None) or f"{model.app_label}/migrations"
    return [
        f"`python manage.py migrate {model.app_label} {leaf}` (the migration before this "
        f"bundle's) puts the moved columns back into `{model.table}` with their values and "
        "restores its own id sequence; rows that exist only in the parent table are deleted "
        "with it.",
        "`patch -R -p1 < models.patch` (or `git apply -R models.patch`).",
        f"Delete the migration files this bundle added to `{folder}/`.",
    ]
