"""Apply real m2m_through bundles to seeded copies of real targets, on SQLite, PostgreSQL, MariaDB.

What a person does: unzip the bundle at the target's root, `patch -p1 < models.patch`, migrate.
Then every pair and every through-row id must still be there, the field and the new model must
work, a new row must continue the ids, `makemigrations --check` must be clean, and migrating back
must restore the original table and its rows (tests/wizard/m2m_through_script.py does the
checking inside the target's own process).
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
from tests.golden import assert_matches_expected
from tests.wizard.m2m_through_cases import CASES, Case
from wizard.bundle import Bundle, build_bundle, write_files
from wizard.childproc import copy_target
from wizard.scratch import scratch_database
from wizard.target import Target

SCRIPT = Path(__file__).with_name("m2m_through_script.py")


def check_config(case: Case, bundle: Bundle) -> dict[str, Any]:
    snapshot = bundle.snapshot
    app, model_name, field_name = str(case.plan["field"]).split(".")
    model = snapshot.model(f"{app}.{model_name}")
    assert model is not None
    m2m = next(m for m in model.m2m if m.name == field_name)
    app_info = snapshot.app(app)
    assert app_info is not None
    return {
        "settings": snapshot.target.settings,
        "app": app,
        "model": model_name,
        "field": field_name,
        "through": case.plan["through"],
        "new": [m.name for m in bundle.migrations],
        "before_leaf": app_info.leaf,
        "old_table": m2m.table,
        "source_field": m2m.declared_fields[0],
        "target_field": m2m.declared_fields[1],
        "source_column": m2m.source_column,
        "target_column": m2m.target_column,
        "extra_values": case.extra_values,
        "through_defaults": case.through_defaults,
        "seed_command": case.seed_command,
    }


def run_script(copy: Path, command: str, config: dict[str, Any], entry: dict[str, Any]) -> Any:
    env = {**os.environ, "MW_DB": json.dumps(entry), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.run(
        [sys.executable, "mw_check.py", command, json.dumps(config)],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def apply_bundle(bundle: Bundle, root: Path, copy: Path) -> None:
    """Unzip the bundle at the copy's root and apply models.patch, as the README says."""
    copy_target(root, copy)
    write_files(copy, bundle.files)
    subprocess.run(
        ["patch", "-p1", "--batch", "--silent"],
        input=bundle.files["models.patch"],
        cwd=copy,
        check=True,
    )


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_bundle_applies_and_keeps_every_row(
    m2m_bundles: BundleCache, case_name: str, vendor: str, tmp_path: Path
) -> None:
    case = CASES[case_name]
    bundle = m2m_bundles.bundle(case_name)
    root = m2m_bundles.target(case.target)
    copy = tmp_path / "project"
    copy_target(root, copy)
    shutil.copy(SCRIPT, copy / "mw_check.py")
    config = check_config(case, bundle)
    with scratch_database(vendor, purpose="m2mapply") as entry:
        write_files(copy, {m.path: m.source for m in bundle.migrations})
        run_script(copy, "seed", config, entry)
        write_files(copy, bundle.files)
        subprocess.run(
            ["patch", "-p1", "--batch", "--silent"],
            input=bundle.files["models.patch"],
            cwd=copy,
            check=True,
        )
        report = run_script(copy, "check", config, entry)
    assert report["problems"] == []
    assert report["pairs"] > 0
    assert report["new_rows"] >= 1
    # Ids are never issued twice, in either direction: the seed deleted the newest pairs, so the
    # counter's high-water mark is above max(id), and a new pair gets an id above that mark after
    # the bundle (on SQLite, after the table rebuild of an extra field) and again after going back.
    assert report["high_water"] > report["max_id"]
    assert report["new_id"] > report["high_water"]
    assert report["back_id"] > report["new_id"]


# --- Generated files compared with the expected ones ------------------------------------------


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_generated_files_match_expected(m2m_bundles: BundleCache, case_name: str) -> None:
    assert_matches_expected(m2m_bundles.bundle(case_name), case_name)


def test_same_plan_and_target_give_the_same_bytes(m2m_bundles: BundleCache) -> None:
    case = CASES["blog-rename-extra"]
    first = m2m_bundles.bundle("blog-rename-extra")
    again = build_bundle(Target.resolve(m2m_bundles.target(case.target)), case.plan)
    assert again.to_zip() == first.to_zip()


def test_generated_migrations_import_only_django_and_the_standard_library(
    m2m_bundles: BundleCache,
) -> None:
    for case_name in sorted(CASES):
        for migration in m2m_bundles.bundle(case_name).migrations:
            imports = [
                line.split()[1]
                for line in migration.source.splitlines()
                if line.startswith(("import ", "from "))
            ]
            assert imports, migration.path
            for module in imports:
                assert module.split(".")[0] in {"django", "datetime", "uuid", "decimal"}, module
            assert "RunPython" not in migration.source
