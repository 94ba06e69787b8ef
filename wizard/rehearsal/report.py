"""The rehearsal's result as plain data: steps, checks, captured SQL, events; and its text form."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

STEPS: tuple[tuple[str, str, int], ...] = (
    # name, title, share of the progress bar (percent)
    ("copy", "Copy the target to a temporary workspace", 3),
    ("database", "Create the scratch database", 2),
    ("seed", "Migrate to the current state and fill every model with rows", 30),
    ("fingerprint", "Fingerprint every row and M2M pair", 10),
    ("apply", "Apply the bundle (unzip, patch -p1, migrate)", 20),
    ("check", "Check rows, the plan's promises, inserts, foreign keys, makemigrations", 15),
    ("reverse", "Migrate back to the previous migration and undo the patch", 10),
    ("check_back", "Check rows, schema and inserts after going back", 10),
)
STEP_TITLES = {name: title for name, title, _share in STEPS}


@dataclass
class RehearsalStep:
    name: str
    title: str
    status: str = "pending"  # pending, running, ok, failed, skipped
    seconds: float = 0.0
    detail: str = ""


@dataclass
class Check:
    """One promise the rehearsal verified; ``items`` say precisely what did not hold."""

    name: str
    title: str
    phase: str  # "forward" (after applying the bundle) or "backward" (after going back)
    ok: bool
    detail: str
    items: list[str] = field(default_factory=list)


@dataclass
class Statement:
    sql: str
    params: list[Any] | None = None


@dataclass
class CapturedMigration:
    """The SQL one migration really executed (the first 200 statements; all are counted)."""

    direction: str  # "forward" or "backward"
    app_label: str
    name: str
    seconds: float
    total_statements: int
    statements: list[Statement]
    reads: int = 0  # statements that only read (introspection, savepoints): counted, not listed

    @property
    def label(self) -> str:
        return f"{self.app_label}.{self.name}"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CapturedMigration:
        return cls(
            direction=data["direction"],
            app_label=data["app_label"],
            name=data["name"],
            seconds=float(data["seconds"]),
            total_statements=int(data["total_statements"]),
            statements=[Statement(s["sql"], s.get("params")) for s in data["statements"]],
            reads=int(data.get("reads", 0)),
        )


@dataclass
class Unfilled:
    model: str
    reason: str


@dataclass
class RehearsalReport:
    target: str
    settings: str
    bundle: str
    database: str  # vendor: sqlite, postgresql, mysql
    rows: int
    copy_of_db: bool
    plan: dict[str, Any]
    patch_tool: str = ""
    steps: list[RehearsalStep] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    sql: list[CapturedMigration] = field(default_factory=list)
    seeded: dict[str, int] = field(default_factory=dict)  # rows per model, pairs per M2M field
    unfilled: list[Unfilled] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The lock report's line per migration at the rows seeded here (PostgreSQL, MySQL/MariaDB).
    locks: list[str] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Return whether every check held (and there were checks to hold)."""
        return (
            bool(self.checks)
            and all(check.ok for check in self.checks)
            and not any(step.status == "failed" for step in self.steps)
        )

    @property
    def failed_checks(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]

    def to_json(self) -> dict[str, Any]:
        """Return the whole report as JSON data (what ``rehearse --json`` prints)."""
        data = dataclasses.asdict(self)
        data["ok"] = self.ok
        for captured, entry in zip(self.sql, data["sql"], strict=True):
            entry["label"] = captured.label
        return data

    def summary(self) -> str:
        """Return one sentence: did it hold, and if not, which checks failed."""
        if self.ok:
            return f"The rehearsal passed: all {len(self.checks)} checks held."
        failed = self.failed_checks
        if not failed:
            return "The rehearsal did not finish; see the steps above."
        names = ", ".join(check.name for check in failed)
        return (
            f"The rehearsal failed: {len(failed)} of {len(self.checks)} checks did not hold "
            f"({names}); do not apply this bundle as it is."
        )


def render_text(report: RehearsalReport, *, sql: bool = True) -> str:
    """Return the checks table, the seeding summary, notes and (optionally) the captured SQL."""
    lines = ["", "Seeded rows"]
    lines += [f"  {label}: {count}" for label, count in report.seeded.items()] or ["  (none)"]
    if report.unfilled:
        lines.append("Could not fill")
        lines += [f"  {item.model}: {item.reason}" for item in report.unfilled]
    lines += ["", "Checks"]
    width = max((len(check.name) for check in report.checks), default=0)
    for check in report.checks:
        status = "ok  " if check.ok else "FAIL"
        lines.append(f"  {status}  {check.name.ljust(width)}  {check.detail}")
        lines += [f"          {' ' * width}  - {item}" for item in check.items]
    if report.locks:
        lines += ["", "Locks at these row counts"]
        lines += [f"  {line}" for line in report.locks]
    if report.notes:
        lines += ["", "Notes"]
        lines += [f"  - {note}" for note in report.notes]
    if sql and report.sql:
        lines += ["", "Captured SQL"]
        for captured in report.sql:
            lines += captured_lines(captured)
    lines += ["", report.summary()]
    return "\n".join(lines) + "\n"


def captured_lines(captured: CapturedMigration) -> list[str]:
    reads = f", {captured.reads} of them reads not shown" if captured.reads else ""
    lines = [
        f"-- {captured.direction} {captured.label} ({captured.seconds:.3f} s, "
        f"{captured.total_statements} statements{reads})"
    ]
    for statement in captured.statements:
        text = statement.sql.rstrip().rstrip(";") + ";"
        if statement.params:
            text += f"  -- params {statement.params!r}"
        lines.append(text)
    hidden = captured.total_statements - captured.reads - len(captured.statements)
    if hidden > 0:
        lines.append(f"-- … and {hidden} more statements")
    return lines
