"""A through model given and handed back: m2m_through, then drop_through, is the original schema.

The blog's auto-created ``core.Post.categories`` gets the through model ``PostCategory`` (the
m2m_through bundle), then drop_through hands it back to Django (a second bundle, built from the
project as the first one left it). On a seeded scratch database of each vendor the tables,
columns, types, constraints and indexes read by the rehearsal's introspection, every row and every
pair under its id, and the ids' high-water marks are what they were before the first bundle, and
the models file is the original one again. (An auto-created table always has its unique pair, so
the drop_through migration adds none, and MariaDB's index for the first key does not arise here;
tests/wizard/test_drop_through_rehearsal.py proves the through models without one.)
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.bundle_cache import BundleCache
from tests.wizard.drop_through_cases import Case
from wizard.bundle import Bundle, write_files
from wizard.childproc import copy_target, run_child
from wizard.scratch import VENDORS, scratch_database

# m2m_through case (tests/wizard/m2m_through_cases.py) -> the drop_through plan that undoes it.
ROUND_TRIPS: dict[str, dict[str, Any]] = {
    "blog-rename-extra": {
        "kind": "drop_through",
        "field": "core.Post.categories",
        "table": "rename",
        "drop_fields": ["date_created"],
    },
    "blog-keep": {"kind": "drop_through", "field": "core.Post.categories", "table": "rename"},
}
ROWS = 12  # per model; the pairs follow


def apply(bundle: Bundle, root: Path) -> None:
    """Unzip the bundle at ``root`` and apply models.patch, as its README says."""
    write_files(root, bundle.files)
    subprocess.run(
        ["patch", "-p1", "--batch", "--silent"],
        input=bundle.files["models.patch"],
        cwd=root,
        check=True,
    )


def given_a_through_model(m2m_bundles: BundleCache, case_name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        case = m2m_bundles.cases[case_name]
        copy = copy_target(m2m_bundles.target(case.target), folder)
        apply(m2m_bundles.bundle(case_name), copy)
        return copy

    return make


@pytest.fixture(scope="module")
def back_bundles(m2m_bundles: BundleCache, tmp_path_factory: pytest.TempPathFactory) -> BundleCache:
    """The drop_through bundles, built from the targets as the m2m_through bundles left them."""
    targets = {name: given_a_through_model(m2m_bundles, name) for name in ROUND_TRIPS}
    cases = {name: Case(name, plan, vendors=VENDORS) for name, plan in ROUND_TRIPS.items()}
    return BundleCache(tmp_path_factory.mktemp("round-trip-targets"), targets, cases)


def observe(copy: Path, payload: dict[str, Any], command: str, **extra: Any) -> Any:
    return run_child(sys.executable, command, {**payload, **extra}, cwd=copy)


def migrated(copy: Path, payload: dict[str, Any]) -> None:
    outcome = observe(copy, payload, "migrate", targets=None)
    assert outcome["error"] is None, outcome["error"]


@pytest.mark.parametrize("case_name", sorted(ROUND_TRIPS))
def test_through_model_given_and_handed_back_is_the_original_schema_and_pairs(
    m2m_bundles: BundleCache,
    back_bundles: BundleCache,
    case_name: str,
    vendor: str,
    tmp_path: Path,
) -> None:
    forward = m2m_bundles.bundle(case_name)
    back = back_bundles.bundle(case_name)
    root = m2m_bundles.target(m2m_bundles.cases[case_name].target)
    copy = copy_target(root, tmp_path / "project")
    original_models = (copy / "core" / "models.py").read_text()
    with scratch_database(vendor, purpose="roundtrip") as entry:
        payload = {"settings": forward.snapshot.target.settings, "databases": {"default": entry}}
        seeded = observe(copy, payload, "seed", rows=ROWS, fill=True)
        assert seeded["pairs"]["core.Post.categories"] > 0
        before = observe(copy, payload, "fingerprint")
        apply(forward, copy)
        migrated(copy, payload)
        apply(back, copy)
        migrated(copy, payload)
        after = observe(copy, payload, "fingerprint")
    assert after["schema"] == before["schema"]
    assert after["fingerprint"] == before["fingerprint"]
    assert after["high_water_marks"] == before["high_water_marks"]
    assert after["model_mismatches"] == after["foreign_key_problems"] == []
    assert after["pending_changes"] == []
    assert (copy / "core" / "models.py").read_text() == original_models
