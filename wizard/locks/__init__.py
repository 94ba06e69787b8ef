"""The lock report: which lock each statement of a bundle takes, on which table, for how long.

- ``statements``: ``sqlmigrate`` text as statements, and the tables they change (types, indexes,
  foreign keys, rows) followed from the preview's schema;
- ``postgresql`` / ``mysql``: each statement shape's lock level (and ALGORITHM) and work;
- ``report``: the throughput model, each migration's blocked tables and its plain-words sentence;
- ``render``: the Markdown of the bundle's README and the lines ``make_bundle`` prints;
- ``row_counts``: row estimates from a database's catalog, read-only (never a full count).
"""

from __future__ import annotations

from wizard.locks.model import (
    LockReport,
    MigrationLocks,
    StatementLocks,
    TableBlock,
    TableLock,
)
from wizard.locks.report import SECONDS_PER_MILLION, lock_report

__all__ = [
    "SECONDS_PER_MILLION",
    "LockReport",
    "MigrationLocks",
    "StatementLocks",
    "TableBlock",
    "TableLock",
    "lock_report",
]
