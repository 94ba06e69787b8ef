"""What a drop-through bundle promises the rehearsal: every distinct pair is kept under its id, the
table is the one Django would create for the field, and the dropped fields' losses are counted."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from wizard.rehearsal.fingerprint import show_keys, show_value
from wizard.rehearsal.promises import Released, check, has_data
from wizard.rehearsal.report import Check

if TYPE_CHECKING:
    from wizard.rehearsal.checks import Observation

SHAPE = (
    ("table", "the table is"),
    ("columns", "the columns are"),
    ("pk_type", "the primary-key type is"),
    ("unique_pair", "the unique pair is"),
)


def checks(
    plan: Mapping[str, Any], facts: Mapping[str, Any], before: Observation, after: Observation
) -> list[Check]:
    label = str(plan["field"])
    old = before.fingerprint.m2m.get(label)
    count = len(old.pairs) if old else 0
    result = [
        has_data(
            [] if count else [f"{label} had no pairs before the bundle: nothing was proven."],
            f"{label} had {count} pairs before the bundle.",
        ),
        check(
            "auto_table",
            "The field's table is the one Django would create (name, columns, pk, unique pair)",
            "forward",
            shape_problems(label, facts),
            f"{label} has Django's own auto-created table.",
        ),
        distinct_pairs_check(label, before, after),
    ]
    if old is not None and plan.get("drop_fields"):
        result.append(dropped_check(plan, facts, before, old.through))
    return result


def shape_problems(label: str, facts: Mapping[str, Any]) -> list[str]:
    if not facts.get("auto_created"):
        return [f"{label} still has the through model {facts.get('through')!r} after the bundle."]
    expected, actual = facts.get("expected") or {}, facts.get("actual") or {}
    return [
        f"{label}: {words} {show_value(actual.get(key))}, Django would make "
        f"{show_value(expected.get(key))}."
        for key, words in SHAPE
        if actual.get(key) != expected.get(key)
    ]


def distinct_pairs_check(label: str, before: Observation, after: Observation) -> Check:
    """Every distinct pair is still there, under the lowest id it had (duplicates may go)."""
    old = before.fingerprint.m2m.get(label)
    new = after.fingerprint.m2m.get(label)
    problems: list[str] = []
    if old is not None and new is None:
        problems.append(f"{label} is gone: its pairs cannot be read.")
    elif old is not None and new is not None:
        lowest: dict[tuple[Any, Any], str] = {}
        for pk in sorted(old.pairs, key=lambda key: (len(key), key)):
            lowest.setdefault(tuple(old.pairs[pk]), pk)
        lost = [pk for pair, pk in lowest.items() if tuple(new.pairs.get(pk, ())) != pair]
        if lost:
            problems.append(
                f"{label}: {len(lost)} of {len(lowest)} distinct pairs are not under their id "
                f"(pk {show_keys(lost)})."
            )
        appeared = set(new.pairs) - set(old.pairs)
        if appeared:
            problems.append(f"{label}: {len(appeared)} pairs appeared (pk {show_keys(appeared)}).")
    distinct = len({tuple(p) for p in old.pairs.values()}) if old else 0
    return check(
        "distinct_pairs",
        "Every distinct pair is kept, under its id",
        "forward",
        problems,
        f"{label} holds its {distinct} distinct pairs, each under its old id.",
    )


def dropped_check(
    plan: Mapping[str, Any], facts: Mapping[str, Any], before: Observation, through: str
) -> Check:
    """Report how many non-default values each dropped field held (the loss the plan accepts)."""
    table = before.fingerprint.models.get(through)
    defaults = facts.get("dropped_defaults") or {}
    counts = []
    for name in plan.get("drop_fields") or []:
        values = table.column(name) if table is not None and name in table.fields else {}
        held = sum(1 for value in values.values() if value != defaults.get(name))
        counts.append(f"{through}.{name}: {held} of {len(values)} rows held a non-default value")
    return check(
        "dropped_fields",
        "The dropped fields' values are counted (lost, as the plan accepts)",
        "forward",
        [],
        "; ".join(counts) + ".",
    )


def marks(
    plan: Mapping[str, Any], before: Observation, now: Observation
) -> dict[str, tuple[int, str]]:
    """Return the through model's ids, which the auto-created table must not issue again."""
    label = str(plan.get("field"))
    old = before.fingerprint.m2m.get(label)
    if old is None or old.through not in before.high_water_marks:
        return {}
    app, model, field = label.split(".")
    return {f"{app}.{model}_{field}": (before.high_water_marks[old.through], old.through)}


def released(plan: Mapping[str, Any], before: Observation) -> Released:
    """Return the through model the bundle removes (its rows live on as the field's pairs, which
    ``distinct_pairs`` proves under their old ids), and what the plan accepts to lose: removed
    duplicate pairs and dropped fields do not come back when migrating back."""
    label = str(plan.get("field"))
    old = before.fingerprint.m2m.get(label)
    if old is None:
        return Released()
    table = before.fingerprint.models.get(old.through)
    rows = len(table.rows) if table is not None else 0
    models = {old.through: f"{old.through}'s {rows} rows are now the pairs of {label}."}
    removes = plan.get("duplicates") == "remove"
    dropped = list(plan.get("drop_fields") or [])
    m2m = {label: f"{label}'s pairs are compared by distinct_pairs."} if removes else {}
    lost = []
    if dropped:
        names = ", ".join(dropped)
        lost.append(f"the dropped fields ({names}) come back with their defaults")
    if removes:
        lost.append("removed duplicate pairs do not come back")
    if not lost:
        return Released(models=models, m2m=m2m)
    sentence = f"Going back, {' and '.join(lost)}, as the plan accepts."
    return Released(models=models, m2m=m2m, not_restored={old.through: sentence, label: ""})
