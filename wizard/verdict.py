"""Whether the wizard can build a plan: the one verdict make_bundle and the web page both give.

Every refusal a bundle can meet before its SQL is previewed comes from here, in this order: the
plan's own rules (``validate_plan``, against the snapshot), the models patch (libcst), the
migrations built by the target's Django (child ``build``), then, on a copy holding both, what
``makemigrations`` would still find and Django's system checks (child ``django_checks``, no
database). ``build_bundle`` goes on from the copy this leaves behind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard import patching
from wizard.childproc import workspace
from wizard.errors import BundleError, PlanError
from wizard.kinds import get_kind
from wizard.plans import Plan, validate_plan
from wizard.snapshot import Snapshot
from wizard.target import Target, inspect_target

if TYPE_CHECKING:
    from wizard.bundle import GeneratedMigration

Progress = Callable[[str], None]


@dataclass(frozen=True)
class CheckedPlan:
    """A plan the wizard can build, with what checking it produced."""

    plan: Plan
    snapshot: Snapshot = field(repr=False)
    sources: dict[str, str] = field(repr=False)  # the models files the patch changes, before
    patched: dict[str, str] = field(repr=False)  # the same files after
    migrations: list[GeneratedMigration]


def check_plan(
    target: Target,
    raw_plan: Mapping[str, Any],
    *,
    snapshot: Snapshot | None = None,
    copy: Path | None = None,
    progress: Progress | None = None,
) -> CheckedPlan:
    """Return ``raw_plan`` checked as make_bundle checks it, or raise its refusal (one line).

    Without ``snapshot`` the target is inspected afresh (as make_bundle does); with ``copy`` the
    migrations and patched models are left in that workspace copy of the target.
    """
    say = progress or (lambda message: None)
    if snapshot is None:
        say("Loading the target's models")
        snapshot = inspect_target(target)
    plan = validate_plan(raw_plan, snapshot)
    kind = get_kind(plan.kind).module
    sources = patching.project_models_sources(snapshot)
    say("Editing the models files")
    patched: dict[str, str] = kind.patch(plan, snapshot, sources)
    if copy is None:
        with workspace(target.root) as scratch:
            migrations = build_and_check(target, plan, snapshot, patched, scratch, say)
    else:
        migrations = build_and_check(target, plan, snapshot, patched, copy, say)
    before = {p: sources[p] for p in patched if p in sources}
    # A file that defines no model yet (an app's empty models.py) exists, or is created.
    others = [p for p in patched if p not in sources and (target.root / p).is_file()]
    before.update(patching.read_sources(target.root, others))
    return CheckedPlan(plan, snapshot, before, patched, migrations)


def build_and_check(
    target: Target,
    plan: Plan,
    snapshot: Snapshot,
    patched: Mapping[str, str],
    copy: Path,
    say: Progress,
) -> list[GeneratedMigration]:
    """Build the migrations in ``copy``, write them and the patched models there, check both."""
    from wizard.bundle import build_migrations, child, write_files

    say("Writing the migrations with the target's Django")
    migrations = build_migrations(target, plan, copy)
    write_files(copy, {m.path: m.source for m in migrations} | dict(patched))
    say("Running Django's checks on the changed project")
    labels = sorted({m.app_label for m in migrations})
    result = child(target, "django_checks", {"app_labels": labels}, copy)
    refuse_unclean(result["pending_changes"], result["check_errors"], snapshot)
    return migrations


def refuse_unclean(
    pending_changes: list[dict[str, str]], check_errors: list[str], snapshot: Snapshot
) -> None:
    """Refuse a change after which makemigrations would not be clean or checks would fail."""
    new = [c for c in pending_changes if c not in snapshot.pending_changes]
    if new:
        described = "; ".join(f"{c['app_label']}: {c['operation']}" for c in new)
        raise BundleError(
            f"After this bundle, makemigrations would still find changes ({described}); "
            "this is a bug in the wizard: please report it with the plan."
        )
    if check_errors:
        raise PlanError(
            f"After this change Django's checks fail ({'; '.join(check_errors)}); "
            f"{' and '.join(check_fixes(check_errors))}."
        )


def check_fixes(check_errors: list[str]) -> list[str]:
    """Return how to fix the failed checks: admin classes are the person's to change."""
    fixes = []
    admin = [error for error in check_errors if error.startswith("admin.")]
    if admin:
        fixes.append(
            "change the admin class each admin message names: take the field out of the option "
            "it quotes (a field with a through model is edited with an inline of that model), "
            "then make the plan again"
        )
    if len(admin) < len(check_errors):
        fixes.append("change the plan so the new model passes them")
    return fixes
