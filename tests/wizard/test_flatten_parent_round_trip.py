"""new_parent, then flatten_parent on the same model, gives back the original: on SQLite, PostgreSQL
and MariaDB, the same tables, columns, types, constraints and rows, the counter past every id ever
issued, and the models file as it was. Migrating back through both bundles gives the original too.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.bundle_cache import BundleCache
from tests.wizard.test_flatten_parent_apply import ROOT, SCRIPT, apply_bundle, run_script
from tests.wizard.test_flatten_parent_apply import schema_lines as lines
from wizard.bundle import Bundle, build_bundle
from wizard.childproc import copy_target
from wizard.scratch import scratch_database
from wizard.target import Target

# new_parent case -> what the script seeds and reads there (the model before any parent).
CASES: dict[str, dict[str, Any]] = {
    "fleet": {
        "app": "part1",
        "child": "part1.Plane",
        "child_fields": ["pk", "registration"],
        "others": [["part1.ParkingBay", ["pk", "code", "plane_id"]]],
        "m2m": [["part1.Plane", "pilots"]],
        "seed": "fleet",
        "new_child": {"registration": "G-NEWW"},
        "models": "part1/models.py",
    },
    "garage": {
        "app": "garage",
        "child": "garage.Car",
        "child_fields": ["pk", "number", "plate", "colour"],
        "others": [["garage.Service", ["pk", "car_id", "cost"]]],
        "m2m": [["garage.Car", "tags"]],
        "seed": "garage",
        "new_child": {"plate": "NEW"},
        "models": "garage/models.py",
    },
}
_flattened: dict[str, tuple[Path, Bundle]] = {}


def flatten_bundle(new_parent_bundles: BundleCache, case_name: str, folder: Path) -> Bundle:
    """Return the flatten_parent bundle of the target after its new_parent bundle (built once)."""
    if case_name not in _flattened:
        middle = folder / f"{case_name}-with-parent"
        copy_target(new_parent_bundles.target(case_name), middle)
        apply_bundle(new_parent_bundles.bundle(case_name), middle)
        model = CASES[case_name]["child"]
        plan = {"kind": "flatten_parent", "model": model, "keep_parent": False}
        _flattened[case_name] = (middle, build_bundle(Target.resolve(middle), plan))
    return _flattened[case_name][1]


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_new_parent_then_flatten_parent_gives_back_the_original(
    new_parent_bundles: BundleCache,
    case_name: str,
    vendor: str,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    case = CASES[case_name]
    there = new_parent_bundles.bundle(case_name)
    back = flatten_bundle(new_parent_bundles, case_name, tmp_path_factory.getbasetemp())
    original = new_parent_bundles.target(case_name)
    copy = tmp_path / "project"
    copy_target(original, copy)
    shutil.copy(SCRIPT, copy / "mw_flatten.py")
    app = there.snapshot.app(case["app"])
    assert app is not None
    config = {**case, "settings": there.snapshot.target.settings, "repo": str(ROOT)}
    with scratch_database(vendor, purpose="flatround") as entry:
        seeded = run_script(copy, "round_trip_seed", config, entry)
        apply_bundle(there, copy)
        apply_bundle(back, copy)
        after = run_script(copy, "round_trip_migrate", config, entry)
        undone = run_script(copy, "round_trip_migrate", {**config, "to": app.leaf}, entry)
    assert (copy / case["models"]).read_text() == (original / case["models"]).read_text()
    assert after["dump"] == seeded["dump"]
    assert lines(after["schema"]) == lines(seeded["schema"])
    assert after["new_child"] > seeded["high_water"]
    assert undone["dump"] == seeded["dump"]
    assert lines(undone["schema"]) == lines(seeded["schema"])
    assert undone["new_child"] > after["new_child"]
