"""Walk drop_through in Chromium: the blog after its through model hands it back to Django."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from django.conf import LazySettings
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer
from test_wizard_walks import download, preview, rehearse
from wizard_pages import CHECK, Walk, tree_digest

from tests.wizard.m2m_through_cases import BLOG
from wizard.bundle import build_bundle, write_files
from wizard.childproc import copy_target
from wizard.target import Target

pytestmark = pytest.mark.django_db(transaction=True)

GIVEN = {
    "kind": "m2m_through",
    "field": "core.Post.categories",
    "through": "PostCategory",
    "extra_fields": [
        {
            "name": "date_created",
            "type": "DateField",
            "options": {"auto_now_add": True},
            "backfill": "2024-01-01",
        }
    ],
}


@pytest.fixture(scope="module")
def blog_with_through(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a copy of the blog after its m2m_through bundle: PostCategory with date_created."""
    root = copy_target(BLOG, tmp_path_factory.mktemp("projects") / "blog")
    bundle = build_bundle(Target.resolve(root), GIVEN, vendors=("sqlite",))
    write_files(root, bundle.files)
    subprocess.run(["patch", "-p1", "--batch", "--silent"], input=bundle.patch.encode(),
                   cwd=root, check=True)  # fmt: skip
    return root


def test_blog_hands_its_through_model_back(
    page: Page,
    live_server: LiveServer,
    artifacts_dir: Path,
    settings: LazySettings,
    blog_with_through: Path,
) -> None:
    settings.WIZARD_PROJECT_ROOTS = [blog_with_through.parent]
    before = tree_digest(blog_with_through)
    page.set_viewport_size({"width": 1280, "height": 900})
    walk = Walk(page, artifacts_dir, "wizard-drop-through")
    page.goto(live_server.url + "/")
    page.get_by_label("Project folder").fill(str(blog_with_through))
    page.get_by_role("button", name="Load this project").click()
    expect(page.get_by_role("link", name="Next: choose a refactor")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("through core.PostCategory").first).to_be_visible()
    walk.shot("project")

    page.get_by_role("link", name="Next: choose a refactor").click()
    expect(page.get_by_role("heading", name="2. Refactor")).to_be_visible()
    walk.shot("refactor")
    page.get_by_label("Hand a through model back to Django").check()
    page.get_by_role("button", name="Next: details").click()
    expect(page.get_by_role("heading", name="3. Details")).to_be_visible()
    expect(page.get_by_text("Data loss:")).to_be_visible()
    # PostCategory allows each pair once already: there is no duplicates question to answer.
    expect(page.get_by_text("Pairs held more than once")).to_have_count(0)
    walk.shot("details")

    page.get_by_label("date_created (DateField)").check()
    page.get_by_role("button", name="Preview the migrations").click()
    expect(page.get_by_text("Tick the box to confirm").first).to_be_visible()
    walk.shot("details-loss-not-confirmed")
    page.get_by_label("I accept that the values of the dropped fields are lost").check()
    expect(page.get_by_text("Tick the box to confirm")).to_be_hidden()
    expect(page.locator("#plan-check")).to_contain_text(
        "The wizard can build this plan.", timeout=CHECK
    )
    walk.shot("details-filled")

    preview(walk)
    expect(page.get_by_text("core/migrations/0004_").first).to_be_visible()
    rehearse(walk)
    expect(page.get_by_text("date_created").first).to_be_visible()
    bundle = download(walk, "drop-through-core-post-categories.zip")
    plan = json.loads(bundle.read("plan.json"))
    assert plan["drop_fields"] == ["date_created"]
    assert b"-class PostCategory(models.Model):" in bundle.read("models.patch")
    assert tree_digest(blog_with_through) == before
