"""The plan's own promises: m2m_through keeps every pair as a through row with its id and fills
the extra fields; new_parent gives each child a parent row with its pk, moves the values, and
makes the migration state inherit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from wizard.rehearsal.fingerprint import Table, pair_problems, show_keys, show_value
from wizard.rehearsal.report import Check

if TYPE_CHECKING:
    from wizard.rehearsal.checks import Observation


def check(name: str, title: str, phase: str, items: list[str], ok_detail: str) -> Check:
    """Return a check that holds when ``items`` (the problems found) is empty."""
    if not items:
        return Check(name, title, phase, True, ok_detail)
    count = f"{len(items)} problem" + ("s" if len(items) != 1 else "")
    return Check(name, title, phase, False, f"{title}: {count}.", items)


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
