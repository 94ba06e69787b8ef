"""What a new_parent bundle promises the rehearsal: each child has a parent row with its pk, the
moved values are there, the migration state inherits, and the child's old ids are never reused."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from wizard.rehearsal.fingerprint import Table, show_keys, show_value
from wizard.rehearsal.promises import Released, check, has_data
from wizard.rehearsal.report import Check

if TYPE_CHECKING:
    from wizard.rehearsal.checks import Observation


def checks(
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


def marks(
    plan: Mapping[str, Any], before: Observation, now: Observation
) -> dict[str, tuple[int, str]]:
    """Return the ids a new_parent bundle promises not to issue again: the child's old ones."""
    model = str(plan["model"])
    mark = before.high_water_marks.get(model)
    if mark is None:
        return {}
    parent = f"{model.split('.')[0]}.{plan['parent']}"
    return {model: (mark, model), parent: (mark, model)}


# As the child's builder: fields that record an object by its topmost concrete model's type.
ROOT_CONTENT_TYPE_FIELDS = ("base_content_type",)
BESIDE_ROOT_CONTENT_TYPE = ("to_content_type",)


def released(plan: Mapping[str, Any], before: Observation) -> Released:
    """Return what the bundle changes on purpose: root content types that follow the model."""
    model, parent = str(plan["model"]), str(plan.get("parent", ""))
    return Released(
        rewritten={
            f"{label}.{name}": f"{label}.{name} follows {model} to {parent}'s content type where "
            "it held the model's, on purpose (its topmost concrete model changes)."
            for label, table in sorted(before.fingerprint.models.items())
            if any(name in ROOT_CONTENT_TYPE_FIELDS for name in table.fields)
            for name in table.fields
            if name in ROOT_CONTENT_TYPE_FIELDS + BESIDE_ROOT_CONTENT_TYPE
        }
    )
