"""Plans: what a person chose, as plain data, with one validation used by forms, CLI and engine.

Each kind lives in its own module (``wizard.plans.<kind>``, registered in ``wizard.kinds``) that
provides:

- ``validate(raw: Mapping[str, Any], snapshot: Snapshot) -> Plan``: raise PlanError (one line);
- ``candidates(snapshot) -> list``: what the web picker offers (the plan refuses anything else);
- a ``Plan`` dataclass with ``kind``, ``to_json() -> dict`` (loadable again) and ``slug``;
- ``patch(plan, snapshot, sources) -> {path: new_source}``: the models files after the refactor
  (``sources`` maps the target-relative paths of its models files to their text);
- ``explain(plan, snapshot) -> Explanation``: the words of the bundle's README and the web preview.

See docs/ENGINE.md for the whole pipeline.
"""

from __future__ import annotations

import json
import keyword
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from wizard.errors import PlanError
from wizard.snapshot import Snapshot


class Plan(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def slug(self) -> str: ...

    def to_json(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Explanation:
    """What a bundle does, in plain words (README.md and the web preview)."""

    title: str
    summary: str
    # vendor ("sqlite", "postgresql", "mysql") -> what is particular to that database.
    database_notes: dict[str, str] = field(default_factory=dict)
    # Steps to apply, then steps to go back; each is a sentence or a shell command.
    apply_steps: list[str] = field(default_factory=list)
    rollback_steps: list[str] = field(default_factory=list)


def read_plan_file(path: str | Path) -> dict[str, Any]:
    """Return the JSON object stored in ``path``, or raise PlanError."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise PlanError(f"Cannot read the plan file {str(path)!r}: {exc.strerror}.") from None
    return parse_plan_json(text, source=str(path))


def parse_plan_json(text: str, *, source: str = "the plan") -> dict[str, Any]:
    """Return the plan object in ``text``, or raise PlanError naming where JSON broke."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanError(
            f"{source!r} is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})."
        ) from None
    if not isinstance(raw, dict):
        raise PlanError(
            f"{source!r} must hold a JSON object with a 'kind', not {type(raw).__name__}."
        )
    return raw


def validate_plan(raw: Mapping[str, Any], snapshot: Snapshot) -> Plan:
    """Return the validated plan of ``raw`` for the target ``snapshot`` describes."""
    from wizard.kinds import kind_of

    plan: Plan = kind_of(raw).module.validate(raw, snapshot)
    return plan


def online_flag(raw: Mapping[str, Any]) -> bool:
    """Return the plan's ``online`` option (default false), or raise PlanError.

    Online bundles take only short locks on PostgreSQL and MySQL/MariaDB: each migration runs as
    one short transaction that stops waiting for a lock after a moment and tries again (a bounded
    number of times), big copies go in primary-key batches, and foreign keys are validated apart.
    """
    value = raw.get("online", False)
    if not isinstance(value, bool):
        raise PlanError(f"'online' must be true or false, not {value!r}.")
    return value


def with_online(data: dict[str, Any], online: bool) -> dict[str, Any]:
    """Return a plan's JSON with ``"online": true`` added when it is set (absent means false)."""
    if online:
        data["online"] = True
    return data


ONLINE_NOTES = {
    "sqlite": " Online mode changes nothing on SQLite, which lets one writer at a time.",
    "postgresql": (
        " Online: each migration is one short transaction that waits at most 500 ms for a lock "
        "(`SET LOCAL lock_timeout`) and tries again, up to 8 times with growing pauses; then "
        "`migrate` stops, saying where, with nothing of that migration applied, and running it "
        "again resumes. A foreign key it adds is added `NOT VALID`."
    ),
    "mysql": (
        " Online: each statement waits at most 1 s for its metadata lock (`lock_wait_timeout`) "
        "and is tried again, up to 8 times; every ALTER TABLE states `ALGORITHM=INSTANT` (or "
        "`INPLACE, LOCK=NONE`), so the server refuses to copy a table instead of doing it "
        "silently. Going back is not online."
    ),
}


def online_notes(notes: dict[str, str], online: bool) -> dict[str, str]:
    """Return a kind's database notes with what online mode adds (when the plan is online)."""
    if not online:
        return notes
    return {vendor: notes.get(vendor, "") + ONLINE_NOTES[vendor] for vendor in ONLINE_NOTES}


def new_model_name(
    value: object, app_label: str, snapshot: Snapshot, *, role: str, example: str
) -> str:
    """Return ``value`` if it can name a new model class of ``app_label``, else raise PlanError.

    ``role`` names the value in messages ("through model name"), ``example`` is a good name.
    """
    if not isinstance(value, str) or not value.isidentifier():
        raise PlanError(
            f"The {role} {value!r} is not a valid Python identifier; use a class name such as "
            f"{example!r}."
        )
    if keyword.iskeyword(value):
        raise PlanError(
            f"The {role} {value!r} is a Python keyword; use a class name such as {example!r}."
        )
    for other in snapshot.models_of(app_label):
        if other.name.lower() == value.lower():
            raise PlanError(
                f"App {app_label!r} already has a model named {other.name!r}; choose another "
                f"{role}."
            )
    return value


def existing_tables(snapshot: Snapshot) -> set[str]:
    """Return the lower-cased tables of every model and M2M field of the target."""
    tables = {m.table.lower() for m in snapshot.models}
    tables |= {m2m.table.lower() for model in snapshot.models for m2m in model.m2m}
    return tables


def apply_steps(app_label: str, *, before: str = "") -> list[str]:
    """Return how a person applies a bundle to the app (``before``: a caution for step 1)."""
    return [
        f"Back up the database and commit or stash your own changes{before}.",
        "At the project's root (the folder with manage.py): `unzip -n BUNDLE.zip` "
        "(-n keeps your own files, such as a README.md, untouched).",
        "`patch -p1 < models.patch` (or `git apply models.patch`).",
        f"`python manage.py migrate {app_label}`.",
        "`python manage.py makemigrations --check` reports no changes.",
    ]
