"""Apply real flatten_parent bundles to seeded copies of targets: SQLite, PostgreSQL, MariaDB.

What a person does: unzip the bundle, `patch -p1 < models.patch`, migrate. Then every child keeps
its pk and the values it read through its parent, M2M pairs and foreign keys keep their rows, the
parent stays or goes as planned, `makemigrations --check` is clean, the tables are what the
models declare, a new row gets an id above every id either table issued; migrating back gives the
child its parent rows again (the one made after the bundle included) and the original schema.
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
from tests.wizard.flatten_parent_cases import CASES, Case
from wizard.bundle import Bundle, build_bundle, write_files
from wizard.childproc import copy_target
from wizard.scratch import scratch_database
from wizard.target import Target

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("flatten_parent_script.py")


def script_config(case: Case, bundle: Bundle) -> dict[str, Any]:
    app = bundle.snapshot.app(case.app)
    assert app is not None
    return {
        "settings": bundle.snapshot.target.settings,
        "repo": str(ROOT),
        "app": case.app,
        "leaf": app.leaf,
        "child": case.plan["model"],
        "parent": case.parent,
        "keep_parent": case.plan["keep_parent"],
        "child_fields": case.child_fields,
        "others": case.others,
        "m2m": case.m2m,
        "seed": case.seed,
        "new_child": case.new_child,
        "new_parent": case.new_parent,
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
        [python, "mw_flatten.py", command, json.dumps(config)],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def apply_bundle(bundle: Bundle, copy: Path) -> None:
    write_files(copy, bundle.files)
    subprocess.run(
        ["patch", "-p1", "--batch", "--silent"],
        input=bundle.files["models.patch"],
        cwd=copy,
        check=True,
    )


def without(found: dict[str, Any], label: str) -> dict[str, Any]:
    return {key: value for key, value in found.items() if key != label}


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_bundle_applies_keeps_every_row_and_goes_back(
    flatten_bundles: BundleCache, case_name: str, vendor: str, tmp_path: Path
) -> None:
    case = CASES[case_name]
    if vendor not in case.vendors:
        pytest.skip(f"{case_name} is proven on {', '.join(case.vendors)}")
    bundle = flatten_bundles.bundle(case_name)
    copy = tmp_path / "project"
    copy_target(flatten_bundles.target(case.target), copy)
    shutil.copy(SCRIPT, copy / "mw_flatten.py")
    config = script_config(case, bundle)
    with scratch_database(vendor, purpose="flatapply") as entry:
        seeded = run_script(copy, "seed", config, entry)
        apply_bundle(bundle, copy)
        after = run_script(copy, "forward", config, entry)
        back = run_script(copy, "back", config, entry)
    assert after["problems"] == []
    before = seeded["dump"]
    if case.plan["keep_parent"]:
        assert after["dump"] == before
        assert after["new_parent"] > seeded["high_water"]
    else:
        assert without(after["dump"], case.parent) == without(before, case.parent)
    assert after["new_child"] > seeded["high_water"]
    # Going back: every row as before, plus the child made after the bundle, with its parent row.
    new_rows = [row for row in back["dump"][case.plan["model"]] if row[0] == after["new_child"]]
    assert len(new_rows) == 1
    assert without(back["dump"], case.plan["model"]) == without_new(before, after, case)
    assert [row for row in back["dump"][case.plan["model"]] if row not in new_rows] == before[
        case.plan["model"]
    ]
    assert back["new_parent"] > after["new_child"]
    assert schema_lines(back["schema"]) == schema_lines(seeded["schema"])


def schema_lines(schema: str) -> list[str]:
    """Return the schema's lines per table with constraint names left out (MariaDB renames
    foreign keys it drops and re-adds), sorted: the same tables, columns, types and constraints."""
    lines, table = [], ""
    for line in schema.splitlines():
        if line.startswith("table "):
            table = line
        words = line.split()
        if words[:2] in (["primary", "key"], ["foreign", "key"]):
            words[2] = "*"
        elif words[:1] in (["unique"], ["check"], ["index"]):
            words[1] = "*"
        lines.append(f"{table}: {' '.join(words)}")
    return sorted(lines)


def without_new(before: dict[str, Any], after: dict[str, Any], case: Case) -> dict[str, Any]:
    """Return ``before`` with the parent row the new child gets going back."""
    expected = without(before, case.plan["model"])
    if case.parent in expected and expected[case.parent] is not None:
        expected = dict(expected)
        fields = dict(case.others).get(case.parent)
        if fields is not None:
            row = [after["new_child"]] + [case.new_child.get(name) for name in fields[1:]]
            expected[case.parent] = sorted([*expected[case.parent], row], key=str)
    return expected


def test_django_42_on_python_38_builds_and_applies_a_bundle(
    flatten_bundles: BundleCache, tmp_path: Path
) -> None:
    """The child code and the inlined operations work with the oldest Django and Python."""
    from tests.venvs import cached_venv

    python = str(cached_venv("django42-py38", "python3.8", "Django>=4.2,<4.3"))
    case = CASES["hangar-keep"]
    target = Target.resolve(flatten_bundles.target(case.target), python=python)
    bundle = build_bundle(target, case.plan, vendors=("sqlite",))
    assert bundle.snapshot.django_version.startswith("4.2")
    copy = tmp_path / "project"
    copy_target(flatten_bundles.target(case.target), copy)
    shutil.copy(SCRIPT, copy / "mw_flatten.py")
    config = script_config(case, bundle)
    with scratch_database("sqlite", purpose="flat42") as entry:
        seeded = run_script(copy, "seed", config, entry, python)
        apply_bundle(bundle, copy)
        after = run_script(copy, "forward", config, entry, python)
        back = run_script(copy, "back", config, entry, python)
    assert after["problems"] == []
    assert after["dump"] == seeded["dump"]
    assert after["new_child"] > seeded["high_water"]
    assert schema_lines(back["schema"]) == schema_lines(seeded["schema"])


def test_dropping_a_parent_with_rows_of_its_own_stops_before_any_change(
    flatten_bundles: BundleCache, vendor: str, tmp_path: Path
) -> None:
    case = CASES["fleet-drop"]
    bundle = flatten_bundles.bundle("fleet-drop")
    copy = tmp_path / "project"
    copy_target(flatten_bundles.target(case.target), copy)
    shutil.copy(SCRIPT, copy / "mw_flatten.py")
    config = script_config(case, bundle)
    with scratch_database(vendor, purpose="flatrefuse") as entry:
        run_script(copy, "seed", config, entry)
        apply_bundle(bundle, copy)
        report = run_script(copy, "refused", config, entry)
    assert report["message"] == (
        f"core.Aircraft holds 1 rows that are not core.Plane rows (pk {report['pk']}); dropping "
        'its table would lose them. Delete them first, or make the bundle again with "keep_parent"'
        ": true."
    )
    assert report["same_schema"]


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_generated_files_match_expected(flatten_bundles: BundleCache, case_name: str) -> None:
    # Django rebuilds the SQLite tables that point at the child in the order of its registry.
    assert_matches_expected(flatten_bundles.bundle(case_name), case_name, unordered_sql=("sqlite",))
