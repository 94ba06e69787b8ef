"""Rehearse on real PostgreSQL and MariaDB servers: the real bundles hold, the broken ones do not.

Each rehearsal creates its own throw-away database (``mw_rehearsal_<pid>_<hex>``) and drops it.
"""

from __future__ import annotations

import os

import pytest

from tests.wizard import broken_bundles
from wizard.rehearsal import RehearsalReport, rehearse, render_text
from wizard.scratch import _admin_connect, parse_server_url
from wizard.target import Target

ROWS = 25


def run(example: str, bundle: bytes, url: str) -> RehearsalReport:
    return rehearse(
        Target.resolve(broken_bundles.EXAMPLES / example), bundle, database=url, rows=ROWS
    )


def failures(report: RehearsalReport) -> dict[str, list[str]]:
    return {check.name: check.items for check in report.failed_checks}


def leftover_databases(url: str) -> list[str]:
    """Return the rehearsal databases this process left on the server (there must be none)."""
    server = parse_server_url(url)
    connection = _admin_connect(server)
    try:
        cursor = connection.cursor()
        pattern = f"mw_rehearsal_{os.getpid()}_%"
        if server.vendor == "postgresql":
            cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [pattern])
        else:
            cursor.execute("SHOW DATABASES LIKE %s", [pattern])
        return [row[0] for row in cursor.fetchall()]
    finally:
        connection.close()


@pytest.fixture(params=["postgresql", "mysql"])
def server_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


@pytest.mark.parametrize("example", ["blog", "fleet"])
def test_real_bundle_passes_every_check(server_url: str, example: str) -> None:
    report = run(example, broken_bundles.example_bundle(example), server_url)
    assert failures(report) == {}
    assert report.ok
    assert report.database == parse_server_url(server_url).vendor
    assert leftover_databases(server_url) == []
    # Previewed on SQLite only: the bundle has no SQL of this server to read locks from.
    assert report.locks == []


def test_rehearsal_reports_locks_at_its_rows(postgresql_url: str) -> None:
    from wizard.bundle import build_bundle

    root = broken_bundles.EXAMPLES / "fleet"
    bundle = build_bundle(
        Target.resolve(root), broken_bundles.PLANS["fleet"], vendors=("postgresql",)
    )
    report = run("fleet", bundle.to_zip(), postgresql_url)
    assert report.ok
    assert [line.split(":")[0] for line in report.locks] == [
        "Locks of part1.0002_create_aircraft",
        "Locks of part1.0003_copy_plane_to_aircraft",
        "Locks of part1.0004_plane_inherits_aircraft",
    ]
    # ROWS planes, minus the deleted ones: every wait is a moment at that size.
    assert report.locks[2] == (
        "Locks of part1.0004_plane_inherits_aircraft: PostgreSQL: blocks reads and writes of "
        "part1_plane, part1_parkingbay and part1_plane_pilots for a moment; blocks writes of "
        "part1_aircraft for a moment."
    )
    assert "Locks at these row counts" in render_text(report)


def test_story_copy_misaligns_parent_ids_on_postgresql(postgresql_url: str) -> None:
    root = broken_bundles.EXAMPLES / "fleet"
    report = run("fleet", broken_bundles.story_copy(root), postgresql_url)
    [item] = failures(report)["bundle_applies"]
    assert item.startswith(
        "Migration part1.0002_drones_ahoy failed: IntegrityError: insert or update on table "
        '"part1_plane" violates foreign key constraint'
    )
    assert 'is not present in table "part1_aircraft"' in item
    assert leftover_databases(postgresql_url) == []


def test_missing_sequence_reset_is_caught_on_postgresql(postgresql_url: str) -> None:
    root = broken_bundles.EXAMPLES / "fleet"
    report = run("fleet", broken_bundles.no_sequence_reset(root), postgresql_url)
    found = failures(report)
    assert sorted(found) == ["inserts", "migrates_back"]
    duplicate = (
        'IntegrityError: duplicate key value violates unique constraint "part1_aircraft_pkey"'
    )
    assert [item.split(" DETAIL")[0] for item in found["inserts"]] == [
        f"part1.Aircraft: {duplicate}",
        f"part1.Plane: {duplicate}",
    ]
    # The rows themselves line up: the only fault is the sequence (and no way back).
    held = {check.name for check in report.checks if check.ok}
    assert {"rows_kept", "pairs_kept", "parent_rows", "moved_values", "foreign_keys"} <= held


def test_wrong_through_pk_type_is_caught_by_the_catalogue(server_url: str) -> None:
    root = broken_bundles.EXAMPLES / "blog"
    report = run("blog", broken_bundles.through_pk(root, "both"), server_url)
    assert failures(report) == {
        "schema_matches_models": [
            "core.PostCategory.id (core_postcategory.id): the column is bigint, the model says "
            "integer."
        ]
    }


def test_no_scratch_database_is_left_after_a_failed_rehearsal(postgresql_url: str) -> None:
    root = broken_bundles.EXAMPLES / "fleet"
    report = run("fleet", broken_bundles.naive_plane(root), postgresql_url)
    assert not report.ok
    assert leftover_databases(postgresql_url) == []
