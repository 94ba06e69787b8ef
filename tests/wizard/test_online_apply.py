"""Online new_parent bundles on the real servers: a held lock, a concurrent writer.

The apply tests (test_new_parent_apply.py) run the online cases forward and back like any other.
Here, what only an online bundle promises:
- a lock held by another session stops the short locked step after a bounded number of short
  waits, with one line saying where it stopped and that nothing of it is applied (PostgreSQL) or
  which statements are (MariaDB); rerunning `migrate` once the lock is gone resumes and loses
  nothing;
- a writer inserting, updating and deleting planes while the copy runs loses none of its writes:
  the mirror trigger and the batched copy give the parent every row, with its latest values.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.bundle_cache import BundleCache
from tests.wizard.new_parent_cases import CASES
from tests.wizard.test_new_parent_apply import SCRIPT, patch_models, run_script, script_config
from wizard.bundle import write_files
from wizard.childproc import copy_target

pytestmark = pytest.mark.usefixtures("vendor")

# Runs `manage.py migrate` as a person does, with the retries made short for the test.
MIGRATE = """\
import importlib, json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = sys.argv[1]
from django.conf import settings
settings.DATABASES = {"default": json.loads(os.environ["MW_DB"])}
import django
django.setup()
link = importlib.import_module("part1.migrations.0004_plane_inherits_aircraft")
link.ShortLocks.attempts = 2
link.ShortLocks.first_pause = 0.1
copy = importlib.import_module("part1.migrations.0003_copy_plane_to_aircraft")
for operation in copy.Migration.operations:
    if isinstance(operation, copy.CopyInBatches):
        operation.batch_size = 3  # many batches, so that the writer's rows fall between them
from django.core.management import ManagementUtility
ManagementUtility(["manage.py", "migrate", "part1", *sys.argv[2:], "-v", "0"]).execute()
"""


@pytest.fixture(params=["postgresql", "mysql"])
def vendor(request: pytest.FixtureRequest) -> str:
    request.getfixturevalue(f"{request.param}_url")
    return str(request.param)


@contextmanager
def seeded_copy(cache: BundleCache, vendor: str, tmp_path: Path) -> Iterator[tuple[Path, Any]]:
    from wizard.scratch import scratch_database

    case = CASES["fleet-online"]
    bundle = cache.bundle("fleet-online")
    copy = copy_target(cache.target(case.target), tmp_path / "project")
    shutil.copy(SCRIPT, copy / "mw_new_parent.py")
    config = script_config(case, bundle)
    with scratch_database(vendor, purpose="online") as entry:
        config["seeded"] = run_script(copy, "seed", config, entry)
        write_files(copy, bundle.files)
        patch_models(bundle, copy)
        yield copy, (config, entry)


def connect(entry: dict[str, Any]) -> Any:
    if "postgresql" in entry["ENGINE"]:
        import psycopg

        return psycopg.connect(
            host=entry["HOST"],
            port=entry["PORT"],
            user=entry["USER"],
            dbname=entry["NAME"],
            autocommit=True,
        )
    import MySQLdb

    connection = MySQLdb.connect(
        host=entry["HOST"],
        port=int(entry["PORT"]),
        user=entry["USER"],
        password=entry.get("PASSWORD", ""),
        database=entry["NAME"],
    )
    connection.autocommit(True)
    return connection


def columns(entry: dict[str, Any], table: str) -> list[str]:
    connection = connect(entry)
    try:
        cursor = connection.cursor()
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "AND table_schema = "
            + ("current_schema()" if "postgresql" in entry["ENGINE"] else "DATABASE()"),
            [table],
        )
        return sorted(str(row[0]) for row in cursor.fetchall())
    finally:
        connection.close()


def migrate(
    copy: Path, config: dict[str, Any], entry: dict[str, Any], *to: str
) -> subprocess.CompletedProcess[str]:
    (copy / "mw_migrate.py").write_text(MIGRATE, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "mw_migrate.py", config["settings"], *to],
        cwd=copy,
        env={**os.environ, "MW_DB": json.dumps(entry), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_a_held_lock_stops_the_link_in_one_line_and_migrate_again_resumes(
    new_parent_bundles: BundleCache, vendor: str, tmp_path: Path
) -> None:
    with seeded_copy(new_parent_bundles, vendor, tmp_path) as (copy, (config, entry)):
        run_script(copy, "migrate_to", {**config, "migrate_to": ["part1", "0003"]}, entry)
        holder = connect(entry)
        cursor = holder.cursor()
        if vendor == "postgresql":
            cursor.execute("BEGIN")
            cursor.execute("LOCK TABLE part1_plane IN ACCESS SHARE MODE")
        else:
            cursor.execute("START TRANSACTION")
            cursor.execute("SELECT COUNT(*) FROM part1_plane")
            cursor.fetchall()
        try:
            stopped = migrate(copy, config, entry)
        finally:
            holder.rollback()
            holder.close()
        lines = stopped.stderr.strip().splitlines()
        assert stopped.returncode == 1, stopped.stderr
        assert "Traceback" not in stopped.stderr
        assert len(lines) == 1, lines
        assert lines[0].startswith(
            "CommandError: Migration part1.0004_plane_inherits_aircraft stopped: a lock it needs "
            "was held by another session through 2 tries of "
        ), lines[0]
        assert lines[0].endswith("then run `python manage.py migrate` again: it resumes here.")
        if vendor == "postgresql":
            assert "; nothing of it is applied." in lines[0]
            assert "id" in columns(entry, "part1_plane")  # nothing of the step is applied
        else:
            assert "statement(s) are applied (MySQL commits each DDL statement at once)" in lines[0]
            assert "at: ALTER TABLE `part1_plane` RENAME COLUMN" in lines[0]

        resumed = migrate(copy, config, entry)
        assert resumed.returncode == 0, resumed.stderr
        assert columns(entry, "part1_plane") == ["aircraft_ptr_id"]
        forward = run_script(copy, "forward", config, entry)
        assert forward["dump"] == config["seeded"]["dump"]
        assert forward["problems"] == []


class Writer(threading.Thread):
    """Insert, update and delete planes every few milliseconds, by SQL, until told to stop."""

    def __init__(self, entry: dict[str, Any]) -> None:
        super().__init__(daemon=True)
        self.connection = connect(entry)
        self.stop = threading.Event()
        self.written: dict[int, str] = {}  # id -> registration it must have
        self.deleted: set[int] = set()
        self.errors: list[str] = []

    def run(self) -> None:
        try:
            self.write()
        finally:
            self.connection.close()

    def write(self) -> None:
        cursor = self.connection.cursor()
        n = 0
        while not self.stop.is_set():
            n += 1
            try:
                registration = f"W-{n}"
                if "psycopg" in type(self.connection).__module__:
                    cursor.execute(
                        "INSERT INTO part1_plane (registration) VALUES (%s) RETURNING id",
                        [registration],
                    )
                    new_id = cursor.fetchone()[0]
                else:
                    cursor.execute(
                        "INSERT INTO part1_plane (registration) VALUES (%s)", [registration]
                    )
                    new_id = cursor.lastrowid
                self.written[int(new_id)] = registration
                cursor.execute("SELECT id FROM part1_plane ORDER BY id LIMIT 1 OFFSET %s", [n % 30])
                row = cursor.fetchone()
                if row:
                    cursor.execute(
                        "UPDATE part1_plane SET registration = %s WHERE id = %s",
                        [f"U-{n}", row[0]],
                    )
                    self.written[int(row[0])] = f"U-{n}"
                if n % 5 == 0:
                    doomed = max(self.written)
                    cursor.execute("DELETE FROM part1_plane_pilots WHERE plane_id = %s", [doomed])
                    cursor.execute("DELETE FROM part1_parkingbay WHERE plane_id = %s", [doomed])
                    cursor.execute("DELETE FROM part1_plane WHERE id = %s", [doomed])
                    self.written.pop(doomed)
                    self.deleted.add(doomed)
            except Exception as error:  # the table changed shape: the old code's writes end
                self.errors.append(str(error))
                return
            time.sleep(0.005)


def test_a_writer_during_the_copy_loses_nothing(
    new_parent_bundles: BundleCache, vendor: str, tmp_path: Path
) -> None:
    with seeded_copy(new_parent_bundles, vendor, tmp_path) as (copy, (config, entry)):
        run_script(copy, "migrate_to", {**config, "migrate_to": ["part1", "0002"]}, entry)
        writer = Writer(entry)
        writer.start()
        time.sleep(0.3)
        copied = migrate(copy, config, entry, "0003")
        assert copied.returncode == 0, copied.stderr
        time.sleep(0.3)
        writer.stop.set()
        writer.join(30)
        assert writer.errors == []
        assert len(writer.written) > 10
        connection = connect(entry)
        cursor = connection.cursor()
        cursor.execute("SELECT id, registration FROM part1_plane")
        child = dict(cursor.fetchall())
        cursor.execute("SELECT id, registration FROM part1_aircraft")
        parent = dict(cursor.fetchall())
        connection.close()
        assert parent == child  # every row, with its latest value; no row the writer deleted
        assert all(child[pk] == value for pk, value in writer.written.items())
        assert not writer.deleted & set(parent)
        # The rest of the bundle then links them, and the writes stay.
        assert migrate(copy, config, entry).returncode == 0
        forward = run_script(copy, "forward", config, entry)
        assert forward["problems"] == []


def test_an_interrupted_copy_resumes_at_the_first_row_not_copied(
    new_parent_bundles: BundleCache, vendor: str, tmp_path: Path
) -> None:
    with seeded_copy(new_parent_bundles, vendor, tmp_path) as (copy, (config, entry)):
        run_script(copy, "migrate_to", {**config, "migrate_to": ["part1", "0002"]}, entry)
        connection = connect(entry)
        cursor = connection.cursor()
        # What an interrupted run leaves: the first batches committed, the rest not.
        cursor.execute(
            "INSERT INTO part1_aircraft (id, registration) SELECT id, registration "
            "FROM part1_plane ORDER BY id LIMIT 10"
        )
        copied = migrate(copy, config, entry, "0003")
        assert copied.returncode == 0, copied.stderr
        cursor.execute("SELECT id, registration FROM part1_plane")
        child = dict(cursor.fetchall())
        cursor.execute("SELECT id, registration FROM part1_aircraft")
        parent = dict(cursor.fetchall())
        connection.close()
        assert len(child) > 10
        assert parent == child
