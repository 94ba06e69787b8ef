"""Issue 11 in Chromium: tick Online for the fleet's new parent, see the preview say so, then read
the lock times at the row counts of a database of one's own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer
from test_wizard_walks import choose, load_example, preview
from wizard_pages import CHECK, EXAMPLES, Walk, tree_digest

from wizard.scratch import parse_server_url, scratch_database

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def planes_database(postgresql_url: str) -> Iterator[str]:
    """Yield the URL of a scratch PostgreSQL database with the fleet's plane table, 120,000 rows
    of it, analysed."""
    server = parse_server_url(postgresql_url)
    with scratch_database(postgresql_url, purpose="ui_rows") as entry:
        with psycopg.connect(
            host=server.host,
            port=server.port or 5432,
            user=server.user,
            dbname=entry["NAME"],
            autocommit=True,
        ) as connection:
            connection.execute(
                "CREATE TABLE part1_plane (id integer PRIMARY KEY, registration varchar(100))"
            )
            connection.execute(
                "INSERT INTO part1_plane SELECT i, 'F-' || i FROM generate_series(1, 120000) i"
            )
            connection.execute("ANALYZE part1_plane")
        yield f"{server.label}/{entry['NAME']}"


def test_fleet_online_with_its_own_row_counts(
    page: Page, live_server: LiveServer, artifacts_dir: Path, planes_database: str
) -> None:
    before = tree_digest(EXAMPLES / "fleet")
    page.set_viewport_size({"width": 1280, "height": 900})
    walk = Walk(page, artifacts_dir, "wizard-online")
    load_example(walk, live_server.url, "fleet")
    choose(walk, "Insert a new parent class")
    page.get_by_label("Name of the new parent model").fill("Aircraft")
    page.get_by_label("registration (CharField)").check()
    online = page.get_by_label("Online (big tables, site stays up)")
    expect(online).not_to_be_checked()
    expect(page.get_by_text("the database user must be allowed to create triggers")).to_be_visible()
    online.check()
    expect(page.locator("#plan-check")).to_contain_text(
        "The wizard can build this plan, online.", timeout=CHECK
    )
    walk.shot("details-online")

    preview(walk)
    expect(
        page.get_by_role("heading", name="part1.Plane gets the new parent Aircraft, online")
    ).to_be_visible()
    expect(page.get_by_text("Online bundle", exact=True)).to_be_visible()
    expect(page.get_by_text("s per million rows").first).to_be_visible()

    page.get_by_label("Your database's URL (read-only, for lock times at your row counts)").fill(
        "postgresql://nobody@127.0.0.1:1/none"
    )
    page.get_by_role("button", name="Read its row counts").click()
    expect(page.locator("#row-counts-form")).to_contain_text(
        "Could not read the row counts of 'postgresql://nobody@127.0.0.1:1/none':"
    )
    walk.shot("preview-row-counts-refused")
    page.get_by_label("Your database's URL (read-only, for lock times at your row counts)").fill(
        planes_database
    )
    page.get_by_role("button", name="Read its row counts").click()
    expect(page.locator(".rows-from")).to_contain_text(
        f"Lock times at the row counts of {planes_database}, read from its catalog."
    )
    cell = page.locator("td").filter(has_text=re.compile(r"^\d+\.\d s at 1\d\d,\d{3} rows$"))
    expect(cell.first).to_be_attached()
    walk.shot("preview-row-counts")
    assert tree_digest(EXAMPLES / "fleet") == before
