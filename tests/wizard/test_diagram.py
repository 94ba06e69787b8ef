"""schema.svg: the tables a bundle touches, before and after, drawn from what the database said."""

from __future__ import annotations

import re

import pytest

from tests.bundle_cache import BundleCache
from wizard.bundle.diagram import (
    CHANGED,
    GONE,
    NEW,
    RENAMED,
    SAME,
    dot_sources,
    parse_schema,
    statuses,
    touched_tables,
)

BEFORE = """\
table core_post
  column id bigint NOT NULL
  column title varchar(100) NOT NULL
  primary key core_post_pkey (id)

table core_post_categories
  column id bigint NOT NULL
  column post_id bigint NOT NULL
  column category_id bigint NOT NULL
  primary key core_post_categories_pkey (id)
  foreign key core_post_categories_post_id_fk (post_id) references core_post(id)
  foreign key core_post_categories_category_id_fk (category_id) references core_category(id)

table core_category
  column id bigint NOT NULL
  primary key core_category_pkey (id)

table core_old
  column id bigint NOT NULL

table auth_user
  column id integer NOT NULL
  primary key auth_user_pkey (id)
"""
AFTER = BEFORE.replace("core_post_categories", "core_postcategory").replace(
    "table core_old\n  column id bigint NOT NULL\n", "table core_new\n  column code text NULL\n"
)


def test_the_schema_text_reads_as_tables_with_keys() -> None:
    tables = parse_schema(BEFORE)
    through = tables["core_post_categories"]
    assert through.primary == ["id"]
    assert through.foreign == [("post_id", "core_post"), ("category_id", "core_category")]
    assert through.column_names == ["id", "post_id", "category_id"]


def test_each_table_has_its_fate() -> None:
    before, after = parse_schema(BEFORE), parse_schema(AFTER)
    assert statuses(before, after) == {
        "auth_user": SAME,
        "core_category": SAME,
        "core_post": SAME,
        "core_post_categories": RENAMED,
        "core_postcategory": RENAMED,
        "core_old": GONE,
        "core_new": NEW,
    }
    changed = parse_schema(AFTER.replace("title varchar(100)", "title varchar(200)"))
    assert statuses(before, changed)["core_post"] == CHANGED


def test_the_picture_holds_the_changed_tables_and_their_neighbours() -> None:
    before, after = parse_schema(BEFORE), parse_schema(AFTER)
    shown = touched_tables(before, after, statuses(before, after), [])
    assert shown == [
        "core_new",
        "core_old",
        "core_post_categories",
        "core_postcategory",
        "core_category",
        "core_post",
    ]  # auth_user has nothing to do with it
    named = touched_tables(before, before, statuses(before, before), ['UPDATE "auth_user" …'])
    assert named == ["auth_user"]


def svg_titles(svg: str) -> set[str]:
    return {t.replace("&#45;&gt;", "->") for t in re.findall(r"<title>([^<]*)</title>", svg)}


@pytest.mark.skipif("not __import__('shutil').which('dot')", reason="Graphviz is not installed")
def test_a_new_parent_bundle_draws_the_parent_and_the_link(
    new_parent_bundles: BundleCache,
) -> None:
    bundle = new_parent_bundles.bundle("fleet")
    svg = bundle.files["schema.svg"].decode()
    assert svg == bundle.schema_svg and svg.startswith("<svg")
    titles = svg_titles(svg)
    assert {"part1_plane", "part1_aircraft", "part1_parkingbay"} <= titles
    assert "part1_plane:aircraft_ptr_id->part1_aircraft" in titles  # the new parent link
    assert "part1_parkingbay:plane_id->part1_plane" in titles
    assert "part1_aircraft (new)" in bundle.schema_description
    assert "## The tables, before and after" in bundle.readme
    assert "`schema.svg`" in bundle.readme


@pytest.mark.skipif("not __import__('shutil').which('dot')", reason="Graphviz is not installed")
def test_an_m2m_through_bundle_draws_the_renamed_table_and_its_keys(
    m2m_bundles: BundleCache,
) -> None:
    bundle = m2m_bundles.bundle("blog-rename-extra")
    titles = svg_titles(bundle.schema_svg)
    assert {"core_post_categories", "core_postcategory", "core_post", "core_category"} <= titles
    assert "core_postcategory:post_id->core_post" in titles
    assert "core_postcategory (renamed" in bundle.schema_description


def test_a_rename_is_what_the_sql_renames() -> None:
    before = parse_schema("table a\n  column id int\n\ntable b\n  column x int\n")
    after = parse_schema("table c\n  column other int\n")
    assert statuses(before, after)["c"] == NEW
    fates = statuses(before, after, ['ALTER TABLE "a" RENAME TO "c";'])
    assert (fates["a"], fates["c"], fates["b"]) == (RENAMED, RENAMED, GONE)
    mysql = statuses(before, after, ["RENAME TABLE `b` TO `c`;"])
    assert (mysql["b"], mysql["a"]) == (RENAMED, GONE)


def test_a_renamed_tables_new_column_is_marked_against_its_old_self() -> None:
    before = parse_schema("table a\n  column id int\n")
    after = parse_schema("table c\n  column id int\n  column extra date\n")
    sources = dot_sources(before, after, statuses(before, after), ["a", "c"], {"a": "c", "c": "a"})
    assert "+ " in sources[1] and "<b>extra</b>" in sources[1]
    assert "<s>" not in sources[0]
