"""The rehearsal holds flatten_parent bundles: the model no longer inherits (models and migration
state), every row keeps its pk and the values it read through its parent, nothing is lost going
back."""

from __future__ import annotations

import pytest

from tests.bundle_cache import BundleCache
from tests.targets import tree_state
from wizard.rehearsal import rehearse
from wizard.target import Target

FORWARD = ["bundle_applies", "rows_kept", "pairs_kept", "plan_has_data", "state_flat",
           "copied_values"]  # fmt: skip
AFTER = ["inserts", "foreign_keys", "schema_matches_models", "makemigrations", "django_checks"]
BACKWARD = ["migrates_back", "rows_restored", "schema_restored", "inserts_back",
            "foreign_keys_back", "makemigrations_back"]  # fmt: skip


@pytest.mark.parametrize("case", ["fleet-keep", "hangar-keep"])
def test_a_flatten_parent_bundle_rehearses_clean(flatten_bundles: BundleCache, case: str) -> None:
    bundle = flatten_bundles.bundle(case)
    root = flatten_bundles.target(case.split("-")[0])
    before = tree_state(root)
    report = rehearse(Target.resolve(root), bundle.to_zip(), rows=20)
    assert {c.name: c.items for c in report.failed_checks} == {}
    assert [c.name for c in report.checks] == [*FORWARD, *AFTER, *BACKWARD]
    assert tree_state(root) == before


def test_dropping_a_parent_that_has_rows_of_its_own_fails_the_rehearsal(
    flatten_bundles: BundleCache,
) -> None:
    """The seeding gives Aircraft rows of its own, which the dropped table would lose."""
    bundle = flatten_bundles.bundle("fleet-drop")
    report = rehearse(Target.resolve(flatten_bundles.target("fleet")), bundle.to_zip(), rows=10)
    failed = {c.name: " ".join(c.items) for c in report.failed_checks}
    assert list(failed) == ["bundle_applies"]
    assert "rows that are not core.Plane rows" in failed["bundle_applies"]


@pytest.fixture(params=["postgresql", "mysql"])
def server_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


def test_a_flatten_parent_bundle_rehearses_clean_on_the_servers(
    flatten_bundles: BundleCache, server_url: str
) -> None:
    bundle = flatten_bundles.bundle("hangar-keep")
    root = flatten_bundles.target("hangar")
    report = rehearse(Target.resolve(root), bundle.to_zip(), rows=15, database=server_url)
    assert {c.name: c.items for c in report.failed_checks} == {}
    assert [c.name for c in report.checks] == [*FORWARD, *AFTER, *BACKWARD]
