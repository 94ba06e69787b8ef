"""Rehearse a bundle: a copy of the target, a scratch database with rows, the bundle, the checks.

``rehearse()`` runs the steps of ``report.STEPS`` in order, tells ``on_event`` as each starts and
finishes, and returns a RehearsalReport. A bundle that breaks something (a patch that does not
apply, a migration that fails, a model that no longer imports) gives failed checks, not an
exception; WizardError is raised only when the rehearsal itself cannot run (unreadable bundle,
target that does not load, database server that does not answer).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wizard.bundle import BundleContents, read_bundle
from wizard.bundle.apply import patch_tool
from wizard.childproc import run_child, workspace
from wizard.errors import DatabaseServerError, RehearsalError, TargetError
from wizard.kinds import kind_of
from wizard.rehearsal import checks as checking
from wizard.rehearsal.applying import (
    Applied,
    apply_models_patch,
    fuzz_notes,
    undo,
    write_entries,
)
from wizard.rehearsal.checks import Observation
from wizard.rehearsal.database import database_label, scratch_for
from wizard.rehearsal.locks import rehearsal_locks
from wizard.rehearsal.progress import OnEvent, Progress
from wizard.rehearsal.promises import check
from wizard.rehearsal.report import (
    CapturedMigration,
    Check,
    RehearsalReport,
    RehearsalStep,
    Unfilled,
)
from wizard.rehearsal.writer import not_run, while_writing, writer_check, writer_payload
from wizard.target import Target

DEFAULT_ROWS = 300
MAX_ROWS = 1_000_000
LOOP_STATEMENTS = 200  # a migration running more statements than this per 100 rows loops per row


def rehearse(
    target: Target,
    bundle: bytes | str | Path | BundleContents,
    *,
    database: str = "sqlite",
    rows: int = DEFAULT_ROWS,
    copy_of_db: bool = False,
    on_event: OnEvent | None = None,
    timeout: float | None = None,
) -> RehearsalReport:
    """Apply ``bundle`` to a scratch copy of ``target`` holding data; return what held.

    ``database``: "sqlite", "postgresql", "mysql" or a server URL; ``rows`` per model;
    ``copy_of_db`` starts from a copy of the target's own SQLite database instead of synthetic
    rows; ``on_event`` receives progress events (dicts) as they happen.
    """
    check_options(database, rows, copy_of_db)
    contents = bundle if isinstance(bundle, BundleContents) else read_bundle(bundle)
    kind_of(contents.plan)  # a plan.json of a kind this wizard does not know: said at once
    name = "the bundle" if isinstance(bundle, (bytes, BundleContents)) else str(bundle)
    report = RehearsalReport(
        target=str(target.root),
        settings=target.settings,
        bundle=name,
        database=database_label(database),
        rows=0 if copy_of_db else rows,
        copy_of_db=copy_of_db,
        plan=dict(contents.plan),
    )
    if timeout is None:
        timeout = target.timeout
    Rehearsal(target, contents, report, Progress(report, on_event), database, timeout).run()
    return report


def check_options(database: str, rows: int, copy_of_db: bool) -> None:
    if not 1 <= rows <= MAX_ROWS:
        raise RehearsalError(f"--rows must be between 1 and {MAX_ROWS:,}, not {rows!r}.")
    if copy_of_db and database != "sqlite":
        raise RehearsalError(
            f"--copy-of-db starts from the target's own SQLite file, so it cannot run on "
            f"--database {database!r}; drop one of the two options."
        )


class Rehearsal:
    def __init__(
        self,
        target: Target,
        contents: BundleContents,
        report: RehearsalReport,
        progress: Progress,
        database_spec: str,
        timeout: float | None,
    ) -> None:
        self.target = target
        self.database_spec = database_spec
        self.contents = contents
        self.report = report
        self.progress = progress
        self.timeout = timeout
        self.payload: dict[str, Any] = {"settings": target.settings}
        self.copy = Path()
        self.new_nodes: list[list[str]] = []

    def child(
        self,
        command: str,
        on_progress: Callable[[dict[str, Any]], None] | None = None,
        **extra: Any,
    ) -> Any:
        return run_child(
            self.target.python,
            command,
            {**self.payload, **extra},
            cwd=self.copy,
            timeout=self.timeout,
            on_progress=on_progress,
        )

    def run(self) -> None:
        with contextlib.ExitStack() as stack:
            with self.progress.step("copy"):
                tool = patch_tool()
                self.report.patch_tool = tool.name
                self.copy = stack.enter_context(
                    workspace(self.target.root, include_databases=self.report.copy_of_db)
                )
            with self.progress.step("database") as step:
                entry = stack.enter_context(scratch_for(self, step))
                self.payload["databases"] = {"default": entry}
            with self.progress.step("seed") as step:
                self.seed(step)
            with self.progress.step("fingerprint") as step:
                before = Observation.from_json(
                    self.child(
                        "fingerprint",
                        inserts=True,
                        plan=self.contents.plan,
                        facts=kind_of(self.contents.plan).facts,
                    )
                )
                fp = before.fingerprint
                step.detail = f"{fp.row_count()} rows, {fp.pair_count()} pairs"
                self.add_locks(before)
            self.forward_and_back(before)
        self.progress.finish()

    def add_locks(self, before: Observation) -> None:
        """Keep the lock report at the rows this rehearsal holds (PostgreSQL, MySQL/MariaDB)."""
        entry = self.payload["databases"]["default"]
        try:
            self.report.locks = rehearsal_locks(
                self.contents, self.report.database, entry, before.schema
            )
        except DatabaseServerError as exc:
            self.report.notes.append(f"No lock report at the rehearsal's row counts: {exc}")

    def seed(self, step: RehearsalStep) -> None:
        result = self.child(
            "seed",
            rows=self.report.rows,
            fill=not self.report.copy_of_db,
            on_progress=self.progress.seeding,
        )
        self.report.seeded = {**result["rows"], **result["pairs"]}
        self.report.unfilled = [Unfilled(u["model"], u["reason"]) for u in result["unfilled"]]
        if result.get("outside"):
            self.report.notes.append(
                "Also filled, because the target's foreign keys need rows of them: "
                + ", ".join(result["outside"])
                + "."
            )
        self.report.notes += [
            f"{item.model} could not be filled: {item.reason}." for item in self.report.unfilled
        ]
        step.detail = f"migrated in {result['migrate_seconds']:.2f} s"

    def forward_and_back(self, before: Observation) -> None:
        applied = Applied()
        with self.progress.step("apply") as step:
            if not self.apply(applied, before, step):
                step.status = "failed"
                return
        with self.progress.step("check") as step:
            after = self.observe("forward", step)
            if after is not None:
                found, notes = checking.forward_checks(self.contents.plan, before, after)
                self.add_checks(found, notes, step)
        with self.progress.step("reverse") as step:
            if not self.reverse(applied, before, step):
                step.status = "failed"
                return
        with self.progress.step("check_back") as step:
            back = self.observe("backward", step)
            if back is not None:
                found, notes = checking.backward_checks(self.contents.plan, before, back)
                self.add_checks(found, notes, step)

    def add_checks(self, found: list[Check], notes: list[str], step: RehearsalStep) -> None:
        self.report.checks += found
        # A note that holds after going back as it did after the bundle is said once.
        self.report.notes += [note for note in notes if note not in self.report.notes]
        held = sum(check.ok for check in found)
        step.detail = f"{held} of {len(found)} checks held"
        if held < len(found):
            step.status = "failed"

    # -- forward ----------------------------------------------------------------------------

    def apply(self, applied: Applied, before: Observation, step: RehearsalStep) -> bool:
        tool = patch_tool()
        problems = write_entries(self.copy, self.contents, applied)
        if not problems:
            problems = apply_models_patch(self.copy, self.contents.patch, tool, applied)
        self.report.notes += fuzz_notes(applied.patch_output)
        if problems:
            self.fail("bundle_applies", "forward", problems)
            return False
        writer = writer_payload(self.contents.plan, self.report.database)
        outcome = self.migrate(None, writer=writer)
        if outcome is None:
            return False
        new = [n for n in outcome["state"]["applied"] if n not in before.state["applied"]]
        self.new_nodes = new
        self.report.checks.append(
            Check(
                "bundle_applies",
                "The bundle applies as a person would apply it (unzip, patch -p1, migrate)",
                "forward",
                True,
                f"models.patch applied with {tool.name}; migrated "
                + (", ".join(".".join(n) for n in new) or "nothing new")
                + ".",
            )
        )
        step.detail = f"{len(new)} migrations applied"
        self.writer_promise(outcome)
        self.loop_notes()
        return True

    def writer_promise(self, outcome: dict[str, Any]) -> None:
        """Add the check of the writer that ran beside migrate, or the line saying why none did."""
        if "writer" in outcome:
            # A plan that hands a through model back drops the fields it accepts to lose and
            # renames the keys to Django's own names: a column may go; the row may not.
            loose = "drop_fields" in self.contents.plan
            found, notes = writer_check(outcome["writer"], columns_may_go=loose)
            self.report.checks.append(found)
            self.report.notes += notes
        elif (line := not_run(self.contents.plan, self.report.database)) is not None:
            self.report.checks.append(line)

    def migrate(
        self, targets: list[list[str]] | None, writer: dict[str, Any] | None = None
    ) -> dict[str, Any] | None:
        """Run migrate in the child, keep its SQL; on failure add a failed check, return None.

        ``writer``: the payload of a writer that keeps writing while migrate runs.
        """
        name = "bundle_applies" if targets is None else "migrates_back"
        phase = "forward" if targets is None else "backward"
        try:
            outcome: dict[str, Any] = self.child("migrate", targets=targets, writer=writer)
        except TargetError as exc:
            self.fail(name, phase, [f"The target no longer loads: {exc}"])
            return None
        self.report.sql += [CapturedMigration.from_json(m) for m in outcome["migrations"]]
        error = outcome.get("error")
        if error:
            where = (
                f"Migration {error['migration']} failed" if error["migration"] else "migrate failed"
            )
            beside = while_writing(outcome["writer"]) if "writer" in outcome else ""
            self.fail(name, phase, [f"{where}: {error['message']}{beside}"])
            return None
        return outcome

    def fail(self, name: str, phase: str, problems: list[str]) -> None:
        titles = {
            "bundle_applies": "The bundle applies as a person would apply it "
            "(unzip, patch -p1, migrate)",
            "migrates_back": "Migrating back to the previous migration and undoing the patch work",
            "checks_run": "The checks run in the target after the bundle",
            "checks_back_run": "The checks run in the target after going back",
        }
        self.report.checks.append(check(name, titles.get(name, name), phase, problems, ""))

    def observe(self, phase: str, step: RehearsalStep) -> Observation | None:
        try:
            if phase == "forward":
                facts = kind_of(self.contents.plan).facts
                observed = self.child("checks", plan=self.contents.plan, facts=facts)
            else:
                observed = self.child("checks", plan={})
            return Observation.from_json(observed)
        except TargetError as exc:
            name = "checks_run" if phase == "forward" else "checks_back_run"
            self.fail(name, phase, [f"The checks could not run in the target: {exc}"])
            step.status = "failed"
            return None

    def loop_notes(self) -> None:
        most = max(self.report.seeded.values(), default=0)
        for captured in self.report.sql:
            loops = captured.total_statements > LOOP_STATEMENTS * most / 100
            if captured.direction == "forward" and most >= 100 and loops:
                self.report.notes.append(
                    f"{captured.label} executed {captured.total_statements} statements for "
                    f"tables of about {most} rows: it works row by row, which takes hours on "
                    "a big table; set-based SQL (one INSERT … SELECT) does not."
                )

    # -- backward ---------------------------------------------------------------------------

    def reverse(self, applied: Applied, before: Observation, step: RehearsalStep) -> bool:
        targets = self.reverse_targets(before)
        if targets is None:
            return False
        if self.migrate(targets) is None:
            return False
        problems = undo(self.copy, self.target.root, self.contents.patch, patch_tool(), applied)
        targets_text = ", ".join(f"{app}.{name}" for app, name in targets)
        if problems:
            self.fail("migrates_back", "backward", problems)
            return False
        self.report.checks.append(
            Check(
                "migrates_back",
                "Migrating back to the previous migration and undoing the patch work",
                "backward",
                True,
                f"Migrated back to {targets_text}; the patch reversed to the original bytes.",
            )
        )
        step.detail = f"back to {targets_text}"
        return True

    def reverse_targets(self, before: Observation) -> list[list[str]] | None:
        """Return ``[[app, migration]]`` that undo exactly the bundle's migrations."""
        apps = sorted({app for app, _name in self.new_nodes})
        targets = []
        for app in apps:
            leaves = before.state["leaves"].get(app, [])
            if len(leaves) > 1:
                self.fail(
                    "migrates_back",
                    "backward",
                    [f"App {app!r} had several latest migrations ({', '.join(leaves)})."],
                )
                return None
            targets.append([app, leaves[0] if leaves else "zero"])
        return targets
