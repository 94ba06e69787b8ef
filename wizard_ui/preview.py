"""Turn a Bundle (and the naive makemigrations run) into the plain data the preview page shows."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from wizard.bundle import Bundle
from wizard.deploy import Phase, deploy_phases
from wizard.deploy.render import WORDS as PHASE_WORDS
from wizard.locks import LockReport
from wizard.locks.render import basis, lock_text, time_text, work_text
from wizard.naive import NaiveResult
from wizard_ui.forms.common import ONLINE_DOES


def migration_class(source: str) -> str:
    """Return the ``class Migration`` part of a migration file (without helpers above it)."""
    lines = source.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith("class Migration(")), 0)
    return "".join(lines[start:])


def helpers_source(source: str) -> str:
    """Return what a migration file defines above ``class Migration`` (its inlined helpers)."""
    lines = source.splitlines(keepends=True)
    end = next((i for i, line in enumerate(lines) if line.startswith("class Migration(")), 0)
    return "".join(lines[:end]).rstrip() + "\n"


def helper_names(source: str) -> list[str]:
    """Return the top-level functions and classes a migration file defines besides Migration."""
    return [
        match.group(1)
        for match in re.finditer(r"^(?:def|class) (\w+)", source, re.M)
        if match.group(1) != "Migration"
    ]


def has_helpers(source: str) -> bool:
    """Return whether the file defines functions or classes of its own before the migration."""
    head = source[: source.find("\nclass Migration(")]
    return "\ndef " in head or "\nclass " in head


def preview_data(bundle: Bundle) -> dict[str, Any]:
    """Return everything the preview, download and walkthrough pages show, as JSON data."""
    explanation = bundle.explanation
    phases = {(p.app_label, p.name): p for p in deploy_phases(bundle.locks)}
    migrations = [
        {
            "app_label": migration.app_label,
            "name": migration.name,
            "path": migration.path,
            "source": migration.source,
            "migration_class": migration_class(migration.source),
            "helpers": has_helpers(migration.source),
            "helpers_source": helpers_source(migration.source),
            "helper_names": helper_names(migration.source),
            "helper_lines": helpers_source(migration.source).count("\n"),
            # Each operation with the sentence its builder wrote next to it (no matching).
            "operations": [
                {"name": op.name, "explanation": op.explanation} for op in migration.operations
            ],
            "locks": locks_data(bundle.locks, migration.app_label, migration.name),
            "deploy": deploy_data(phases.get((migration.app_label, migration.name))),
        }
        for migration in bundle.migrations
    ]
    return {
        "zip_name": bundle.zip_name,
        "plan": bundle.plan.to_json(),
        "online": ONLINE_DOES if bundle.plan.to_json().get("online") is True else "",
        "title": explanation.title,
        "summary": explanation.summary,
        "apply_steps": list(explanation.apply_steps),
        "rollback_steps": list(explanation.rollback_steps),
        "migrations": migrations,
        "vendors": [
            {
                "vendor": p.vendor,
                "name": p.name,
                "available": p.available,
                "reason": p.reason,
                "database": p.database,
                "note": explanation.database_notes.get(p.vendor, ""),
                "sql": [
                    {
                        "path": s.path(p.vendor),
                        "app_label": s.app_label,
                        "name": s.name,
                        "sql": s.sql,
                    }
                    for s in p.sql
                ],
                # Kept so the lock report can be made again at a person's row counts.
                "schema_before": p.schema_before,
            }
            for p in bundle.previews
        ],
        "locks_basis": basis(bundle.locks) if bundle.locks.migrations else "",
        "schema_diff": bundle.schema_diff,
        "schema_svg": bundle.schema_svg,
        "schema_description": bundle.schema_description,
        "schema_svg_wide": bundle.schema_svg_wide,
        "patch": bundle.patch,
        "readme": bundle.readme,
        "files": [{"path": path, "size": len(data)} for path, data in bundle.files.items()],
    }


def deploy_data(phase: Phase | None) -> str:
    """Return when the migration runs relative to deploying the new code, as one sentence."""
    if phase is None:
        return ""
    return f"Run it {PHASE_WORDS[phase.phase]}: {phase.why}."


def locks_data(report: LockReport, app_label: str, name: str) -> list[dict[str, Any]]:
    """Return the lock report of one migration: per database its sentence, then each statement."""
    return [
        {
            "vendor": entry.vendor,
            "vendor_name": entry.vendor_name,
            "summary": entry.summary,
            "transaction": entry.transaction,
            "statements": [
                {
                    "sql": statement.sql,
                    "locks": lock_text(statement),
                    "algorithm": statement.algorithm,
                    "work": work_text(statement),
                    "time": time_text(statement),
                }
                for statement in entry.statements
            ],
        }
        for entry in report.for_migration(app_label, name)
    ]


def naive_data(result: NaiveResult) -> dict[str, Any]:
    data = asdict(result)
    data["errors"] = result.errors
    data["destructive_count"] = len(result.destructive)
    return data
