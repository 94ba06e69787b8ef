"""Rehearsal: apply a bundle to a scratch copy of the target, with data; prove nothing is lost.

    report = rehearse(target, "bundle.zip", database="sqlite", rows=300, on_event=print)
    report.ok, report.checks, report.sql, report.to_json()

Modules: ``engine`` (the steps), ``progress`` (events), ``database`` (which database),
``applying`` (unzip, patch, undo), ``fingerprint`` (rows and pairs compared), ``checks``
(observations into checks), ``promises`` (each plan kind's own), ``report`` (data and text).
The work that imports the target runs in its own interpreter: ``wizard/child/cmd_seed.py``,
``cmd_fingerprint.py``, ``cmd_migrate.py``, ``cmd_checks.py``, ``cmd_database.py`` and their
helpers ``rehearsal_db.py``, ``rehearsal_values.py``, ``rehearsal_rows.py``, ``rehearsal_order.py``,
``rehearsal_fallbacks.py`` (values a picky field accepts), ``rehearsal_signals.py`` (the target's
receivers muted while rows are written).
"""

from __future__ import annotations

from wizard.rehearsal.engine import DEFAULT_ROWS, rehearse
from wizard.rehearsal.report import (
    STEPS,
    CapturedMigration,
    Check,
    RehearsalReport,
    RehearsalStep,
    Statement,
    Unfilled,
    render_text,
)

__all__ = [
    "DEFAULT_ROWS",
    "STEPS",
    "CapturedMigration",
    "Check",
    "RehearsalReport",
    "RehearsalStep",
    "Statement",
    "Unfilled",
    "rehearse",
    "render_text",
]
