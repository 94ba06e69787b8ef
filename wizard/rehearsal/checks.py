"""Turn what the child observed before, after the bundle and after going back into checks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wizard.kinds import kind_of
from wizard.rehearsal.fingerprint import (
    Fingerprint,
    appeared_rows,
    compare_pairs,
    compare_rows,
)
from wizard.rehearsal.promises import check, plan_checks
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
    check_errors: list[str]
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
            check_errors=list(data.get("check_errors", [])),
            state=data["state"],
            plan=data.get("plan") or {},
            inserts=data.get("inserts") or {},
        )


def new_items(before: list[str], after: list[str]) -> list[str]:
    return [item for item in after if item not in before]


# -- after the bundle -------------------------------------------------------------------------


def forward_checks(
    plan: Mapping[str, Any], before: Observation, after: Observation
) -> tuple[list[Check], list[str]]:
    """Return the checks after applying the bundle, and notes that do not fail it."""
    old, new = before.fingerprint, after.fingerprint
    released = kind_of(plan).promises_module.released(plan, before)
    kept = {label: table for label, table in old.models.items() if label not in released.models}
    checks = [
        check(
            "rows_kept",
            "Every row keeps its pk and values, read through the new models",
            "forward",
            compare_rows(
                old, new, released=set(released.models), rewritten=set(released.rewritten)
            ),
            " ".join(
                [
                    f"{sum(len(t.rows) for t in kept.values())} rows in {len(kept)} models read "
                    "back unchanged.",
                    *released.models.values(),
                    *released.rewritten.values(),
                ]
            ),
        ),
        check(
            "pairs_kept",
            "Every M2M pair is still there, with its through-row id",
            "forward",
            compare_pairs(old, new, released=set(released.m2m)),
            " ".join(
                [
                    f"{old.pair_count()} pairs in {len(old.m2m)} M2M fields read back unchanged."
                    if not released.m2m
                    else f"The pairs of {len(old.m2m) - len(released.m2m)} other M2M fields read "
                    "back unchanged.",
                    *released.m2m.values(),
                ]
            ),
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
            "The database matches the models (columns, types, NULL, foreign keys, indexes, "
            "constraints)",
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
        check(
            "django_checks",
            "Django's system checks find nothing new (manage.py migrate runs them first)",
            "forward",
            new_items(before.check_errors, after.check_errors),
            "No system-check error that the project did not already have.",
        ),
    ]
    notes += appeared_rows(old, new, released=set(released.models))
    notes += [
        f"Already missing from the target's migrations before the bundle: {change}."
        for change in before.pending_changes
    ]
    return checks, notes


# -- inserts ----------------------------------------------------------------------------------


def inserts(
    plan: Mapping[str, Any], before: Observation, now: Observation, phase: str
) -> tuple[Check, list[str]]:
    """Return the insert check and notes: every model and M2M field took a new row."""
    problems, notes = [], []
    # Ids a bundle must not issue again: the new_parent child's own, and for m2m_through the old
    # auto-created table's (its rows become the through model's).
    promised = kind_of(plan).promises_module.marks(plan, before, now) if phase == "forward" else {}
    # What already failed before the bundle is the project's own (a save() that needs more than
    # the rehearsal knows to give it): a note, not a failure of the bundle.
    failed_before = {
        entry.get("model") or entry.get("field"): entry["error"]
        for entry in [*before.inserts.get("rows", []), *before.inserts.get("pairs", [])]
        if entry.get("error") and not entry.get("skipped")
    }
    for entry in now.inserts.get("rows", []):
        model, pk, error = entry["model"], entry.get("pk"), entry.get("error")
        if entry.get("skipped"):
            notes.append(f"No new {model} row was tried: {error}.")
        elif error and model in failed_before:
            notes.append(
                f"A new {model} row failed to insert before the bundle too, so the bundle is "
                f"not why: {error}."
            )
        elif error:
            problems.append(f"{model}: {error}")
        elif isinstance(pk, int):
            own = (before.high_water_marks.get(model), model)
            mark, source = promised.get(model) or own
            if mark is not None and pk <= mark:
                sentence = (
                    f"{model}: the new row got id {pk}, but {source} had issued ids up to {mark} "
                    "before the bundle, so ids of deleted rows are issued again"
                )
                (problems if model in promised else notes).append(sentence + ".")
    for entry in now.inserts.get("pairs", []):
        if entry.get("skipped"):
            notes.append(f"No new {entry['field']} pair was tried: {entry['error']}.")
        elif entry.get("error") and entry["field"] in failed_before:
            notes.append(
                f"A new {entry['field']} pair failed to insert before the bundle too, so the "
                f"bundle is not why: {entry['error']}."
            )
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


# -- after going back -------------------------------------------------------------------------


def backward_checks(
    plan: Mapping[str, Any], before: Observation, back: Observation
) -> tuple[list[Check], list[str]]:
    """Return the checks after migrating back and undoing the patch."""
    old, new = before.fingerprint, back.fingerprint
    insert_check, notes = inserts(plan, before, back, "backward")
    accepted = kind_of(plan).promises_module.released(plan, before).not_restored
    checks = [
        check(
            "rows_restored",
            "Every row and pair is back as it was",
            "backward",
            compare_rows(old, new, restored=True, released=set(accepted))
            + compare_pairs(old, new, released=set(accepted)),
            " ".join(
                [
                    f"{old.row_count()} rows and {old.pair_count()} pairs are exactly as before."
                    if not accepted
                    else "Every other row and pair is exactly as before.",
                    *(sentence for sentence in accepted.values() if sentence),
                ]
            ),
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
    notes += appeared_rows(old, new, released=set(accepted))
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
