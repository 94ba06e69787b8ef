"""move_model bundles: their files as expected, and rehearsed forward and back on SQLite,
PostgreSQL and MariaDB: every row and pair read under the new label, the migration state moved,
the content type's id and permissions kept, and everything back as it was after going back."""

from __future__ import annotations

import pytest

from tests.bundle_cache import BundleCache
from tests.golden import assert_matches_expected
from tests.targets import tree_state
from tests.wizard.move_model_cases import CASES
from wizard.rehearsal import rehearse
from wizard.target import Target

KIND_CHECKS = ["plan_has_data", "rows_moved", "state_moved", "content_type_kept"]


@pytest.mark.parametrize("case_name", sorted(CASES))
def test_generated_files_match_expected(move_bundles: BundleCache, case_name: str) -> None:
    assert_matches_expected(move_bundles.bundle(case_name), case_name)


@pytest.mark.parametrize("case_name", ["plain-keep", "store-keep", "store-rename"])
def test_a_move_rehearses_clean_on_sqlite(move_bundles: BundleCache, case_name: str) -> None:
    root = move_bundles.target(CASES[case_name].target)
    before = tree_state(root)
    report = rehearse(Target.resolve(root), move_bundles.bundle(case_name).to_zip(), rows=12)
    assert {c.name: c.items for c in report.failed_checks} == {}
    names = [c.name for c in report.checks]
    assert all(name in names for name in KIND_CHECKS)
    assert "rows_restored" in names and "schema_restored" in names
    assert tree_state(root) == before


@pytest.fixture(params=["postgresql", "mysql"])
def server_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.mark.parametrize("case_name", ["store-keep", "store-rename", "store-rename-online"])
def test_a_move_rehearses_clean_on_the_servers(
    move_bundles: BundleCache, server_url: str, case_name: str
) -> None:
    root = move_bundles.target(CASES[case_name].target)
    bundle = move_bundles.bundle(case_name)
    report = rehearse(Target.resolve(root), bundle.to_zip(), rows=10, database=server_url)
    assert {c.name: c.items for c in report.failed_checks} == {}
    content = next(c for c in report.checks if c.name == "content_type_kept")
    assert "has the id shop.Product's had" in content.detail
