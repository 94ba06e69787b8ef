"""Walk both refactors end to end in Chromium, as a person would, on the bundled examples."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer
from wizard_pages import CHECK, EXAMPLES, SLOW_STEPS, Walk, tree_digest

pytestmark = pytest.mark.django_db(transaction=True)


def load_example(walk: Walk, base: str, name: str) -> None:
    page = walk.page
    page.goto(base + "/")
    expect(page.get_by_role("heading", name="Start with a bundled example")).to_be_visible()
    walk.shot("home")
    page.get_by_role("button", name=f"Load {name} example").click()
    expect(page.get_by_role("heading", name="1. Project")).to_be_visible()
    walk.shot("loading")
    expect(page.get_by_role("link", name="Next: choose a refactor")).to_be_visible(timeout=60_000)
    walk.shot("project")


def choose(walk: Walk, refactor: str) -> None:
    page = walk.page
    page.get_by_role("link", name="Next: choose a refactor").click()
    expect(page.get_by_role("heading", name="2. Refactor")).to_be_visible()
    walk.shot("refactor")
    page.get_by_label(refactor).check()
    page.get_by_role("button", name="Next: details").click()
    expect(page.get_by_role("heading", name="3. Details")).to_be_visible()


def preview(walk: Walk) -> None:
    page = walk.page
    page.get_by_role("button", name="Preview the migrations").click()
    expect(page.get_by_role("heading", name="4. Preview")).to_be_visible()
    walk.shot("preview-building")
    expect(page.get_by_role("heading", name="The migrations")).to_be_visible(timeout=SLOW_STEPS)
    walk.shot("preview")


def rehearse(walk: Walk) -> None:
    page = walk.page
    page.get_by_role("link", name="Next: rehearse it on a scratch copy").click()
    expect(page.get_by_role("heading", name="5. Rehearse")).to_be_visible()
    walk.shot("rehearse")
    page.get_by_label("Rows per model").fill("40")
    page.get_by_role("button", name="Rehearse", exact=True).click()
    expect(page.get_by_role("progressbar")).to_be_visible()
    walk.shot("rehearsing")
    expect(page.get_by_role("heading", name="Every check held")).to_be_visible(timeout=SLOW_STEPS)
    walk.shot("rehearsed")


def download(walk: Walk, zip_name: str) -> zipfile.ZipFile:
    page = walk.page
    page.get_by_role("link", name="Next: download the bundle").click()
    expect(page.get_by_role("heading", name="6. Download")).to_be_visible()
    walk.shot("download")
    with page.expect_download() as info:
        page.get_by_role("link", name=f"Download {zip_name}").click()
    assert info.value.suggested_filename == zip_name
    return zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes()))


def walkthrough(walk: Walk, slides: int) -> None:
    page = walk.page
    page.get_by_role("link", name="Open the walkthrough").click()
    expect(page.get_by_text(f"Slide 1 of {slides}")).to_be_visible()
    walk.shot("walkthrough-start")
    for number in range(2, slides + 1):
        page.keyboard.press("ArrowRight")
        expect(page.get_by_text(f"Slide {number} of {slides}")).to_be_visible()
        walk.shot(f"walkthrough-{number}")
    page.keyboard.press("ArrowRight")  # the last slide has no next: nothing happens
    expect(page.get_by_text(f"Slide {slides} of {slides}")).to_be_visible()
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_text(f"Slide {slides - 1} of {slides}")).to_be_visible()
    page.keyboard.press("k")
    expect(page.get_by_text(f"Slide {slides - 2} of {slides}")).to_be_visible()
    page.keyboard.press("j")
    expect(page.get_by_text(f"Slide {slides - 1} of {slides}")).to_be_visible()


def test_blog_gets_a_through_model(
    page: Page, live_server: LiveServer, artifacts_dir: Path
) -> None:
    before = tree_digest(EXAMPLES / "blog")
    walk = Walk(page, artifacts_dir, "wizard-blog")
    load_example(walk, live_server.url, "blog")
    expect(page.get_by_text("auto-created table core_post_categories")).to_be_visible()
    choose(walk, "Give an M2M field a through model")
    expect(page.get_by_label("Name of the through model")).to_have_value("PostCategory")
    walk.shot("details")

    page.get_by_label("Name of the through model").fill("class")
    expect(page.locator("#plan-check")).to_contain_text(
        "The through model name 'class' is a Python keyword; use a class name such as "
        "'PostCategory'."
    )
    walk.shot("details-checked-as-you-type")
    page.get_by_label("Name of the through model").fill("PostCategory")
    page.get_by_role("button", name="Add an extra field").click()
    page.get_by_label("Field name").fill("date_created")
    page.get_by_label("Type").select_option("DateField")
    page.get_by_label("Options (JSON)").fill('{"auto_now_add": true}')
    page.get_by_label("Value for existing rows").fill("2024-01-01")
    expect(page.locator("#plan-check")).to_contain_text(
        "The wizard can build this plan.", timeout=CHECK
    )
    walk.shot("details-filled")
    preview(walk)
    expect(
        page.get_by_text("core/migrations/0003_post_categories_through.py").first
    ).to_be_visible()
    expect(page.get_by_text("Applying it fails:")).to_be_visible()
    page.get_by_role("tab", name="PostgreSQL").click()
    expect(page.get_by_role("tabpanel", name="PostgreSQL")).to_contain_text("ALTER TABLE")
    walk.shot("preview-postgresql-tab")

    # Back, forward and reload keep the person where they were, with what they typed.
    preview_url = page.url
    page.go_back()
    expect(page.get_by_role("heading", name="3. Details")).to_be_visible()
    expect(page.get_by_label("Field name")).to_have_value("date_created")
    page.go_forward()
    expect(page).to_have_url(preview_url)
    expect(page.get_by_role("heading", name="The migrations")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="The migrations")).to_be_visible()

    rehearse(walk)
    bundle = download(walk, "m2m-through-core-post-categories.zip")
    names = bundle.namelist()
    assert "core/migrations/0003_post_categories_through.py" in names
    assert {"README.md", "plan.json", "models.patch", "schema.diff"} <= set(names)
    assert "sql/sqlite/core/0003_post_categories_through.sql" in names
    assert json.loads(bundle.read("plan.json"))["through"] == "PostCategory"
    assert b'through="PostCategory"' in bundle.read("models.patch")
    assert "schema.svg" in names
    walkthrough(walk, slides=3)
    shared_screen_diagram(walk, ["core_post", "core_category", "core_post_categories"])

    # A colleague opens the plan's link in a fresh page: it shows the same plan.
    plan_link = re.sub(r"/walkthrough/.*", "/", page.url)
    other = page.context.new_page()
    other.goto(plan_link)
    expect(
        other.get_by_role(
            "heading", name="core.Post.categories gets the through model PostCategory"
        )
    ).to_be_visible()
    other.close()
    page.goto(live_server.url + "/plans/")
    expect(page.get_by_role("cell", name="every check held")).to_be_visible()
    walk.shot("plan-list")

    assert tree_digest(EXAMPLES / "blog") == before
    report_timings(walk, artifacts_dir)


def test_fleet_gets_a_new_parent(page: Page, live_server: LiveServer, artifacts_dir: Path) -> None:
    before = tree_digest(EXAMPLES / "fleet")
    walk = Walk(page, artifacts_dir, "wizard-fleet")
    load_example(walk, live_server.url, "fleet")
    choose(walk, "Insert a new parent class")
    expect(page.get_by_text("part1.ParkingBay.plane")).to_be_visible()
    walk.shot("details")
    page.get_by_label("Name of the new parent model").fill("Plane")
    expect(page.locator("#plan-check")).to_contain_text(
        "App 'part1' already has a model named 'Plane'; choose another parent name."
    )
    page.get_by_label("Name of the new parent model").fill("Aircraft")
    page.get_by_label("registration (CharField)").check()
    expect(page.locator("#plan-check")).to_contain_text(
        "The wizard can build this plan.", timeout=CHECK
    )
    walk.shot("details-filled")
    preview(walk)
    expect(
        page.get_by_text("part1/migrations/0004_plane_inherits_aircraft.py").first
    ).to_be_visible()
    expect(page.get_by_text("drops the column 'id' and every value in it")).to_be_visible()
    rehearse(walk)
    bundle = download(walk, "new-parent-part1-plane-aircraft.zip")
    assert {
        "part1/migrations/0002_create_aircraft.py",
        "part1/migrations/0003_copy_plane_to_aircraft.py",
        "part1/migrations/0004_plane_inherits_aircraft.py",
        "models.patch",
    } <= set(bundle.namelist())
    walkthrough(walk, slides=5)
    shared_screen_diagram(walk, ["part1_plane", "part1_aircraft", "part1_parkingbay"])

    assert tree_digest(EXAMPLES / "fleet") == before
    report_timings(walk, artifacts_dir)


def shared_screen_diagram(walk: Walk, tables: list[str]) -> None:
    """On a 1920 shared screen, the walkthrough opens with the tables before and after, large."""
    page = walk.page
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(page.url.rsplit("/", 2)[0] + "/1/")
    expect(page.get_by_text("Slide 1 of")).to_be_visible()
    picture = page.locator(".schema-picture svg").first
    expect(picture).to_be_visible()
    titles = page.locator(".schema-picture svg g > title").all_text_contents()
    assert set(tables) <= set(titles), titles
    assert any("->" in title for title in titles)  # the foreign keys are drawn as arrows
    box = picture.bounding_box()
    assert box is not None and box["width"] > 900  # large, as a room sees it
    walk.shot("walkthrough-1920")
    page.set_viewport_size({"width": 1280, "height": 900})


def report_timings(walk: Walk, artifacts_dir: Path) -> None:
    """Write the server time of every request of the walk next to the screenshots."""
    lines = [f"{ms:8.1f} ms  {method:4} {path}" for method, path, ms in walk.timings]
    (artifacts_dir / f"{walk.prefix}-server-timings.txt").write_text("\n".join(lines) + "\n")


FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const name = element.getAttribute("aria-label") || element.textContent.trim() || element.value
    || (element.labels && element.labels[0] && element.labels[0].textContent.trim()) || "";
  return [name.replace(/\\s+/g, " "), style.outlineStyle !== "none" || style.boxShadow !== "none"];
}"""


def test_keyboard_reaches_every_control_with_visible_focus(
    page: Page, live_server: LiveServer, artifacts_dir: Path
) -> None:
    page.goto(live_server.url + "/")
    reached = []
    for _ in range(9):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(FOCUSED))

    names = [name for name, _visible in reached]
    assert names[:3] == ["Skip to the content", "Migration Wizard", "Start a plan"]
    assert "Load blog example" in names
    assert "Load fleet example" in names
    assert any(name.startswith("Project folder") for name in names)
    assert all(visible for _name, visible in reached), reached
    page.keyboard.press("Shift+Tab")
    while page.evaluate(FOCUSED)[0] != "Load blog example":
        page.keyboard.press("Shift+Tab")
    page.wait_for_timeout(400)  # Bootstrap fades a focused button's colours in
    page.screenshot(path=artifacts_dir / "wizard-keyboard-focus.png")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Next: choose a refactor")).to_be_visible(timeout=60_000)
