"""What plain ``makemigrations`` would do for the same change, to show beside the bundle.

The bundle's models.patch is applied to a temporary copy of the target (without the bundle's
migrations), and the child ``naive`` runs the target's own ``makemigrations`` there: its output or
where it stops, what it writes when its prompts are answered the quick way, which operations lose
data, and what ``sqlmigrate`` says. Nothing is written into the target.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from wizard.bundle import apply_patch
from wizard.childproc import run_child, workspace
from wizard.scratch import scratch_database
from wizard.target import Target


@dataclass(frozen=True)
class NaiveRun:
    command: str
    output: str
    exit_code: int
    stopped: bool


@dataclass(frozen=True)
class NaiveOperation:
    kind: str
    description: str
    destructive: bool
    why: str


@dataclass(frozen=True)
class NaiveMigration:
    app_label: str
    name: str
    path: str
    source: str
    operations: list[NaiveOperation]
    sql: str
    sql_error: str


@dataclass(frozen=True)
class NaiveResult:
    """The dry run, the answered run (when the dry run stopped) and what was written."""

    dry_run: NaiveRun
    answered: NaiveRun | None
    migrations: list[NaiveMigration] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NaiveResult:
        answered = data.get("answered")
        return cls(
            dry_run=NaiveRun(**data["dry_run"]),
            answered=NaiveRun(**answered) if answered else None,
            migrations=[
                NaiveMigration(
                    **{**m, "operations": [NaiveOperation(**op) for op in m["operations"]]}
                )
                for m in data["migrations"]
            ],
        )

    @property
    def destructive(self) -> list[NaiveOperation]:
        return [op for m in self.migrations for op in m.operations if op.destructive]

    @property
    def errors(self) -> list[str]:
        """Return what stops the naive route: makemigrations refusing, sqlmigrate failing."""
        found = [m.sql_error for m in self.migrations if m.sql_error]
        if self.dry_run.stopped and not self.migrations:
            found.insert(0, last_line(self.dry_run.output))
        return found


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def naive_makemigrations(
    target: Target, patch: str, app_labels: Iterable[str], *, timeout: float | None = None
) -> NaiveResult:
    """Return what the target's makemigrations does once ``patch`` is applied to its models."""
    with workspace(target.root) as copy, scratch_database("sqlite", purpose="naive") as entry:
        apply_patch(copy, patch)
        data = run_child(
            target.python,
            "naive",
            {
                "settings": target.settings,
                "databases": {"default": entry},
                "apps": sorted(set(app_labels)),
            },
            cwd=copy,
            timeout=timeout,
        )
    return NaiveResult.from_json(data)
