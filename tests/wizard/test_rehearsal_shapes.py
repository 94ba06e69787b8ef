"""Rehearse both refactors on a target with every shape of index, constraint and field
(tests/shape_targets.py), on SQLite, PostgreSQL and MariaDB: nothing crashes, nothing is skipped
silently, every check holds.

The rehearsals are slow (child processes, migrations of contrib apps): both bundles are built once
and every rehearsal of the module runs at the same time, in threads, the first time one is asked.
The bundles touch only ``core``, which the PostgreSQL target shares, so they apply there too.
"""

from __future__ import annotations

import sqlite3
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.shape_targets import PLANS, make_shapes_target
from wizard.bundle import Bundle, build_bundle
from wizard.childproc import run_child, workspace
from wizard.rehearsal import RehearsalReport, rehearse
from wizard.scratch import VENDORS, scratch_database
from wizard.target import Target

ROWS = 8
KINDS = tuple(PLANS)
SEEDED = {
    "core.ArchivedNote": ROWS,  # routed to a second database by the target's router
    "core.Gadget": ROWS,
    "core.Item": ROWS,  # its GeneratedField is computed by the database, never written
    "core.Label": ROWS,  # functional and conditional unique constraints hold
    "core.Legacy": ROWS,  # unmanaged, but a migration made its table
    "core.Item.labels": 9,
}
UNFILLED = [("core.External", "it is unmanaged (managed = False), so migrate creates no table")]


class Rehearsals:
    """Start every rehearsal of the module at once; hand each test its own result."""

    def __init__(self, folder: Path, urls: dict[str, str]) -> None:
        self.urls = urls
        self.pool = ThreadPoolExecutor(max_workers=8)
        portable = self.pool.submit(make_shapes_target, folder / "portable")
        postgresql = self.pool.submit(make_shapes_target, folder / "pg", postgresql=True)
        self.roots = {"portable": portable.result(), "postgresql": postgresql.result()}
        self.bundles = {kind: self.pool.submit(self.bundle, kind) for kind in KINDS}
        self.reports: dict[tuple[str, str], Future[RehearsalReport]] = {
            (kind, vendor): self.pool.submit(self.rehearse, kind, vendor)
            for kind in KINDS
            for vendor in urls
        }
        self.schemas = {vendor: self.pool.submit(self.describe, vendor) for vendor in urls}

    def root(self, vendor: str) -> Path:
        return self.roots["postgresql" if vendor == "postgresql" else "portable"]

    def bundle(self, kind: str) -> Bundle:
        return build_bundle(
            Target.resolve(self.roots["portable"]), PLANS[kind], vendors=("sqlite",)
        )

    def rehearse(self, kind: str, vendor: str) -> RehearsalReport:
        zipped = self.bundles[kind].result().to_zip()
        target = Target.resolve(self.root(vendor))
        return rehearse(target, zipped, database=self.urls[vendor], rows=ROWS)

    def describe(self, vendor: str) -> str:
        """Return ``schema.describe`` of the target migrated on ``vendor`` (the preview's text)."""
        with workspace(self.root(vendor)) as copy, scratch_database(self.urls[vendor]) as entry:
            payload = {"settings": "target_site.settings", "databases": {"default": entry}}
            result = run_child(sys.executable, "preview", {**payload, "migrations": []}, cwd=copy)
        text: str = result["schema_after"]
        return text


def server_urls(request: pytest.FixtureRequest) -> dict[str, str]:
    """Return the URL of each vendor whose server answers (a test asks again, to skip or fail)."""
    urls = {"sqlite": "sqlite"}
    for vendor in VENDORS:
        if vendor != "sqlite":
            try:
                urls[vendor] = request.getfixturevalue(f"{vendor}_url")
            except (pytest.skip.Exception, pytest.fail.Exception):
                continue
    return urls


@pytest.fixture(scope="module")
def rehearsals(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Rehearsals:
    started = Rehearsals(tmp_path_factory.mktemp("shapes"), server_urls(request))
    request.addfinalizer(started.pool.shutdown)
    return started


def result_of(request: pytest.FixtureRequest, futures: dict[Any, Future[Any]], key: Any) -> Any:
    vendor = key[1] if isinstance(key, tuple) else key
    if key not in futures:
        request.getfixturevalue(f"{vendor}_url")  # skips (or fails in CI) with the reason
    return futures[key].result()


def failures(report: RehearsalReport) -> dict[str, list[str]]:
    return {check.name: check.items for check in report.failed_checks}


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize("kind", KINDS)
def test_rehearsal_holds_on_every_shape(
    rehearsals: Rehearsals, request: pytest.FixtureRequest, kind: str, vendor: str
) -> None:
    report: RehearsalReport = result_of(request, rehearsals.reports, (kind, vendor))
    assert failures(report) == {}
    expected = dict(SEEDED)
    if vendor == "postgresql":
        expected["pgshapes.Booking"] = ROWS  # arrays, ranges apart (exclusion), deferred unique
    assert report.seeded == expected
    assert [(item.model, item.reason) for item in report.unfilled] == UNFILLED
    assert report.ok


LABEL_SQLITE = [
    '  index label_lower_code_idx (<expression>, kind) using idx defined as ((LOWER("code")), '
    '"kind")',
    '  unique label_lower_name_unique (<expression>) using idx defined as ((LOWER("name")))',
    '  unique label_plain_code_unique (code) using idx defined as ("code") WHERE "kind" = '
    "'plain'",
]
BOOKING_POSTGRESQL = [
    "  unique booking_code_incl (code, room) using idx defined as USING btree (code) INCLUDE "
    "(room)",
    "  index booking_code_ops (code) using idx defined as USING btree (code varchar_pattern_ops)",
    "  unique booking_days_one_null (days) defined as UNIQUE NULLS NOT DISTINCT (days)",
    "  unique booking_room_code_deferred (room, code) defined as UNIQUE (room, code) DEFERRABLE "
    "INITIALLY DEFERRED",
    "  index booking_room_incl (room, code) using idx defined as USING btree (room) INCLUDE (code)",
    "  exclusion booking_seats_apart (seats) defined as EXCLUDE USING gist (seats WITH &&) WHERE "
    "((NOT cancelled))",
]
LABEL_POSTGRESQL = [
    "  index label_lower_code_idx (<expression>, kind) using idx defined as USING btree "
    "(lower((code)::text), kind)",
    "  unique label_lower_name_unique () using idx defined as USING btree (lower((name)::text))",
    "  unique label_plain_code_unique (code) using idx defined as USING btree (code) WHERE "
    "((kind)::text = 'plain'::text)",
]


def defined_lines(schema: str, table: str) -> list[str]:
    block = schema.split(f"table {table}\n")[1].split("\n\n")[0]
    return [line for line in block.splitlines() if " defined as " in line]


@pytest.mark.parametrize(
    ("vendor", "table", "expected"),
    [
        ("sqlite", "core_label", LABEL_SQLITE),
        ("postgresql", "core_label", LABEL_POSTGRESQL),
        ("postgresql", "pgshapes_booking", BOOKING_POSTGRESQL),
        ("mysql", "core_label", []),  # MariaDB makes neither (Django warns, models.W036/W043)
    ],
)
def test_schema_names_each_index_by_its_definition(
    rehearsals: Rehearsals,
    request: pytest.FixtureRequest,
    vendor: str,
    table: str,
    expected: list[str],
) -> None:
    schema: str = result_of(request, rehearsals.schemas, vendor)
    assert defined_lines(schema, table) == expected


@pytest.mark.parametrize("vendor", VENDORS)
def test_schema_names_descending_index_columns(
    rehearsals: Rehearsals, request: pytest.FixtureRequest, vendor: str
) -> None:
    schema: str = result_of(request, rehearsals.schemas, vendor)
    block = schema.split("table core_item\n")[1].split("\n\n")[0]
    assert "  index item_price_desc_idx (price DESC, title) using idx" in block.splitlines()


TOTAL_COLUMN = {
    "sqlite": "  column total decimal NULL generated always stored",
    "postgresql": "  column total numeric(12,2) NULL generated always as "
    "(price * (quantity)::numeric) stored",
    "mysql": "  column total decimal(12,2) NULL STORED GENERATED as (`price` * `quantity`)",
}


@pytest.mark.parametrize("vendor", VENDORS)
def test_schema_says_a_generated_column_is_generated(
    rehearsals: Rehearsals, request: pytest.FixtureRequest, vendor: str
) -> None:
    schema: str = result_of(request, rehearsals.schemas, vendor)
    block = schema.split("table core_item\n")[1].split("\n\n")[0]
    assert [line for line in block.splitlines() if "column total" in line] == [TOTAL_COLUMN[vendor]]


def test_sqlite_preview_of_the_bundle_describes_expression_indexes(
    rehearsals: Rehearsals,
) -> None:
    bundle: Bundle = rehearsals.bundles["new_parent"].result()
    [preview] = bundle.previews
    for schema in (preview.schema_before, preview.schema_after):
        assert "(None)" not in schema
        assert (
            "  unique gadget_lower_nickname_unique (<expression>) using idx defined as "
            '((LOWER("nickname")))'
        ) in defined_lines(schema, "core_gadget")


def test_a_declared_index_or_constraint_that_is_gone_is_a_schema_mismatch(
    rehearsals: Rehearsals,
) -> None:
    with workspace(rehearsals.roots["portable"]) as copy, scratch_database("sqlite") as entry:
        payload = {"settings": "target_site.settings", "databases": {"default": entry}}
        run_child(sys.executable, "seed", {**payload, "rows": 1, "fill": False}, cwd=copy)
        before = run_child(sys.executable, "fingerprint", payload, cwd=copy)
        with sqlite3.connect(entry["NAME"]) as database:
            database.execute('DROP INDEX "label_lower_name_unique"')
            database.execute('DROP INDEX "item_price_desc_idx"')
        after = run_child(sys.executable, "fingerprint", payload, cwd=copy)
    assert before["model_mismatches"] == []
    assert after["model_mismatches"] == [
        "core.Item: the index 'item_price_desc_idx' that the model declares is not in the table "
        "core_item.",
        "core.Label: the constraint 'label_lower_name_unique' that the model declares is not in "
        "the table core_label.",
    ]
