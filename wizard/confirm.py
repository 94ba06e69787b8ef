"""Confirm, read-only, that a person's own database is what a bundle starts from.

The bundle declares models over tables that already exist (a through model over an auto-created
M2M table) from the database the target's migrations build. A real database may differ (migrated
under another ``DEFAULT_AUTO_FIELD``, or changed by hand): this compares, column by column, before
anything is applied. Nothing is written to the database or the target.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from wizard.bundle import child, read_bundle, unpack
from wizard.childproc import workspace
from wizard.errors import DatabaseServerError
from wizard.scratch import ENGINES, database_settings, parse_server_url
from wizard.target import Target

OWN_SETTINGS = "settings"


@dataclass(frozen=True)
class Confirmation:
    database: str  # "PostgreSQL 16.4"
    tables: list[str]  # the existing tables the bundle declares a model over
    applied: list[str]  # the bundle's migrations this database already has
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """Return the one line a person reads."""
        if self.applied:
            return (
                f"{self.database} already has the bundle's migrations "
                f"({', '.join(self.applied)}); there is nothing to confirm."
            )
        if self.problems:
            return (
                f"{self.database} differs from what the bundle expects: "
                f"{' '.join(self.problems)} Do not apply the bundle as it is: make it again "
                "from a copy of this database, or bring the database in line first."
            )
        declared = f" ({', '.join(self.tables)} included)" if self.tables else ""
        return (
            f"{self.database} has every table the bundle starts from, column for column"
            f"{declared}: the bundle can be applied."
        )


def database_entry(database: str) -> dict[str, Any] | None:
    """Return the DATABASES entry ``database`` names; None for the target's own settings."""
    if database == OWN_SETTINGS:
        return None
    parts = urlsplit(database)
    if parts.scheme == "sqlite" or (not parts.scheme and database):
        path = Path(unquote(parts.path) if parts.scheme else database).expanduser()
        if not path.is_file():
            raise DatabaseServerError(
                f"There is no SQLite database file at {str(path)!r}; give the file's path, as "
                "in sqlite:///path/to/db.sqlite3."
            )
        return {"ENGINE": ENGINES["sqlite"], "NAME": str(path.resolve())}
    name = parts.path.strip("/")
    server = parse_server_url(database)
    if not name:
        raise DatabaseServerError(
            f"The database URL {database!r} names no database; add it after the last slash, as "
            f"in {server.vendor}://user@host:port/mydatabase."
        )
    entry = database_settings(server, unquote(name))
    entry.pop("TEST", None)
    return entry


def confirm_bundle(target: Target, bundle: str | Path | bytes, database: str) -> Confirmation:
    """Compare the tables the bundle starts from with ``database``, read-only."""
    entry = database_entry(database)
    contents = read_bundle(bundle)
    payload: dict[str, Any] = {
        "target_root": str(target.root),
        "migrations": [{"app_label": m.app_label, "name": m.name} for m in contents.migrations],
    }
    if entry is not None:
        payload["databases"] = {"default": entry}
    with workspace(target.root) as copy:
        unpack(contents, copy)
        result = child(target, "confirm", payload, copy)
    return Confirmation(
        database=result["database"],
        tables=result["tables"],
        applied=result["applied"],
        problems=result["problems"],
    )
