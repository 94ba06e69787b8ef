"""Apply real new_parent bundles to seeded copies of real targets, on SQLite, PostgreSQL, MariaDB.

What a person does: unzip the bundle at the target's root, `patch -p1 < models.patch`, migrate.
Then every row, M2M pair and foreign key must read the same through the new models, every foreign
key must point at a column that exists (SQLite's stored DDL included), `makemigrations --check`
must be clean, a later RunPython must see the child inherit, new parent-only rows and new children
must get ids above every id ever handed out; migrating back must restore the table, its columns,
constraints and values, and the next id must still be new (tests/wizard/new_parent_script.py
does the work inside the target's own process).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.bundle_cache import BundleCache
from tests.golden import EXPECTED as GOLDEN
from tests.golden import assert_matches_expected
from tests.wizard.new_parent_cases import CASES, Case
from wizard.bundle import Bundle, build_bundle, write_files
from wizard.childproc import copy_target
from wizard.scratch import scratch_database
from wizard.target import Target

SCRIPT = Path(__file__).with_name("new_parent_script.py")
INHERITANCE_CHECK = """\
from django.db import migrations


def check(apps, schema_editor):
    child = apps.get_model({child!r})
    parent = apps.get_model({parent!r})
    assert issubclass(child, parent), child.__mro__
    # Reading the moved fields through the child joins the parent's table.
    assert len(child.objects.values_list(*{moved!r})) == child.objects.count()


class Migration(migrations.Migration):

    dependencies = [({app!r}, {last!r})]

    operations = [migrations.RunPython(check, migrations.RunPython.noop)]
"""


def script_config(case: Case, bundle: Bundle) -> dict[str, Any]:
    app, _model = str(case.plan["model"]).split(".")
    app_info = bundle.snapshot.app(app)
    assert app_info is not None
    return {
        "settings": bundle.snapshot.target.settings,
        "app": app,
        "child": case.plan["model"],
        "parent": f"{app}.{case.plan['parent']}",
        "before_leaf": app_info.leaf,
        "seed": case.seed,
        "dump": case.dump,
        "new_parent": case.new_parent,
        "new_child": case.new_child,
    }


def run_script(
    copy: Path,
    command: str,
    config: dict[str, Any],
    entry: dict[str, Any],
    python: str = sys.executable,
) -> Any:
    env = {**os.environ, "MW_DB": json.dumps(entry), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.run(
        [python, "mw_new_parent.py", command, json.dumps(config)],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def patch_models(bundle: Bundle, copy: Path, *, reverse: bool = False) -> None:
    subprocess.run(
        ["patch", "-p1", "--batch", "--silent", *(["-R"] if reverse else [])],
        input=bundle.files["models.patch"],
        cwd=copy,
        check=True,
    )


def write_inheritance_check(case: Case, bundle: Bundle, copy: Path) -> Path:
    last = bundle.migrations[-1]
    app = last.app_label
    path = copy / Path(last.path).parent / f"{int(last.name[:4]) + 1:04d}_check_inheritance.py"
    source = INHERITANCE_CHECK.format(
        child=case.plan["model"],
        parent=f"{app}.{case.plan['parent']}",
        moved=list(case.plan["move_fields"]),
        app=app,
        last=last.name,
    )
    path.write_text(source, encoding="utf-8")
    return path


def apply_forward_and_back(
    cache: BundleCache,
    case_name: str,
    vendor: str,
    tmp_path: Path,
    *,
    bundle: Bundle | None = None,
    python: str = sys.executable,
) -> tuple[dict[str, Any], ...]:
    """Seed a copy, apply the bundle, go back; return the seed, forward and back reports."""
    case = CASES[case_name]
    bundle = bundle or cache.bundle(case_name)
    copy = copy_target(cache.target(case.target), tmp_path / "project")
    shutil.copy(SCRIPT, copy / "mw_new_parent.py")
    config = script_config(case, bundle)
    with scratch_database(vendor, purpose="newparent") as entry:
        seeded = run_script(copy, "seed", config, entry, python)
        write_files(copy, bundle.files)
        patch_models(bundle, copy)
        check = write_inheritance_check(case, bundle, copy)
        forward = run_script(copy, "forward", config, entry, python)
        run_script(copy, "back", config, entry, python)
        patch_models(bundle, copy, reverse=True)
        for migration in bundle.migrations:
            (copy / migration.path).unlink()
        check.unlink()
        back = run_script(copy, "after_back", config, entry, python)
    return seeded, forward, back


def new_rows(before: list[Any], after: list[Any]) -> list[Any]:
    return [row for row in after if row not in before]


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_bundle_applies_and_goes_back(
    new_parent_bundles: BundleCache, case_name: str, vendor: str, tmp_path: Path
) -> None:
    case = CASES[case_name]
    seeded, forward, back = apply_forward_and_back(new_parent_bundles, case_name, vendor, tmp_path)
    parent = str(case.plan["parent"]).lower()
    link = f"{parent}_ptr_id"
    app = str(case.plan["model"]).split(".")[0]

    assert all(rows for rows in seeded["dump"].values())
    assert forward["dump"] == seeded["dump"]
    assert forward["problems"] == []
    assert forward["pending"] == ""
    assert forward["historical_parents"] == [f"{app}.{case.plan['parent']}"]
    assert forward["references"]
    assert all(ref.endswith(f"-> {link}") for ref in forward["references"])
    assert forward["new_child_has_parent"]
    assert forward["new_child_reads_back"] == list(case.new_child.values())
    if case.auto_ids:
        assert forward["new_parent_pk"] > seeded["high_water"]
        assert forward["new_child_pk"] > forward["new_parent_pk"]

    assert back["problems"] == []
    assert back["pending"] == ""
    assert back["shape"] == seeded["shape"]
    assert back["references"] == seeded["references"]
    for key, rows in seeded["dump"].items():
        added = new_rows(rows, back["dump"][key])
        assert [row for row in rows if row not in back["dump"][key]] == []
        assert len(added) <= 1, (key, added)  # only what the forward step inserted for the child
    if case.auto_ids:
        assert back["new_child_pk"] > forward["new_child_pk"]


@pytest.mark.parametrize("case_name", ["fleet", "fleet-online"])
def test_django_42_on_python_38_builds_and_applies_the_fleet_bundle(
    new_parent_bundles: BundleCache, tmp_path: Path, case_name: str
) -> None:
    """The child code and the inlined operations work with the oldest Django and Python."""
    from tests.venvs import cached_venv

    python = str(cached_venv("django42-py38", "python3.8", "Django>=4.2,<4.3"))
    target = Target.resolve(new_parent_bundles.target("fleet"), python=python)
    bundle = build_bundle(target, CASES[case_name].plan, vendors=("sqlite",))
    assert bundle.snapshot.django_version.startswith("4.2")
    seeded, forward, back = apply_forward_and_back(
        new_parent_bundles, case_name, "sqlite", tmp_path, bundle=bundle, python=python
    )
    assert forward["dump"] == seeded["dump"]
    assert forward["problems"] == back["problems"] == []
    assert forward["pending"] == back["pending"] == ""
    assert forward["historical_parents"] == ["part1.Aircraft"]
    assert forward["new_parent_pk"] > seeded["high_water"]
    assert back["shape"] == seeded["shape"]


def test_sqlite_keeps_no_stale_references(new_parent_bundles: BundleCache, tmp_path: Path) -> None:
    """The stored DDL of every table pointing at the child names the renamed column."""
    seeded, forward, back = apply_forward_and_back(new_parent_bundles, "fleet", "sqlite", tmp_path)
    ddl = forward["sqlite_ddl"]
    assert ddl["part1_plane"] == (
        'CREATE TABLE "part1_plane" ("aircraft_ptr_id" integer NOT NULL PRIMARY KEY REFERENCES '
        '"part1_aircraft" ("id") DEFERRABLE INITIALLY DEFERRED)'
    )
    for table in ("part1_plane_pilots", "part1_parkingbay"):
        assert 'REFERENCES "part1_plane" ("aircraft_ptr_id")' in ddl[table]
        assert 'REFERENCES "part1_plane" ("id")' not in ddl[table]
        assert 'REFERENCES "part1_plane" ("id")' in back["sqlite_ddl"][table]
    assert back["sqlite_ddl"]["part1_plane"] == seeded["sqlite_ddl"]["part1_plane"].replace(
        '"registration" varchar(100) NOT NULL', ""
    ).replace(", )", ")").replace(
        "AUTOINCREMENT)", 'AUTOINCREMENT, "registration" varchar(100) NOT NULL)'
    )


EXPECTED = GOLDEN / "new_parent" / "fleet"


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_generated_files_match_expected(new_parent_bundles: BundleCache, case_name: str) -> None:
    """The migrations, models.patch and SQL per vendor of every case, byte for byte."""
    # SQLite rebuilds the tables that point at the child in an order Django takes from its
    # model registry, which can change from run to run; the statements themselves cannot.
    assert_matches_expected(
        new_parent_bundles.bundle(case_name), case_name, unordered_sql=("sqlite",)
    )


# What an interrupted run of the fleet's last migration leaves on MariaDB, which commits each DDL
# statement: the parent's counter carried over, the key column renamed, the moved column dropped,
# the foreign keys into the table dropped, the column made a plain integer and linked to the
# parent, and the foreign keys not re-added yet.
HALF_DONE_ON_MARIADB = [
    *(
        line.rstrip(";")
        for line in (EXPECTED / "sql/mysql/part1/0004_plane_inherits_aircraft.sql")
        .read_text(encoding="utf-8")
        .split("-- Forwards: move the id sequence of aircraft")[1]
        .split("-- Rename plane.id")[0]
        .splitlines()[1:]
        if line and not line.startswith("--")
    ),
    "ALTER TABLE `part1_plane` RENAME COLUMN `id` TO `aircraft_ptr_id`",
    "ALTER TABLE `part1_plane` DROP COLUMN `registration`",
    "ALTER TABLE `part1_plane_pilots` DROP FOREIGN KEY "
    "`part1_plane_pilots_plane_id_9a9f3a87_fk_part1_plane_id`",
    "ALTER TABLE `part1_parkingbay` DROP FOREIGN KEY "
    "`part1_parkingbay_plane_id_d9a62853_fk_part1_plane_id`",
    "ALTER TABLE `part1_plane` MODIFY `aircraft_ptr_id` integer NOT NULL",
    "ALTER TABLE `part1_plane` ADD CONSTRAINT `half_done_link` FOREIGN KEY (`aircraft_ptr_id`) "
    "REFERENCES `part1_aircraft` (`id`)",
]


def test_mariadb_rerun_resumes_an_interrupted_migration(
    new_parent_bundles: BundleCache, mysql_url: str, tmp_path: Path
) -> None:
    """Re-running migrate after a failure half-way finishes the job, rows and keys intact."""
    case = CASES["fleet"]
    bundle = new_parent_bundles.bundle("fleet")
    copy = copy_target(new_parent_bundles.target(case.target), tmp_path / "project")
    shutil.copy(SCRIPT, copy / "mw_new_parent.py")
    config = script_config(case, bundle)
    with scratch_database("mysql", purpose="newparentresume") as entry:
        seeded = run_script(copy, "seed", config, entry)
        write_files(copy, bundle.files)
        patch_models(bundle, copy)
        create, copy_rows, _link = (m.name for m in bundle.migrations)
        run_script(copy, "migrate_to", {**config, "migrate_to": ["part1", create]}, entry)
        # A first copy that committed (its INSERT) but was not recorded as applied.
        first_copy = "INSERT INTO part1_aircraft (id, registration) SELECT id, registration " + (
            "FROM part1_plane WHERE id < 10"
        )
        run_script(copy, "sql", {**config, "sql": [first_copy]}, entry)
        run_script(copy, "migrate_to", {**config, "migrate_to": ["part1", copy_rows]}, entry)
        run_script(copy, "sql", {**config, "sql": HALF_DONE_ON_MARIADB}, entry)
        forward = run_script(copy, "forward", config, entry)
    assert forward["dump"] == seeded["dump"]
    assert forward["problems"] == []
    assert forward["pending"] == ""
    assert forward["references"] == [
        "part1_parkingbay.plane_id -> aircraft_ptr_id",
        "part1_plane_pilots.plane_id -> aircraft_ptr_id",
    ]
    assert forward["new_parent_pk"] > seeded["high_water"]


def merge_copy_into_last(bundle: Bundle, copy: Path) -> None:
    """Rewrite the bundle as two migrations: the copy and the ALTERs in one transaction."""
    create, copy_rows, link = bundle.migrations
    copy_source = (copy / copy_rows.path).read_text(encoding="utf-8")
    copy_class = copy_source[copy_source.index("class CopyToParent") :].split("class Migration")[0]
    copy_call = copy_source.split("operations = [")[1].rsplit("]", 1)[0].strip()
    source = (copy / link.path).read_text(encoding="utf-8")
    source = source.replace(repr(copy_rows.name), repr(create.name))
    source = source.replace("class Migration(", copy_class + "class Migration(")
    source = source.replace("operations = [", "operations = [\n        " + copy_call, 1)
    (copy / link.path).write_text(source, encoding="utf-8")
    (copy / copy_rows.path).unlink()


def test_postgresql_copy_and_alters_in_one_transaction_fail(
    new_parent_bundles: BundleCache, postgresql_url: str, tmp_path: Path
) -> None:
    """Why the copy is a migration of its own: the deferred checks of the copied rows' foreign
    keys are still pending when the same transaction alters the parent table."""
    case = CASES["hangar"]
    bundle = new_parent_bundles.bundle("hangar")
    copy = copy_target(new_parent_bundles.target(case.target), tmp_path / "project")
    shutil.copy(SCRIPT, copy / "mw_new_parent.py")
    config = script_config(case, bundle)
    with scratch_database("postgresql", purpose="newparentpending") as entry:
        run_script(copy, "seed", config, entry)
        write_files(copy, bundle.files)
        patch_models(bundle, copy)
        merge_copy_into_last(bundle, copy)
        env = {**os.environ, "MW_DB": json.dumps(entry), "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        proc = subprocess.run(
            [sys.executable, "mw_new_parent.py", "forward", json.dumps(config)],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    assert proc.returncode != 0
    assert "pending trigger events" in proc.stderr
