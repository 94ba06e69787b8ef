"""The plain words of a ``new_parent`` bundle: what each operation does and why it is safe."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wizard.plans import Explanation
from wizard.target import ModelInfo, Snapshot

if TYPE_CHECKING:
    from wizard.plans.new_parent import NewParentPlan

AUTO_PKS = ("AutoField", "BigAutoField", "SmallAutoField")


def explanation(plan: NewParentPlan, snapshot: Snapshot, model: ModelInfo) -> Explanation:
    return Explanation(
        title=f"Insert the new parent {plan.parent_label} above {model.label}",
        summary=summary(plan, model),
        operations=operations(plan, model),
        database_notes=database_notes(plan, model),
        apply_steps=apply_steps(model),
        rollback_steps=rollback_steps(snapshot, model),
    )


def names(items: list[str] | tuple[str, ...]) -> str:
    return ", ".join(f"`{item}`" for item in items) or "no field"


def parent_table(plan: NewParentPlan) -> str:
    return f"{plan.app_label}_{plan.parent.lower()}"


def summary(plan: NewParentPlan, model: ModelInfo) -> str:
    child = model.name
    related = sorted({f"`{r.model}.{r.field}`" for r in model.incoming})
    text = (
        f"`{child}` becomes `{child}({plan.parent})`. Every {child} keeps its primary-key value, "
        f"which is now also the id of its new `{plan.parent}` row (the link `{plan.link}`, column "
        f"`{plan.link}_id`); {names(plan.move_fields)} move to the table `{parent_table(plan)}` "
        f"with their values, and still read as `{child.lower()}.<field>`."
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


def operations(plan: NewParentPlan, model: ModelInfo) -> list[str]:
    child, parent, table = model.name, plan.parent, parent_table(plan)
    auto = model.pk.class_name in AUTO_PKS
    texts = [
        f"Migration 1, `CreateModel` creates `{parent}` (table `{table}`): the primary key "
        f"`{model.pk.name}` ({model.pk.class_name}, as on {child}) and {names(plan.move_fields)} "
        "with the same definitions. The new table is empty; nothing else changes.",
        f"Migration 2, `CopyToParent` copies every {child}'s id and {names(plan.move_fields)} into "
        f"`{table}` with one `INSERT … SELECT` (the database copies all rows in one statement): "
        f"each {parent} row gets the id of its {child}, so ids with gaps stay aligned.",
    ]
    if auto:
        texts.append(
            f"Migration 2, `CarrySequence` moves the id sequence of `{table}` past the highest "
            f"copied id and past `{model.table}`'s own high-water mark, so ids of {child} rows "
            "deleted long ago are not handed out again. Its own transaction ends here, so "
            "PostgreSQL checks the copied rows' deferred foreign keys before any table is altered."
        )
        texts.append(
            "Migration 3, `CarrySequence` does nothing going forwards; going back it runs last and "
            f"moves {child}'s restored id sequence past every id {parent} handed out."
        )
    texts += [
        f"Migration 3, `RenamePrimaryKey` renames `{model.pk.name}` to `{plan.link}` and its "
        f"column to `{plan.link}_id` with a plain `ALTER TABLE … RENAME COLUMN` while it is still "
        "an auto field: every foreign key and M2M table that points at it follows (SQLite "
        "rewrites their REFERENCES clauses too). No row is touched.",
        f"Migration 3, `MakeParentLink` turns `{plan.link}` into the one-to-one link to "
        f"`{parent}` (its auto-increment goes, a foreign key to `{table}` comes); the values "
        "stay, and every one of them has its parent row since migration 2.",
    ]
    texts += meta_texts(plan, model)
    texts += [
        f"Migration 3, `RemoveMovedFields` drops {names(plan.move_fields)} from `{model.table}` "
        f"last, once their values are safe in `{table}`. Going back, it re-adds each column "
        f"nullable, fills it from `{table}` in one UPDATE, then restores NOT NULL, unique and "
        "foreign keys.",
        f"Migration 3, `ChangeModelBases` changes only what Django knows: {child} now inherits "
        f"from {parent} in the migration state, so later migrations (a `RunPython`, say) see "
        "historical models that inherit. No SQL.",
    ]
    return texts


def meta_texts(plan: NewParentPlan, model: ModelInfo) -> list[str]:
    moved = set(plan.move_fields)
    texts = []
    if any(set(g) <= moved for g in model.unique_together if g):
        texts.append(
            "Migration 1 gives the parent the `unique_together` groups made of moved fields; "
            f"migration 3 removes them from {model.name} (`AlterUniqueTogether`)."
        )
    for kind, items in (("index", model.indexes), ("constraint", model.constraints)):
        for item in items:
            references = set(item.get("references") or item.get("fields") or [])
            if references and references <= moved:
                texts.append(
                    f"Migration 3 moves the {kind} `{item['name']}` to {plan.parent} "
                    f"(`Remove{kind.title()}` before the columns go, `Add{kind.title()}` after)."
                )
    return texts


def database_notes(plan: NewParentPlan, model: ModelInfo) -> dict[str, str]:
    table, child_table = parent_table(plan), model.table
    return {
        "sqlite": (
            f"The pk column is renamed with `ALTER TABLE … RENAME COLUMN`, which also rewrites the "
            f"REFERENCES clauses of the tables pointing at `{child_table}`; `{child_table}` is "
            "then rebuilt once for the new foreign key, and dropping the moved columns rewrites "
            f"it once more. `sqlite_sequence` of `{table}` continues from `{child_table}`'s."
        ),
        "postgresql": (
            "Each migration is one transaction. The copy (migration 2) commits before any ALTER "
            'TABLE, so its deferred foreign-key checks never meet an ALTER ("pending trigger '
            f"events\"). `setval` moves `{table}`'s identity past the copied ids and past "
            f"`{child_table}`'s sequence; `{child_table}` loses its identity (going back restores "
            "it and moves it past every id handed out)."
        ),
        "mysql": (
            "MySQL and MariaDB commit each DDL statement at once. Every step of migration 3 looks "
            "at the table first and skips or redoes what an interrupted run left, and migration 2 "
            f"empties `{table}` before copying, so after a failure fix its cause and run migrate "
            "again. The moved columns are dropped last. The foreign keys pointing at "
            f"`{child_table}` are dropped and re-added around the change of its key column; "
            f"AUTO_INCREMENT of `{table}` is carried over from `{child_table}`."
        ),
    }


def apply_steps(model: ModelInfo) -> list[str]:
    return [
        "Back up the database and commit or stash your own changes; stop the processes that "
        f"write {model.name} rows while you migrate.",
        "At the project's root (the folder with manage.py): `unzip -n BUNDLE.zip` "
        "(-n keeps your own files, such as a README.md, untouched).",
        "`patch -p1 < models.patch` (or `git apply models.patch`).",
        f"`python manage.py migrate {model.app_label}`.",
        "`python manage.py makemigrations --check` reports no changes.",
    ]


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
        f"Delete the three migration files this bundle added to `{folder}/`.",
    ]
