"""Apply real drop_through bundles to seeded copies of real targets, on SQLite, PostgreSQL, MariaDB.

What a person does: unzip the bundle, `patch -p1 < models.patch`, migrate. Then every distinct
pair keeps its id, the table is Django's own, new pairs continue after the old ids,
`makemigrations --check` is clean, and migrating back gives the through model's table back
(tests/wizard/drop_through_script.py checks inside the target's own process).
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
from tests.wizard.drop_through_cases import CASES, Case
from wizard.bundle import Bundle, write_files
from wizard.childproc import copy_target
from wizard.scratch import scratch_database

SCRIPT = Path(__file__).with_name("drop_through_script.py")


def check_config(case: Case, bundle: Bundle) -> dict[str, Any]:
    snapshot = bundle.snapshot
    app, model_name, field_name = str(case.plan["field"]).split(".")
    model = snapshot.model(f"{app}.{model_name}")
    assert model is not None
    m2m = next(m for m in model.m2m if m.name == field_name)
    app_info = snapshot.app(app)
    assert app_info is not None
    keep = case.plan.get("table") == "keep"
    return {
        "settings": snapshot.target.settings,
        "app": app,
        "model": model_name,
        "field": field_name,
        "pairs": case.pairs,
        "keys": [m2m.source_field, m2m.target_field],
        "extra_values": case.extra_values,
        "source_values": {"title": "x"} if model_name == "Item" else {"name": "x"},
        "target_values": {"name": "t"},
        "new": [m.name for m in bundle.migrations],
        "before_leaf": app_info.leaf,
        "old_table": m2m.table,
        "old_key_columns": [m2m.source_column, m2m.target_column],
        "new_table": m2m.table if keep else f"{model.table}_{field_name}",
        "refused": case.refused,
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


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_bundle_applies_keeps_every_pair_and_goes_back(
    drop_bundles: BundleCache, case_name: str, vendor: str, tmp_path: Path
) -> None:
    case = CASES[case_name]
    if vendor not in case.vendors:
        pytest.skip(f"{case_name} is proven on {', '.join(case.vendors)}")
    bundle = drop_bundles.bundle(case_name)
    copy = tmp_path / "project"
    copy_target(drop_bundles.target(case.target), copy)
    shutil.copy(SCRIPT, copy / "mw_check.py")
    config = check_config(case, bundle)
    with scratch_database(vendor, purpose="dropapply") as entry:
        seeded = run_script(copy, "seed", config, entry)  # before the bundle's files are there
        config["old_columns"] = seeded["old_columns"]
        write_files(copy, bundle.files)
        subprocess.run(
            ["patch", "-p1", "--batch", "--silent"],
            input=bundle.files["models.patch"],
            cwd=copy,
            check=True,
        )
        config["expected_rows"] = seeded["rows"]
        report = run_script(copy, "check", config, entry)
    assert report["problems"] == []
    if not case.refused:
        assert report["new_id"] > seeded["high_water"]


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_generated_files_match_expected(drop_bundles: BundleCache, case_name: str) -> None:
    assert_matches_expected(drop_bundles.bundle(case_name), case_name)


def test_online_refuses_a_primary_key_change_that_rewrites_the_table(
    drop_bundles: BundleCache,
) -> None:
    """core.Labelling's AutoField would become the BigAutoField Django gives its own table."""
    from wizard.bundle import build_bundle
    from wizard.errors import PlanError
    from wizard.target import Target

    raw = {
        "kind": "drop_through",
        "field": "core.Item.labels",
        "drop_fields": ["note", "weight"],
        "online": True,
    }
    with pytest.raises(PlanError) as refused:
        build_bundle(Target.resolve(drop_bundles.target("shop")), raw, vendors=("sqlite",))
    assert str(refused.value) == (
        "Online mode cannot change core.Labelling.id from AutoField to BigAutoField, the primary "
        "key Django gives an auto-created table: the database rewrites the whole table "
        "core_labelling to do it; leave 'online' out, or give the through model that primary "
        "key first."
    )
