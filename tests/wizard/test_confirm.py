"""`confirm_bundle`: compare, read-only, a person's own database with what a bundle expects."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.wizard.m2m_through_cases import reserved_target
from wizard.bundle import build_bundle
from wizard.childproc import run_child
from wizard.confirm import confirm_bundle, database_entry
from wizard.errors import DatabaseServerError
from wizard.scratch import scratch_database
from wizard.target import Target

REPO = Path(__file__).resolve().parents[2]
PLAN = {"kind": "m2m_through", "field": "core.Check.tags", "through": "CheckTag"}


@pytest.fixture(scope="module")
def reserved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    root = reserved_target(tmp_path_factory.mktemp("confirm"))
    bundle = build_bundle(Target.resolve(root), PLAN, vendors=("sqlite",))
    return root, bundle.to_zip()


@pytest.fixture()
def migrated(reserved: tuple[Path, bytes], postgresql_url: str) -> Iterator[dict[str, Any]]:
    """Yield a PostgreSQL database the target's own migrations built, as a person's would be."""
    root, _bundle = reserved
    with scratch_database("postgresql", purpose="confirm") as entry:
        run_child(
            sys.executable,
            "migrate",
            {"settings": "target_site.settings", "databases": {"default": entry}},
            cwd=root,
        )
        yield entry


def url(entry: dict[str, Any]) -> str:
    return f"postgresql://{entry['USER']}@{entry['HOST']}:{entry['PORT']}/{entry['NAME']}"


def execute(entry: dict[str, Any], sql: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(
        dbname=entry["NAME"], user=entry["USER"], host=entry["HOST"], port=entry["PORT"]
    ) as connection:
        rows = connection.execute(sql)
        return rows.fetchall() if rows.description else []


def test_a_database_the_migrations_built_matches(
    reserved: tuple[Path, bytes], migrated: dict[str, Any]
) -> None:
    root, bundle = reserved
    before = execute(migrated, "SELECT count(*) FROM django_migrations")
    confirmation = confirm_bundle(Target.resolve(root), bundle, url(migrated))
    assert confirmation.problems == []
    assert confirmation.tables == ["core_check_tags"]
    assert confirmation.summary().endswith(
        " has every table the bundle starts from, column for column (core_check_tags "
        "included): the bundle can be applied."
    )
    assert execute(migrated, "SELECT count(*) FROM django_migrations") == before


def test_a_table_made_under_other_settings_is_reported_in_one_line(
    reserved: tuple[Path, bytes], migrated: dict[str, Any]
) -> None:
    # As if the person's database was migrated while DEFAULT_AUTO_FIELD was still AutoField.
    root, bundle = reserved
    execute(migrated, "ALTER TABLE core_check_tags ALTER COLUMN id TYPE integer")
    confirmation = confirm_bundle(Target.resolve(root), bundle, url(migrated))
    assert confirmation.problems == [
        "core.CheckTag.id (core_check_tags.id): the column is integer, the model says bigint."
    ]
    assert "\n" not in confirmation.summary()
    assert confirmation.summary().endswith(
        " differs from what the bundle expects: core.CheckTag.id (core_check_tags.id): the column "
        "is integer, the model says bigint. Do not apply the bundle as it is: make it again from "
        "a copy of this database, or bring the database in line first."
    )


def test_a_database_not_migrated_yet_says_so(
    reserved: tuple[Path, bytes], migrated: dict[str, Any]
) -> None:
    root, bundle = reserved
    execute(migrated, "DELETE FROM django_migrations WHERE app = 'core'")
    confirmation = confirm_bundle(Target.resolve(root), bundle, url(migrated))
    assert confirmation.problems == [
        "the database is not migrated up to core.0001_initial yet; run 'python manage.py "
        "migrate' before applying the bundle"
    ]


def test_the_command_prints_one_line_and_exits_non_zero_on_a_difference(
    reserved: tuple[Path, bytes], migrated: dict[str, Any], tmp_path: Path
) -> None:
    root, bundle = reserved
    (tmp_path / "b.zip").write_bytes(bundle)
    execute(migrated, "ALTER TABLE core_check_tags ALTER COLUMN id TYPE integer")
    command = ["confirm_bundle", str(root), "--bundle", str(tmp_path / "b.zip")]
    proc = subprocess.run(
        [sys.executable, "manage.py", *command, "--database", url(migrated)],
        cwd=REPO, capture_output=True, text=True, check=False, env=dict(os.environ),
    )  # fmt: skip
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith("CommandError: PostgreSQL ")
    assert proc.stderr.count("\n") == 1


def test_database_urls_that_name_nothing_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseServerError) as info:
        database_entry("postgresql://postgres@127.0.0.1:5432/")
    assert str(info.value) == (
        "The database URL 'postgresql://postgres@127.0.0.1:5432/' names no database; add it "
        "after the last slash, as in postgresql://user@host:port/mydatabase."
    )
    missing = tmp_path / "nothing.sqlite3"
    with pytest.raises(DatabaseServerError) as info:
        database_entry(f"sqlite://{missing}")
    assert str(info.value) == (
        f"There is no SQLite database file at {str(missing)!r}; give the file's path, as in "
        "sqlite:///path/to/db.sqlite3."
    )
    assert database_entry("settings") is None


def test_a_sqlite_file_is_only_read(reserved: tuple[Path, bytes], tmp_path: Path) -> None:
    root, bundle = reserved
    database = tmp_path / "own.sqlite3"
    entry = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(database)}
    run_child(
        sys.executable,
        "migrate",
        {"settings": "target_site.settings", "databases": {"default": entry}},
        cwd=root,
    )
    before = database.read_bytes(), database.stat().st_mtime_ns
    confirmation = confirm_bundle(Target.resolve(root), bundle, f"sqlite://{database}")
    assert confirmation.ok, confirmation.problems
    assert (database.read_bytes(), database.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["own.sqlite3"]  # no journal left
