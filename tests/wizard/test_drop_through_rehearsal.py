"""The rehearsal holds drop-through bundles: the through model is released on purpose, its rows
proven as the field's pairs, the dropped fields' values counted."""

from __future__ import annotations

import re

import pytest

from tests.bundle_cache import BundleCache
from tests.targets import tree_state
from wizard.rehearsal import rehearse
from wizard.target import Target

FORWARD = ["bundle_applies", "rows_kept", "pairs_kept", "plan_has_data", "auto_table",
           "distinct_pairs"]  # fmt: skip
AFTER = ["inserts", "foreign_keys", "schema_matches_models", "makemigrations", "django_checks"]
BACKWARD = ["migrates_back", "rows_restored", "schema_restored", "inserts_back",
            "foreign_keys_back", "makemigrations_back"]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "dropped"),
    [("plain-rename", False), ("extras-dropped-duplicates-removed", True)],
)
def test_a_drop_through_bundle_rehearses_clean(
    drop_bundles: BundleCache, case: str, dropped: bool
) -> None:
    bundle = drop_bundles.bundle(case)
    root = drop_bundles.target("shop")
    before = tree_state(root)
    report = rehearse(Target.resolve(root), bundle.to_zip(), rows=20)
    assert {c.name: c.items for c in report.failed_checks} == {}
    extra = ["dropped_fields"] if dropped else []
    assert [c.name for c in report.checks] == [*FORWARD, *extra, *AFTER, *BACKWARD]
    through = "core.Labelling" if dropped else "core.ItemTag"
    field = "core.Item.labels" if dropped else "core.Item.tags"
    rows_kept = next(c for c in report.checks if c.name == "rows_kept")
    assert re.search(rf"{through}'s \d+ rows are now the pairs of {field}\.$", rows_kept.detail)
    assert tree_state(root) == before


@pytest.fixture(params=["postgresql", "mysql"])
def server_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


def test_a_drop_through_bundle_with_losses_rehearses_clean_on_the_servers(
    drop_bundles: BundleCache, server_url: str
) -> None:
    # On MariaDB the schema is back too: going back, Django's MySQL schema editor adds an index
    # on the first key before it drops the unique pair (_create_missing_fk_index), and the
    # migration's KeyIndexesAsBefore gives it the key's own name again.
    bundle = drop_bundles.bundle("extras-dropped-duplicates-removed")
    root = drop_bundles.target("shop")
    report = rehearse(Target.resolve(root), bundle.to_zip(), rows=15, database=server_url)
    assert {c.name: c.items for c in report.failed_checks} == {}
    assert "dropped_fields" in [c.name for c in report.checks]


def test_a_self_relation_with_a_named_unique_pair_rehearses_clean_on_mariadb(
    drop_bundles: BundleCache, mysql_url: str
) -> None:
    # Going back re-creates the named constraint, which covers the first key: the index Django
    # added for that key is dropped, as the original table had none. The keys' columns stay in
    # the table's own order (followed before follower), which Django's table does not depend on.
    bundle = drop_bundles.bundle("self-constraint-keep")
    root = drop_bundles.target("people")
    report = rehearse(Target.resolve(root), bundle.to_zip(), rows=15, database=mysql_url)
    assert {c.name: c.items for c in report.failed_checks} == {}
