"""The lock report at the rehearsal's row counts: the bundle's SQL for the rehearsal's database,
the schema its fingerprint read before the bundle, and the rows of its scratch database."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from wizard.bundle import BundleContents, VendorPreview
from wizard.locks.render import summary_lines
from wizard.locks.report import CLASSIFIERS, lock_report
from wizard.locks.row_counts import scratch_row_counts

CONSTRAINT = re.compile(r"^(\w[\w ]*?) \(([^)]*)\)(?: references (\S+?)\((\S*)\))?")


def rehearsal_locks(
    contents: BundleContents, vendor: str, entry: Mapping[str, Any], schema: Mapping[str, Any]
) -> list[str]:
    """Return one line per migration of the bundle, at the scratch database's row counts."""
    if vendor not in CLASSIFIERS or not contents.sql.get(vendor):
        return []
    preview = VendorPreview(
        vendor, True, sql=contents.sql[vendor], schema_before=schema_text(schema)
    )
    counts = scratch_row_counts(entry)
    report = lock_report([preview], counts, "the rehearsal's scratch database")
    return summary_lines(report)


def schema_text(schema: Mapping[str, Any]) -> str:
    """Return the fingerprint's schema (columns, unnamed constraints) as schema.describe text."""
    lines = []
    for table, described in sorted(schema.items()):
        lines.append(f"table {table}")
        for column, (kind, nullable) in described["columns"].items():
            lines.append(f"  column {column} {kind} {'NULL' if nullable else 'NOT NULL'}")
        for number, text in enumerate(described["constraints"]):
            if match := CONSTRAINT.match(text):
                kind, columns, target, target_column = match.groups()
                entry = f"  {kind} {table}_{number} ({columns})"
                if target:
                    entry += f" references {target}({target_column})"
                lines.append(entry)
    return "\n".join(lines) + "\n"
