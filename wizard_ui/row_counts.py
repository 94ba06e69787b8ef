"""The preview's lock report again, at the row counts of a person's own database.

The counts come from that database's catalog (``wizard.locks.row_counts``), read-only, during
the one request that asks; the URL, which may hold a password, is never stored: not in the plan,
the bundle, the job or the wizard's database. The stored preview keeps each database's SQL and
schema, which is all ``lock_report`` reads, so no bundle is built again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.bundle import MigrationSQL, VendorPreview
from wizard.errors import WizardError
from wizard.locks import lock_report
from wizard.locks.render import basis
from wizard_ui.preview import locks_data


class PreviewTooOld(WizardError):
    """The stored preview predates the schemas the lock report needs."""


def stored_previews(preview: Mapping[str, Any]) -> list[VendorPreview]:
    """Return the VendorPreviews a stored preview holds (SQL and schema before), or raise."""
    vendors = preview.get("vendors", [])
    if any(v["available"] and "schema_before" not in v for v in vendors):
        raise PreviewTooOld(
            "This preview was built before the wizard kept what the lock report needs; build it "
            "again (Change the details, then Preview) to see its locks at your row counts."
        )
    return [
        VendorPreview(
            v["vendor"],
            v["available"],
            v.get("reason", ""),
            v.get("database", ""),
            [MigrationSQL(s["app_label"], s["name"], s["sql"]) for s in v["sql"]],
            schema_before=v.get("schema_before", ""),
        )
        for v in vendors
    ]


def tables_of(previews: list[VendorPreview]) -> set[str]:
    """Return the tables the project had before the bundle, as its previews' schemas list them."""
    return {
        line[len("table ") :].strip()
        for p in previews
        for line in p.schema_before.splitlines()
        if line.startswith("table ")
    }


def at_row_counts(
    preview: Mapping[str, Any], row_counts: Mapping[str, int], rows_from: str
) -> dict[str, Any]:
    """Return a copy of the stored ``preview`` whose lock report is at ``row_counts``.

    ``rows_from`` names the database without its password ("postgresql://user@host:5432/name").
    """
    previews = stored_previews(preview)
    report = lock_report(previews, row_counts, f"the database {rows_from}")
    tables = tables_of(previews)
    data = dict(preview)
    data["migrations"] = [
        {**m, "locks": locks_data(report, m["app_label"], m["name"])}
        for m in preview.get("migrations", [])
    ]
    data["locks_basis"] = basis(report) if report.migrations else ""
    data["rows_from"] = {
        "database": rows_from,
        "tables": len(tables),
        "found": len(tables & set(row_counts)),
    }
    return data
