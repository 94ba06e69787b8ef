"""The rehearsal's database: a scratch one, or a copy of the target's own SQLite file."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wizard.errors import RehearsalError
from wizard.scratch import ENGINES, VENDORS, parse_server_url, scratch_database

if TYPE_CHECKING:
    from wizard.rehearsal.engine import Rehearsal
    from wizard.rehearsal.report import RehearsalStep

SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def database_label(database: str) -> str:
    """Return the vendor a ``--database`` value names (sqlite, postgresql, mysql)."""
    if database in VENDORS:
        return database
    return parse_server_url(database).vendor


@contextlib.contextmanager
def scratch_for(rehearsal: Rehearsal, step: RehearsalStep) -> Iterator[dict[str, Any]]:
    """Yield the DATABASES entry the rehearsal works on; drop or delete it afterwards."""
    if not rehearsal.report.copy_of_db:
        with scratch_database(rehearsal.database_spec, purpose="rehearsal") as entry:
            step.detail = f"{rehearsal.report.database} {entry['NAME']}"
            yield entry
        return
    info = rehearsal.child("database")
    with copied_database(rehearsal.copy, rehearsal.target.root, info) as entry:
        step.detail = f"a copy of {info['name']}"
        yield entry


@contextlib.contextmanager
def copied_database(copy: Path, root: Path, info: dict[str, str]) -> Iterator[dict[str, Any]]:
    """Yield an entry for a copy of the target's SQLite file (the workspace already holds it
    when it lives inside the project; otherwise it is copied into a temporary folder)."""
    engine, name = info["engine"], info["name"]
    if engine != ENGINES["sqlite"]:
        raise RehearsalError(
            f"--copy-of-db needs the target's default database to be SQLite, but it uses "
            f"{engine!r}; drop --copy-of-db to rehearse on synthetic rows."
        )
    if not name or name == ":memory:" or name.startswith("file:"):
        raise RehearsalError(
            f"--copy-of-db needs the target's SQLite database file, but its NAME is {name!r}; "
            "drop --copy-of-db to rehearse on synthetic rows."
        )
    path = Path(name) if Path(name).is_absolute() else copy / name  # Django's cwd: the copy
    inside = path.resolve().is_relative_to(copy.resolve())
    if not path.is_file():
        shown = root / path.relative_to(copy) if inside else path
        raise RehearsalError(
            f"The target's database file {str(shown)!r} does not exist; run migrate in the "
            "target first, or drop --copy-of-db to rehearse on synthetic rows."
        )
    if inside:
        yield {"ENGINE": engine, "NAME": str(path)}
        return
    with tempfile.TemporaryDirectory(prefix="mw-copy-of-db-") as folder:
        destination = Path(folder) / path.name
        for suffix in ("", *SQLITE_COMPANIONS):
            source = Path(str(path) + suffix)
            if source.is_file():
                shutil.copy2(source, str(destination) + suffix)
        yield {"ENGINE": engine, "NAME": str(destination)}
