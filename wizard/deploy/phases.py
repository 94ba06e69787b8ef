"""When each migration of a bundle runs, relative to deploying the patched code.

django-safemigrate's words: a migration is safe *before* the deploy when the old code keeps
working after it, safe *after* it when the new code works before it, and *always* when it
changes no table. The bundle's migrations say nothing of it themselves (they import only Django);
the order is read from their SQL, and the README says it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from wizard.locks.model import LockReport, StatementLocks

BEFORE = "before"
ALWAYS = "always"
SWITCH = "switch"  # with the old code stopped, right before the new code starts
CHECKS_ONLY = "it only checks rows"
AFTER = "after"  # once the new code runs: it only checks or adds what neither code needs
# Statement shapes after which the old code still works: a new table, an index, a read.
HARMLESS = frozenset(
    {
        "create table",
        "create index",
        "create index concurrently",
        "select",
        "session setting",
        "session statement",
        # An online bundle's mirror and batched copy: the old code's writes are mirrored.
        "create trigger",
        "drop trigger",
        "create or drop function",
        "insert … select, in batches",
        "validate constraint",
    }
)
# What a statement shape does that the old code cannot follow, in words.
CHANGES = {
    "rename table": "renames {table}",
    "rename column": "renames a column of {table}",
    "drop column": "drops a column of {table}",
    "alter column type": "changes a column of {table}",
    "modify column": "changes a column of {table}",
    "add column": "adds a NOT NULL column to {table}, which the old code's inserts do not fill",
    "drop table": "drops {table}",
}
SAFEMIGRATE = {
    BEFORE: "Safe.before_deploy()",
    ALWAYS: "Safe.always()",
    SWITCH: "Safe.after_deploy()",
    AFTER: "Safe.after_deploy()",
}


@dataclass(frozen=True)
class Phase:
    app_label: str
    name: str
    phase: str  # BEFORE, ALWAYS or SWITCH
    why: str

    @property
    def label(self) -> str:
        return f"{self.app_label}.{self.name}"


def deploy_phases(report: LockReport) -> list[Phase]:
    """Return each migration's phase, in the bundle's order; [] when no server previewed it."""
    order: list[tuple[str, str]] = []
    for migration in report.migrations:
        if (migration.app_label, migration.name) not in order:
            order.append((migration.app_label, migration.name))
    phases: list[Phase] = []
    switched = False
    for app_label, name in order:
        statements = [s for m in report.for_migration(app_label, name) for s in m.statements]
        phase, why = _phase(statements)
        if switched and phase == BEFORE and why.startswith(CHECKS_ONLY):
            phase, why = AFTER, f"{why}, so it can wait for the new code"
        elif switched and phase != ALWAYS:
            phase, why = SWITCH, "it follows a migration that runs at the switch"
        switched = switched or phase == SWITCH
        phases.append(Phase(app_label, name, phase, why))
    return phases


def _phase(statements: Iterable[StatementLocks]) -> tuple[str, str]:
    changing = [s for s in statements if not _harmless(s)]
    if not any(s.shape not in ("session setting", "session statement") for s in statements):
        return ALWAYS, "it changes no table, only Django's record of the models"
    if not changing:
        if any(s.shape == "create trigger" for s in statements):
            return BEFORE, (
                "it copies rows into a table the old code never reads, and a trigger copies "
                "the old code's writes too"
            )
        if any(s.shape == "validate constraint" for s in statements):
            return BEFORE, f"{CHECKS_ONLY}, while reads and writes go on"
        return BEFORE, "it only adds what the old code never reads"
    first = next((s for s in changing if s.shape == "insert … select"), changing[0])
    if first.shape == "insert … select":
        return SWITCH, (
            "it copies rows that the next migration relies on: rows the old code writes after "
            "it would be missing"
        )
    table = first.locks[0].table if first.locks else "a table"
    verb = CHANGES.get(first.shape, "changes {table} ({shape})")
    change = verb.format(table=table, shape=first.shape)
    return SWITCH, f"the old code cannot follow it: it {change}"


def _harmless(statement: StatementLocks) -> bool:
    if statement.shape in HARMLESS:
        return True
    # A nullable new column: the old code neither reads nor has to fill it.
    return statement.shape == "add column" and not re.search(
        r"\bNOT NULL\b", statement.sql, re.IGNORECASE
    )
