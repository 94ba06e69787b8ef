"""What a move_model bundle promises the rehearsal: the rows and pairs are read under the new label
exactly as they were under the old one, the migration state has the model in the new app only, and
the content type keeps its id (so its permissions, admin log entries and generic relations)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from wizard.rehearsal.fingerprint import compare_table, pair_problems
from wizard.rehearsal.promises import Released, check, has_data
from wizard.rehearsal.report import Check

if TYPE_CHECKING:
    from wizard.rehearsal.checks import Observation


def labels(plan: Mapping[str, Any]) -> tuple[str, str]:
    old = str(plan["model"])
    return old, f"{plan['to_app']}.{old.split('.')[1]}"


def own_m2m(plan: Mapping[str, Any], before: Observation) -> list[str]:
    old, _new = labels(plan)
    return [label for label in before.fingerprint.m2m if label.rsplit(".", 1)[0] == old]


def checks(
    plan: Mapping[str, Any], facts: Mapping[str, Any], before: Observation, after: Observation
) -> list[Check]:
    old, new = labels(plan)
    table = before.fingerprint.models.get(old)
    count = len(table.rows) if table else 0
    rows = [] if table is not None else [f"{old} was not read before the bundle."]
    moved = after.fingerprint.models.get(new)
    if table is not None and moved is None:
        rows.append(f"{new} cannot be read after the bundle.")
    elif table is not None and moved is not None:
        rows += compare_table(new, table, moved, restored=False)
    for label in own_m2m(plan, before):
        new_label = new + "." + label.rsplit(".", 1)[1]
        pairs = after.fingerprint.m2m.get(new_label)
        if pairs is None:
            rows.append(f"{new_label} cannot be read after the bundle.")
        else:
            rows += pair_problems(
                new_label,
                before.fingerprint.m2m[label].pairs,
                pairs.pairs,
                f"through {pairs.through}",
            )
    return [
        has_data(
            [] if count else [f"{old} had no rows before the bundle: nothing was proven."],
            f"{old} had {count} rows before the bundle.",
        ),
        check(
            "rows_moved",
            "Every row and pair reads the same under the new label",
            "forward",
            rows,
            f"{count} rows of {old} read back as {new}, with every value and pair.",
        ),
        check(
            "state_moved",
            "The models and the migration state have the model in the new app only",
            "forward",
            state_problems(plan, facts),
            f"{new} is in the models and in the migration state; {old} in neither.",
        ),
        check(
            "content_type_kept",
            "The content type moved with its id (permissions, admin log, generic relations)",
            "forward",
            content_type_problems(plan, before.plan, facts),
            f"The content type of {new} has the id {old}'s had, with its permissions.",
        ),
    ]


def state_problems(plan: Mapping[str, Any], facts: Mapping[str, Any]) -> list[str]:
    _old, new = labels(plan)
    problems = []
    if facts.get("model") != new:
        problems.append(f"The patched models have {facts.get('model')!r}, not {new!r}.")
    if facts.get("state") != [str(plan["to_app"])]:
        problems.append(
            f"The migration state has the model in {facts.get('state')!r}, not only in "
            f"{plan['to_app']!r}."
        )
    return problems


def content_type_problems(
    plan: Mapping[str, Any], before: Mapping[str, Any], after: Mapping[str, Any]
) -> list[str]:
    old, new = labels(plan)
    old_app, new_app = old.split(".")[0], str(plan["to_app"])
    was = (before.get("content_types") or {}).get(old_app)
    now = after.get("content_types") or {}
    if was is None:
        return []  # no content type was recorded for it: nothing to keep
    problems = []
    if now.get(new_app) != was:
        problems.append(f"The content type of {new} has the id {now.get(new_app)!r}, not {was}.")
    if old_app in now:
        problems.append(f"A content type for {old} is still there (id {now[old_app]}).")
    kept = [[pk, codename, ct] for pk, codename, ct in before.get("permissions") or []]
    if kept != [list(p) for p in after.get("permissions") or []]:
        problems.append("The permissions of the content type changed.")
    return problems


def marks(
    plan: Mapping[str, Any], before: Observation, now: Observation
) -> dict[str, tuple[int, str]]:
    """Return the model's ids, which its table must not issue again under the new label."""
    old, new = labels(plan)
    if old not in before.high_water_marks:
        return {}
    return {new: (before.high_water_marks[old], old)}


def released(plan: Mapping[str, Any], before: Observation) -> Released:
    """The old label's rows and pairs are read under the new label by ``rows_moved``."""
    old, new = labels(plan)
    return Released(
        models={old: f"{old}'s rows are read as {new} (rows_moved)."},
        m2m={
            label: f"{label}'s pairs are read under {new} (rows_moved)."
            for label in own_m2m(plan, before)
        },
    )
