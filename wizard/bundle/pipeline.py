"""Turn a plan into a bundle: migrations, models.patch, SQL per database, schema diff, README.

The pipeline (docs/ENGINE.md): ``wizard.verdict.check_plan`` (snapshot → validated plan → models
patch → migrations built by the target's own Django → both written into a temporary copy →
Django's checks there) → per-database preview of that copy (child ``preview``, databases in
parallel) → README, zip. Nothing is written into the target.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from wizard import patching
from wizard.bundle.archive import bundle_files
from wizard.bundle.diagram import schema_diagram
from wizard.bundle.model import (
    VENDOR_NAMES,
    Bundle,
    GeneratedMigration,
    MigrationSQL,
    OperationNote,
    VendorPreview,
)
from wizard.bundle.readme import render_readme
from wizard.childproc import run_child, workspace
from wizard.errors import BundleError, DatabaseServerError
from wizard.kinds import get_kind
from wizard.locks import lock_report
from wizard.plans import Explanation, Plan
from wizard.scratch import VENDORS, scratch_database
from wizard.target import Target
from wizard.verdict import check_plan

Progress = Callable[[str], None]
# What make_bundle and the web wizard preview on unless told otherwise.
PREVIEW_VENDORS: tuple[str, ...] = VENDORS


def build_bundle(
    target: Target,
    raw_plan: Mapping[str, Any],
    *,
    vendors: Sequence[str] = PREVIEW_VENDORS,
    progress: Progress | None = None,
    row_counts: Mapping[str, int] | None = None,
    rows_from: str = "",
) -> Bundle:
    """Return the bundle of ``raw_plan`` for ``target``, or raise a WizardError (one line).

    ``row_counts`` (``{table: rows}``, from ``rows_from``: a sentence naming the database) sets
    the lock report's estimates; without them they are per million rows.
    """
    say = progress or (lambda message: None)
    with workspace(target.root) as copy:
        checked = check_plan(target, raw_plan, copy=copy, progress=say)
        plan, snapshot, migrations = checked.plan, checked.snapshot, checked.migrations
        previews = preview_all(target, copy, migrations, vendors, say)
    check_previews(previews)
    explanation: Explanation = get_kind(plan.kind).module.explain(plan, snapshot)
    patch_text = patching.unified_diff(checked.sources, checked.patched)
    diff = schema_diff(previews)
    say("Drawing the tables before and after")
    diagram = schema_diagram(previews)
    locks = lock_report(previews, row_counts, rows_from)
    readme = render_readme(plan, snapshot, explanation, migrations, previews, diagram, locks=locks)
    files = bundle_files(plan, readme, patch_text, migrations, previews, diff)
    if diagram.svg:
        files["schema.svg"] = diagram.svg.encode("utf-8")
    return Bundle(
        plan,
        snapshot,
        explanation,
        migrations,
        patch_text,
        previews,
        diff,
        readme,
        dict(sorted(files.items())),
        schema_svg=diagram.svg,
        schema_description=diagram.description,
        schema_svg_wide=diagram.wide_svg,
        locks=locks,
    )


def preview_vendors(values: Sequence[str]) -> tuple[str, ...]:
    """Return the vendors that ``--database`` values name (each repeated or comma-separated), in
    the order of VENDORS; all of them when there are none."""
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in VENDORS]
    if unknown:
        raise BundleError(
            f"--database {unknown[0]!r} is not a database the wizard previews on; use sqlite, "
            "postgresql or mysql, repeated or separated by commas."
        )
    return tuple(vendor for vendor in VENDORS if vendor in names) or PREVIEW_VENDORS


def child(target: Target, command: str, payload: dict[str, Any], cwd: Path) -> Any:
    """Run a child command of the target (a PlanError there arrives as one, as structured data)."""
    return run_child(
        target.python,
        command,
        {"settings": target.settings, **payload},
        cwd=cwd,
        timeout=getattr(target, "timeout", None),
    )


def build_migrations(target: Target, plan: Plan, copy: Path) -> list[GeneratedMigration]:
    payload = {"plan": plan.to_json(), **get_kind(plan.kind).child_payload()}
    result = child(target, "build", payload, copy)
    return [
        GeneratedMigration(
            m["app_label"],
            m["name"],
            m["path"],
            m["source"],
            tuple(OperationNote(**note) for note in m["operations"]),
        )
        for m in result["migrations"]
    ]


def preview_all(
    target: Target,
    copy: Path,
    migrations: list[GeneratedMigration],
    vendors: Sequence[str],
    say: Progress,
) -> list[VendorPreview]:
    """Preview on every vendor at once (each in its own process and scratch database)."""
    payload = {"migrations": [{"app_label": m.app_label, "name": m.name} for m in migrations]}

    def one(vendor: str) -> VendorPreview:
        say(f"Previewing on {VENDOR_NAMES.get(vendor, vendor)}")
        return preview(target, copy, vendor, payload)

    with ThreadPoolExecutor(max_workers=max(1, len(vendors))) as pool:
        return list(pool.map(one, vendors))


def preview(target: Target, copy: Path, vendor: str, payload: dict[str, Any]) -> VendorPreview:
    try:
        with scratch_database(vendor, purpose="preview") as entry:
            result = child(target, "preview", {"databases": {"default": entry}, **payload}, copy)
    except DatabaseServerError as exc:
        return VendorPreview(vendor, False, reason=str(exc))
    if not result["available"]:
        # The target's own migrations or apps failing on this database say so themselves.
        if result.get("target_failed"):
            return VendorPreview(vendor, False, reason=result["reason"])
        return VendorPreview(
            vendor,
            False,
            reason=f"the target's interpreter could not connect: {result['reason']}",
        )
    return VendorPreview(
        vendor,
        True,
        database=result["database"],
        sql=[MigrationSQL(**s) for s in result["sql"]],
        schema_before=result["schema_before"],
        schema_after=result["schema_after"],
        pending_changes=result["pending_changes"],
        check_errors=result["check_errors"],
        schema_mismatches=result.get("schema_mismatches", []),
    )


def check_previews(previews: list[VendorPreview]) -> None:
    """Refuse a bundle no database could preview, or whose models differ from the tables.

    Everything else about the plan was judged before the previews, by check_plan.
    """
    available = [p for p in previews if p.available]
    if not available:
        reasons = "; ".join(f"{p.vendor}: {p.reason}" for p in previews)
        raise BundleError(f"No database could preview the migrations ({reasons}).")
    for preview in available:
        if preview.schema_mismatches:
            raise BundleError(
                f"On {preview.name} the new models would not match the tables the target's "
                f"migrations made ({'; '.join(preview.schema_mismatches)}); this is a bug in the "
                "wizard: please report it with the plan."
            )


def schema_diff(previews: Iterable[VendorPreview]) -> str:
    """Return the before/after schema of every previewed database as one unified diff."""
    chunks: list[str] = []
    for preview in previews:
        if not preview.available:
            continue
        chunks += difflib.unified_diff(
            preview.schema_before.splitlines(keepends=True),
            preview.schema_after.splitlines(keepends=True),
            fromfile=f"a/{preview.vendor}.schema",
            tofile=f"b/{preview.vendor}.schema",
        )
    return "".join(chunks)
