"""Turn what the child observed before, after the bundle and after going back into checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wizard.rehearsal.fingerprint import (
    Fingerprint,
    Table,
    compare_pairs,
    compare_rows,
    pair_problems,
    show_keys,
    show_value,
)
from wizard.rehearsal.report import Check


@dataclass(frozen=True)
class Observation:
    """What the child's ``fingerprint`` (or ``checks``) command saw in the scratch database."""

    fingerprint: Fingerprint
    schema: dict[str, Any]
    high_water_marks: dict[str, int]
    model_mismatches: list[str]
    foreign_key_problems: list[str]
    pending_changes: list[str]
    state: dict[str, Any]
    plan: dict[str, Any] = field(default_factory=dict)
    inserts: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Observation:
        return cls(
            fingerprint=Fingerprint.from_json(data["fingerprint"]),
            schema=data["schema"],
            high_water_marks=dict(data["high_water_marks"]),
            model_mismatches=list(data["model_mismatches"]),
            foreign_key_problems=list(data["foreign_key_problems"]),
            pending_changes=list(data["pending_changes"]),
            state=data["state"],
            plan=data.get("plan") or {},
            inserts=data.get("inserts") or {},
        )


def check(name: str, title: str, phase: str, items: list[str], ok_detail: str) -> Check:
    """Return a check that holds when ``items`` (the problems found) is empty."""
    if not items:
        return Check(name, title, phase, True, ok_detail)
    count = f"{len(items)} problem" + ("s" if len(items) != 1 else "")
    return Check(name, title, phase, False, f"{title}: {count}.", items)


def new_items(before: list[str], after: list[str]) -> list[str]:
    return [item for item in after if item not in before]


# -- after the bundle -------------------------------------------------------------------------


def forward_checks(
    plan: Mapping[str, Any], before: Observation, after: Observation
) -> tuple[list[Check], list[str]]:
    """Return the checks after applying the bundle, and notes that do not fail it."""
    old, new = before.fingerprint, after.fingerprint
    checks = [
        check(
            "rows_kept",
            "Every row keeps its pk and values, read through the new models",
            "forward",
            compare_rows(old, new),
            f"{old.row_count()} rows in {len(old.models)} models read back unchanged.",
        ),
        check(
            "pairs_kept",
            "Every M2M pair is still there, with its through-row id",
            "forward",
            compare_pairs(old, new),
            f"{old.pair_count()} pairs in {len(old.m2m)} M2M fields read back unchanged.",
        ),
    ]
    checks += plan_checks(plan, before, after)
    insert_check, notes = inserts(plan, before, after, "forward")
    checks.append(insert_check)
    checks += [
        check(
            "foreign_keys",
            "Foreign keys: no orphans, no references to missing tables or columns",
            "forward",
            new_items(before.foreign_key_problems, after.foreign_key_problems),
            "Every reference points at an existing row and column.",
        ),
        check(
            "schema_matches_models",
            "The database matches the models (columns, types, NULL, foreign keys)",
            "forward",
            new_items(before.model_mismatches, after.model_mismatches),
            "Every table has exactly the columns, types and constraints its model declares.",
        ),
        check(
            "makemigrations",
            "makemigrations --check reports no changes after the patch",
            "forward",
            new_items(before.pending_changes, after.pending_changes),
            "The patched models and the migrations agree.",
        ),
    ]
    notes += [
        f"Already missing from the target's migrations before the bundle: {change}."
        for change in before.pending_changes
    ]
    return checks, notes


def plan_checks(plan: Mapping[str, Any], before: Observation, after: Observation) -> list[Check]:
    facts = after.plan
    if facts.get("error"):
        return [
            Check(
                "plan",
                "The plan's models exist after the bundle",
                "forward",
                False,
                f"The plan's models cannot be found after the bundle: {facts['error']}.",
            )
        ]
    if plan.get("kind") == "m2m_through":
        return through_checks(plan, facts, before, after)
    if plan.get("kind") == "new_parent":
        return parent_checks(plan, facts, before, after)
    return []


def has_data(items: list[str], detail: str) -> Check:
    return check(
        "plan_has_data",
        "The plan's tables held rows to prove it with",
        "forward",
        items,
        detail,
    )


def through_checks(
    plan: Mapping[str, Any], facts: Mapping[str, Any], before: Observation, after: Observation
) -> list[Check]:
    label = str(plan["field"])
    old_pairs = before.fingerprint.m2m.get(label)
    count = len(old_pairs.pairs) if old_pairs else 0
    checks = [
        has_data(
            [] if count else [f"{label} had no pairs before the bundle: nothing was proven."],
            f"{label} had {count} pairs before the bundle.",
        )
    ]
    through = str(facts.get("through", ""))
    table = after.fingerprint.models.get(through)
    problems: list[str] = []
    if facts.get("auto_created"):
        problems.append(f"{label} still has an auto-created through model after the bundle.")
    elif table is None:
        problems.append(f"The through model {through!r} has no rows to read after the bundle.")
    if old_pairs is not None and table is not None and not problems:
        rows = through_rows(table, str(facts["source"]), str(facts["target"]))
        problems += pair_problems(label, old_pairs.pairs, rows, f"rows of {through}")
    checks.append(
        check(
            "through_rows",
            "Every pair is a row of the through model, with the same id",
            "forward",
            problems,
            f"{through} holds exactly the {count} pairs, each under its old id.",
        )
    )
    extras = facts.get("extra_fields") or {}
    if extras and table is not None and old_pairs is not None:
        checks.append(backfill_check(through, table, old_pairs.pairs.keys(), extras))
    return checks


def through_rows(table: Table, source: str, target: str) -> dict[str, tuple[Any, Any]]:
    sources, targets = table.column(source), table.column(target)
    return {pk: (sources[pk], targets[pk]) for pk in table.rows}


def backfill_check(
    through: str, table: Table, old_ids: Any, extras: Mapping[str, Mapping[str, Any]]
) -> Check:
    problems = []
    for name, expected in extras.items():
        if name not in table.fields:
            problems.append(f"{through}.{name} does not exist after the bundle.")
            continue
        values = table.column(name)
        wrong = [
            pk
            for pk in old_ids
            if pk in values
            and (
                values[pk] is None
                if expected["mode"] == "not_null"
                else values[pk] != expected["value"]
            )
        ]
        if wrong:
            want = "a value" if expected["mode"] == "not_null" else show_value(expected["value"])
            example = values[sorted(wrong)[0]]
            problems.append(
                f"{through}.{name}: {len(wrong)} existing rows hold {show_value(example)}, "
                f"expected {want} (pk {show_keys(wrong)})."
            )
    return check(
        "backfill",
        "The extra fields of existing through rows hold their backfill",
        "forward",
        problems,
        f"Every existing row of {through} holds the backfill in {', '.join(extras)}.",
    )


def parent_checks(
    plan: Mapping[str, Any], facts: Mapping[str, Any], before: Observation, after: Observation
) -> list[Check]:
    model, parent = str(facts.get("model", plan["model"])), str(facts.get("parent", ""))
    old = before.fingerprint.models.get(model)
    child, parents = after.fingerprint.models.get(model), after.fingerprint.models.get(parent)
    count = len(old.rows) if old else 0
    checks = [
        has_data(
            [] if count else [f"{model} had no rows before the bundle: nothing was proven."],
            f"{model} had {count} rows before the bundle.",
        ),
        check(
            "state_inherits",
            "The migration state has the model inheriting its new parent",
            "forward",
            inheritance_problems(model, parent, facts),
            f"{model} inherits {parent} in the models and in the migration state.",
        ),
    ]
    problems = []
    if old is not None and child is not None and parents is not None:
        problems += key_problems(model, parent, set(old.rows), set(child.rows), set(parents.rows))
    elif parents is None:
        problems.append(f"The new parent {parent!r} has no table to read after the bundle.")
    checks.append(
        check(
            "parent_rows",
            "One parent row per child, with the child's primary key",
            "forward",
            problems,
            f"{parent} has one row per {model}, each with the child's pk.",
        )
    )
    moved = [str(name) for name in facts.get("move_fields") or []]
    if moved and old is not None and parents is not None:
        checks.append(moved_check(model, parent, moved, old, parents))
    return checks


def inheritance_problems(model: str, parent: str, facts: Mapping[str, Any]) -> list[str]:
    problems = []
    if parent not in facts.get("model_parents", []):
        problems.append(f"The patched models do not make {model} inherit {parent}.")
    if parent not in facts.get("state_parents", []):
        problems.append(
            f"The migration state does not make {model} inherit {parent}: historical models "
            "(RunPython in later migrations) would not see the parent."
        )
    return problems


def key_problems(
    model: str, parent: str, old: set[str], child: set[str], parents: set[str]
) -> list[str]:
    problems = []
    if old - parents:
        problems.append(
            f"{parent} has no row with the pk of {len(old - parents)} {model} rows "
            f"(pk {show_keys(old - parents)})."
        )
    if parents - old:
        problems.append(
            f"{parent} has {len(parents - old)} rows whose pk no {model} had before "
            f"(pk {show_keys(parents - old)})."
        )
    if old - child:
        problems.append(
            f"{len(old - child)} {model} rows are not readable with their parent "
            f"(pk {show_keys(old - child)})."
        )
    return problems


def moved_check(model: str, parent: str, moved: list[str], old: Table, parents: Table) -> Check:
    problems = []
    for name in moved:
        if name not in old.fields or name not in parents.fields:
            problems.append(f"{parent}.{name} does not exist after the bundle.")
            continue
        was, now = old.column(name), parents.column(name)
        wrong = [pk for pk in was if pk in now and now[pk] != was[pk]]
        if wrong:
            first = sorted(wrong)[0]
            problems.append(
                f"{parent}.{name} differs from {model}.{name} in {len(wrong)} rows (pk {first}: "
                f"{show_value(was[first])} → {show_value(now[first])}; pk {show_keys(wrong)})."
            )
    return check(
        "moved_values",
        "Moved fields hold the same values in the parent's own table",
        "forward",
        problems,
        f"{', '.join(moved)}: every value is in {parent}'s table under the child's pk.",
    )


# -- inserts ----------------------------------------------------------------------------------


def inserts(
    plan: Mapping[str, Any], before: Observation, now: Observation, phase: str
) -> tuple[Check, list[str]]:
    """Return the insert check and notes: every model and M2M field took a new row."""
    problems, notes = [], []
    promised = promised_marks(plan, before) if phase == "forward" else {}
    for entry in now.inserts.get("rows", []):
        model, pk, error = entry["model"], entry.get("pk"), entry.get("error")
        if entry.get("skipped"):
            notes.append(f"No new {model} row was tried: {error}.")
        elif error:
            problems.append(f"{model}: {error}")
        elif isinstance(pk, int):
            mark, source = promised.get(model, (before.high_water_marks.get(model), model))
            if mark is not None and pk <= mark:
                sentence = (
                    f"{model}: the new row got id {pk}, but {source} had issued ids up to {mark} "
                    "before the bundle, so ids of deleted rows are issued again"
                )
                (problems if model in promised else notes).append(sentence + ".")
    for entry in now.inserts.get("pairs", []):
        if entry.get("skipped"):
            notes.append(f"No new {entry['field']} pair was tried: {entry['error']}.")
        elif entry.get("error"):
            problems.append(f"{entry['field']} (adding a pair): {entry['error']}")
    tried = len(now.inserts.get("rows", [])) + len(now.inserts.get("pairs", []))
    title = "A new row inserts in every table, with a fresh id"
    if phase == "backward":
        title = "New rows still insert after going back"
    name = "inserts" if phase == "forward" else "inserts_back"
    return check(
        name,
        title,
        phase,
        problems,
        f"{tried} new rows and pairs inserted.",
    ), notes


def promised_marks(plan: Mapping[str, Any], before: Observation) -> dict[str, tuple[int, str]]:
    """Return the ids a new_parent bundle promises not to issue again: the child's old ones."""
    if plan.get("kind") != "new_parent":
        return {}
    model = str(plan["model"])
    mark = before.high_water_marks.get(model)
    if mark is None:
        return {}
    parent = f"{model.split('.')[0]}.{plan['parent']}"
    return {model: (mark, model), parent: (mark, model)}


# -- after going back -------------------------------------------------------------------------


def backward_checks(
    plan: Mapping[str, Any], before: Observation, back: Observation
) -> tuple[list[Check], list[str]]:
    """Return the checks after migrating back and undoing the patch."""
    old, new = before.fingerprint, back.fingerprint
    insert_check, notes = inserts(plan, before, back, "backward")
    checks = [
        check(
            "rows_restored",
            "Every row and pair is back as it was",
            "backward",
            compare_rows(old, new, restored=True) + compare_pairs(old, new),
            f"{old.row_count()} rows and {old.pair_count()} pairs are exactly as before.",
        ),
        check(
            "schema_restored",
            "The schema is back as it was",
            "backward",
            schema_problems(before.schema, back.schema)
            + new_items(before.model_mismatches, back.model_mismatches),
            f"{len(before.schema)} tables have their columns, types and constraints back.",
        ),
        insert_check,
        check(
            "foreign_keys_back",
            "Foreign keys after going back: no orphans, no missing references",
            "backward",
            new_items(before.foreign_key_problems, back.foreign_key_problems),
            "Every reference points at an existing row and column.",
        ),
        check(
            "makemigrations_back",
            "makemigrations --check says what it said before the bundle",
            "backward",
            new_items(before.pending_changes, back.pending_changes),
            "The original models and migrations agree again.",
        ),
    ]
    return checks, notes


def schema_problems(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    problems = [f"Table {t} is gone." for t in sorted(before.keys() - after.keys())]
    problems += [f"Table {t} is still there." for t in sorted(after.keys() - before.keys())]
    for table in sorted(before.keys() & after.keys()):
        old, new = before[table], after[table]
        for column in sorted(old["columns"].keys() | new["columns"].keys()):
            was, now = old["columns"].get(column), new["columns"].get(column)
            if was != now:
                problems.append(f"{table}.{column}: {describe(was)} before, {describe(now)} now.")
        for item in sorted(set(old["constraints"]) - set(new["constraints"])):
            problems.append(f"{table}: {item} is gone.")
        for item in sorted(set(new["constraints"]) - set(old["constraints"])):
            problems.append(f"{table}: {item} is new.")
    return problems


def describe(column: list[Any] | None) -> str:
    if column is None:
        return "absent"
    return f"{column[0]} {'NULL' if column[1] else 'NOT NULL'}"
