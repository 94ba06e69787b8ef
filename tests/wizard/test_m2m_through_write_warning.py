"""An extra field with only a backfill: the explanation says every write must give it a value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from wizard.plans.m2m_through import explain, validate
from wizard.snapshot import Snapshot
from wizard.target import load_target

BLOG = Path(__file__).resolve().parents[2] / "examples" / "blog"
WARNING = (
    "The extra field `rank` has no default and is not nullable (existing pairs get the backfill "
    "only), so every `.add()`, `.set()` and `.create()` through `core.Post.categories` and every "
    'admin form that saves it fails unless it passes `through_defaults={"rank": ...}`; or give '
    "`rank` a default."
)


@pytest.fixture(scope="module")
def blog() -> Snapshot:
    return load_target(BLOG)


def plan(*extra_fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": "m2m_through",
        "field": "core.Post.categories",
        "through": "PostCategory",
        "extra_fields": list(extra_fields),
    }


def test_backfill_only_field_warns_that_writes_need_a_value(blog: Snapshot) -> None:
    raw = plan({"name": "rank", "type": "IntegerField", "backfill": 3})
    summary = explain(validate(raw, blog), blog).summary
    assert summary.endswith(
        "Every pair keeps its id, and new pairs continue the same ids. " + WARNING
    )


@pytest.mark.parametrize(
    "extra",
    [
        {"name": "rank", "type": "IntegerField", "options": {"default": 0}},
        {"name": "rank", "type": "IntegerField", "options": {"null": True}},
        {
            "name": "added",
            "type": "DateField",
            "options": {"auto_now_add": True},
            "backfill": "today",
        },
        {"name": "note", "type": "CharField", "options": {"max_length": 9, "blank": True}},
    ],
)
def test_fields_that_fill_themselves_give_no_warning(blog: Snapshot, extra: dict[str, Any]) -> None:
    summary = explain(validate(plan(extra), blog), blog).summary
    assert summary.endswith("Every pair keeps its id, and new pairs continue the same ids.")
