"""Walk flatten_parent in Chromium: the fleet after its new parent gives Plane its fields back."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from django.conf import LazySettings
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer
from test_wizard_walks import download, preview, rehearse
from wizard_pages import CHECK, EXAMPLES, Walk, tree_digest

from wizard.bundle import build_bundle, write_files
from wizard.childproc import copy_target
from wizard.target import Target

pytestmark = pytest.mark.django_db(transaction=True)

GIVEN = {
    "kind": "new_parent",
    "model": "part1.Plane",
    "parent": "Aircraft",
    "move_fields": ["registration"],
}


@pytest.fixture(scope="module")
def fleet_with_parent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a copy of the fleet after its new_parent bundle: Plane(Aircraft)."""
    root = copy_target(EXAMPLES / "fleet", tmp_path_factory.mktemp("projects") / "fleet")
    bundle = build_bundle(Target.resolve(root), GIVEN, vendors=("sqlite",))
    write_files(root, bundle.files)
    subprocess.run(["patch", "-p1", "--batch", "--silent"], input=bundle.patch.encode(),
                   cwd=root, check=True)  # fmt: skip
    return root


def test_fleet_flattens_plane_out_of_aircraft(
    page: Page,
    live_server: LiveServer,
    artifacts_dir: Path,
    settings: LazySettings,
    fleet_with_parent: Path,
) -> None:
    settings.WIZARD_PROJECT_ROOTS = [fleet_with_parent.parent]
    before = tree_digest(fleet_with_parent)
    page.set_viewport_size({"width": 1280, "height": 900})
    walk = Walk(page, artifacts_dir, "wizard-flatten-parent")
    page.goto(live_server.url + "/")
    page.get_by_label("Project folder").fill(str(fleet_with_parent))
    page.get_by_role("button", name="Load this project").click()
    expect(page.get_by_role("link", name="Next: choose a refactor")).to_be_visible(timeout=60_000)
    walk.shot("project")

    page.get_by_role("link", name="Next: choose a refactor").click()
    expect(page.get_by_role("heading", name="2. Refactor")).to_be_visible()
    walk.shot("refactor")
    page.get_by_label("Flatten a child out of its parent").check()
    page.get_by_role("button", name="Next: details").click()
    expect(page.get_by_role("heading", name="3. Details")).to_be_visible()
    picker = page.get_by_label("Which child stops inheriting from its parent?")
    expect(picker).to_contain_text("Plane, child of part1.Aircraft (table part1_plane)")
    expect(page.get_by_text("registration", exact=True)).to_be_visible()
    expect(page.get_by_text("part1.ParkingBay.plane")).to_be_visible()
    expect(page.get_by_text("becomes the row's own auto field")).to_contain_text("aircraft_ptr_id")
    keep = page.get_by_label("Keep the parent and its rows", exact=False)
    expect(keep).to_be_checked()
    walk.shot("details")
    # Nothing else needs part1.Aircraft in the fleet, so dropping it is allowed too.
    page.get_by_label("Delete the parent and its table", exact=False).check()
    expect(page.locator("#plan-check")).to_contain_text(
        "The wizard can build this plan.", timeout=CHECK
    )
    walk.shot("details-drop")
    keep.check()
    expect(page.locator("#plan-check")).to_contain_text(
        "The wizard can build this plan.", timeout=CHECK
    )

    preview(walk)
    expect(page.get_by_text("part1/migrations/0005_").first).to_be_visible()
    expect(
        page.locator("li", has_text="AddParentFields declares registration on Plane")
    ).to_be_visible()
    picture = page.locator(".schema-picture svg").first
    expect(picture).to_be_visible()
    titles = page.locator(".schema-picture svg g > title").all_text_contents()
    assert {"part1_plane", "part1_aircraft", "part1_parkingbay"} <= set(titles), titles
    rehearse(walk)
    bundle = download(walk, "flatten-parent-part1-plane.zip")
    plan = json.loads(bundle.read("plan.json"))
    assert plan == {"kind": "flatten_parent", "model": "part1.Plane", "keep_parent": True}
    assert b"-class Plane(Aircraft):" in bundle.read("models.patch")
    assert tree_digest(fleet_with_parent) == before
