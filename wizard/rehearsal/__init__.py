"""Rehearsal: apply a bundle to a scratch copy of the target, with data; prove nothing is lost.

    report = rehearse(target, "bundle.zip", database="sqlite", rows=300, on_event=print)
    report.ok, report.checks, report.sql, report.to_json()

Modules: ``engine`` (the steps), ``progress`` (events), ``database`` (which database),
``applying`` (unzip, patch, undo), ``fingerprint`` (rows and pairs compared), ``checks``
(observations into checks), ``promises`` (each plan kind's own), ``writer`` (online plans: the
writer busy during migrate lost nothing), ``report`` (data and text).
The work that imports the target runs in its own interpreter: the child commands ``seed``,
``fingerprint``, ``migrate``, ``checks`` and ``database`` (``wizard/child/commands/``) and their
helpers in ``wizard/child/rehearsal/``: ``db``, ``values``, ``rows``, ``order``, ``fallbacks``
(values a picky field accepts), ``signals`` (the target's receivers muted while rows are
written), ``writer``, ``writer_shapes`` and ``writer_rows`` (the writer beside ``migrate``) and
each kind's ``facts_<kind>``.
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
