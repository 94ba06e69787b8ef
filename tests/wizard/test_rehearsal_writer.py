"""The promise of online bundles: a writer busy during migrate loses none of its rows.

On PostgreSQL and MariaDB the rehearsal of an online plan runs migrate while a writer on its own
connection inserts and updates the plan's tables; every row it wrote must be there afterwards
with its values. The check is tested on its own (a log with a row that is not there) and on a
bundle that forgets the rows written while it ran.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest

from tests.bundle_cache import BundleCache
from tests.wizard import broken_bundles, m2m_through_cases, new_parent_cases
from wizard.rehearsal import RehearsalReport, rehearse
from wizard.rehearsal.report import Check
from wizard.rehearsal.writer import not_run, while_writing, writer_check, writer_payload
from wizard.target import Target

ROWS = 40
GARAGE_PLAN = {**new_parent_cases.CASES["garage"].plan, "online": True}
BLOG_PLAN = {**m2m_through_cases.CASES["blog-rename-extra"].plan, "online": True}


@dataclass(frozen=True)
class Case:
    target: str
    plan: dict[str, Any]
    vendors: tuple[str, ...] = ("postgresql", "mysql")


CASES = {
    "garage": Case("garage", GARAGE_PLAN),
    "blog": Case("blog", BLOG_PLAN),
}


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> BundleCache:
    targets = {"garage": new_parent_cases.garage, "blog": m2m_through_cases.blog_target}
    return BundleCache(tmp_path_factory.mktemp("writer-targets"), targets, CASES)


@pytest.fixture(params=["postgresql", "mysql"])
def server_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


def run(bundles: BundleCache, case: str, bundle: bytes, database: str) -> RehearsalReport:
    root = bundles.target(CASES[case].target)
    return rehearse(Target.resolve(root), bundle, database=database, rows=ROWS)


def writer_line(report: RehearsalReport) -> Check:
    [line] = [check for check in report.checks if check.name == "concurrent_writes"]
    return line


def failures(report: RehearsalReport) -> dict[str, list[str]]:
    return {check.name: check.items for check in report.failed_checks}


# -- on the servers ----------------------------------------------------------------------------


def test_online_m2m_through_loses_no_write(bundles: BundleCache, server_url: str) -> None:
    report = run(bundles, "blog", bundles.bundle("blog").to_zip(), server_url)
    assert failures(report) == {}
    line = writer_line(report)
    # The table is renamed and gains a NOT NULL column while the writer writes: it follows both.
    found = re.fullmatch(
        r"A writer inserting (and updating )?core_post_categories( \(renamed core_postcategory\))? "
        r"during migrate lost none of its (\d+) writes \(\d+ inserts, \d+ updates\); its "
        r"longest wait was \d+\.\d\d s(, during core\.0003_post_categories_through)?\.",
        line.detail,
    )
    assert found, line.detail
    assert int(found.group(3)) >= 6  # the writes made before the first migration, at least


def test_online_new_parent_loses_no_write(bundles: BundleCache, server_url: str) -> None:
    """The mirror trigger carries what is written between the copy and the link."""
    report = run(bundles, "garage", bundles.bundle("garage").to_zip(), server_url)
    assert failures(report) == {}
    assert "lost none of its" in writer_line(report).detail


def test_writer_sees_rows_a_bundle_forgets(bundles: BundleCache, server_url: str) -> None:
    bundle = broken_bundles.forget_late_pairs(bundles.bundle("blog").to_zip())
    report = run(bundles, "blog", bundle, server_url)
    # Only the writer sees it: the seeded pairs were all there when the migration began.
    assert list(failures(report)) == ["concurrent_writes"]
    line = writer_line(report)
    assert re.fullmatch(
        r"A writer inserting and updating core_post_categories \(renamed core_postcategory\) "
        r"during migrate lost \d+ of the \d+ rows it wrote; its longest wait was .*",
        line.detail,
    ), line.detail
    assert re.fullmatch(
        r"core_postcategory pk \d+ \(the writer's insert at \d+\.\d\d s, during "
        r"core\.0004_forget_late_pairs\) is not there after migrate\.",
        line.items[0],
    ), line.items[0]


def test_writer_not_run_on_sqlite(bundles: BundleCache) -> None:
    report = run(bundles, "blog", bundles.bundle("blog").to_zip(), "sqlite")
    assert failures(report) == {}
    line = writer_line(report)
    assert (line.ok, line.detail) == (True, "Not run: not on SQLite: one writer at a time.")


# -- the check on its own ----------------------------------------------------------------------


def write(turn: int, table: str, key: int, action: str, **values: Any) -> dict[str, Any]:
    during = "part1.0004_plane_inherits_aircraft" if turn > 2 else None
    return {"turn": turn, "table": table, "key": key, "action": action, "values": values,
            "at": turn * 0.02, "during": during}  # fmt: skip


def result(writes: list[dict[str, Any]], now: list[dict[str, Any]]) -> dict[str, Any]:
    during = "part1.0004_plane_inherits_aircraft"
    return {"tables": [["part1_plane", "part1_plane"]], "writes": writes, "now": now,
            "refusals": {}, "longest_wait": 0.25, "longest_wait_during": during,
            "failure": None}  # fmt: skip


WRITES = [
    write(1, "part1_plane", 301, "insert", id=301, registration="a"),
    write(2, "part1_plane", 301, "update", id=301, registration="b"),
    write(3, "part1_aircraft", 302, "insert", id=302, registration="c"),
    write(3, "part1_plane", 302, "insert", aircraft_ptr_id=302),
    write(4, "part1_aircraft", 301, "update", id=301, registration="d"),
]


def plane(key: int, registration: str) -> list[dict[str, Any]]:
    """Return what the child reads of a plane after the link: its own row and its parent's."""
    values = {"aircraft_ptr_id": [key, "part1_plane"], "id": [key, "part1_aircraft"],
              "registration": [registration, "part1_aircraft"]}  # fmt: skip
    return [
        {"table": "part1_plane", "key": key, "now": values},
        {"table": "part1_aircraft", "key": key, "now": values},
    ]


def test_writer_check_holds_when_every_row_is_there() -> None:
    found, notes = writer_check(result(WRITES, [*plane(301, "d"), *plane(302, "c")]))
    assert found == Check(
        "concurrent_writes",
        "A writer inserting and updating rows during migrate loses none of them",
        "forward",
        True,
        "A writer inserting and updating part1_plane and part1_aircraft during migrate lost "
        "none of its 4 writes (2 inserts, 2 updates); its longest wait was 0.25 s, during "
        "part1.0004_plane_inherits_aircraft.",
    )
    assert notes == []


def test_writer_check_names_the_first_lost_row() -> None:
    found, _notes = writer_check(result(WRITES, plane(301, "d")))
    assert not found.ok
    assert found.detail == (
        "A writer inserting and updating part1_plane and part1_aircraft during migrate lost 1 "
        "of the 2 rows it wrote; its longest wait was 0.25 s, during "
        "part1.0004_plane_inherits_aircraft."
    )
    assert found.items == [
        "part1_plane pk 302 (the writer's insert at 0.06 s, during "
        "part1.0004_plane_inherits_aircraft) is not there after migrate."
    ]


def test_writer_check_names_a_value_the_parent_lost() -> None:
    found, _notes = writer_check(result(WRITES[:2], plane(301, "a")))
    assert found.items == [
        "part1_plane pk 301: registration is 'a' in part1_aircraft, but the writer's update at "
        "0.04 s, outside any migration, wrote 'b'."
    ]


def test_writer_check_fails_when_nothing_was_written() -> None:
    empty = {**result([], []), "refusals": {'relation "part1_plane" does not exist': 3}}
    found, notes = writer_check(empty)
    assert found.items == [
        "The writer wrote nothing during migrate: nothing was proven: "
        'relation "part1_plane" does not exist.'
    ]
    assert notes == [
        "The writer's statements were refused 3 times while migrate changed the tables under "
        'it, then it read their shape again (first: relation "part1_plane" does not exist).'
    ]


def test_long_wait_is_a_note_not_a_failure() -> None:
    slow = {**result(WRITES[:1], plane(301, "a")[:1]), "longest_wait": 2.5}
    found, notes = writer_check(slow)
    assert found.ok
    assert notes == [
        "The writer's longest wait for part1_plane was 2.50 s, during "
        "part1.0004_plane_inherits_aircraft: the site's requests that write there would wait "
        "as long."
    ]


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql", "mysql"])
def test_default_plan_runs_no_writer(vendor: str) -> None:
    plan = new_parent_cases.CASES["hangar"].plan
    assert (writer_payload(plan, vendor), not_run(plan, vendor)) == (None, None)


def test_online_plan_runs_a_writer_on_servers_only() -> None:
    assert writer_payload(GARAGE_PLAN, "postgresql") == {"plan": GARAGE_PLAN, "interval": 0.02}
    assert writer_payload(GARAGE_PLAN, "sqlite") is None
    assert not_run(GARAGE_PLAN, "postgresql") is None


def test_writer_still_waiting_is_said_not_counted_as_losses() -> None:
    found, _notes = writer_check({**result(WRITES, []), "stuck": True})
    assert found.items == [
        "The writer's last statement still waited a minute after migrate ended, so its rows "
        "were not read back."
    ]


def test_writer_check_names_a_column_gone_from_every_table() -> None:
    now = [{"table": "part1_plane", "key": 301, "now": {"id": [301, "part1_plane"]}}]
    found, _notes = writer_check(result(WRITES[:1], now))
    assert found.items == [
        "part1_plane pk 301: registration is in no table any more; the writer's insert at "
        "0.02 s, outside any migration, wrote 'a'."
    ]


def test_migrate_that_failed_says_what_the_writer_did() -> None:
    assert while_writing(result(WRITES, [])) == (
        " (while a writer was inserting and updating part1_plane and part1_aircraft: 4 writes "
        "succeeded)"
    )


def test_writer_check_lets_a_column_go_only_where_the_plan_drops_columns() -> None:
    """drop_through drops accepted fields: a column gone is no loss there, a row gone still is."""
    gone = [
        {"table": "part1_plane", "key": key, "now": {"id": [key, "part1_plane"]}}
        for key in (301, 302)
    ]
    writes = [write(1, "part1_plane", key, "insert", id=key, note="x") for key in (301, 302)]
    assert not writer_check(result(writes, gone))[0].ok
    assert writer_check(result(writes, gone), columns_may_go=True)[0].ok
    assert not writer_check(result(writes, gone[:1]), columns_may_go=True)[0].ok
