"""What an m2m_through bundle promises the rehearsal: every pair is a row of the through model with
its id, the extra fields hold their backfill, and the old table's ids are never issued again."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from wizard.rehearsal.fingerprint import Table, pair_problems, show_keys, show_value
from wizard.rehearsal.promises import Released, check, has_data
from wizard.rehearsal.report import Check

if TYPE_CHECKING:
    from wizard.rehearsal.checks import Observation


def checks(
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


def marks(
    plan: Mapping[str, Any], before: Observation, now: Observation
) -> dict[str, tuple[int, str]]:
    """Return the old auto-created table's ids, which the new through model must not reissue."""
    old = before.fingerprint.m2m.get(str(plan.get("field")))
    through = now.plan.get("through")
    if old is None or not through or old.through not in before.high_water_marks:
        return {}
    return {str(through): (before.high_water_marks[old.through], old.through)}


def released(plan: Mapping[str, Any], before: Observation) -> Released:
    """Return what the bundle gives up on purpose: nothing."""
    return Released()
