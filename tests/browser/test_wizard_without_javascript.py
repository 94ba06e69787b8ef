"""The wizard works with JavaScript off: plain forms, 303s, pages that refresh themselves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer
from wizard_pages import SLOW_STEPS, Walk

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page_without_js(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    yield context.new_page()
    context.close()


def test_blog_plan_without_javascript(
    page_without_js: Page, live_server: LiveServer, artifacts_dir: Path
) -> None:
    page = page_without_js
    walk = Walk(page, artifacts_dir, "wizard-nojs")
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Load blog example").click()
    # The page refreshes itself (<noscript> meta refresh) until the project is loaded.
    expect(page.get_by_role("link", name="Next: choose a refactor")).to_be_visible(timeout=60_000)
    walk.shot("project")
    page.get_by_role("link", name="Next: choose a refactor").click()
    page.get_by_label("Give an M2M field a through model").check()
    page.get_by_role("button", name="Next: details").click()
    expect(page.get_by_role("button", name="Use this field")).to_be_visible()
    page.get_by_label("Name of the through model").fill("for")
    page.get_by_role("button", name="Preview the migrations").click()
    expect(
        page.get_by_text("The through model name 'for' is a Python keyword").first
    ).to_be_visible()
    walk.shot("details-error")
    page.get_by_label("Name of the through model").fill("PostCategory")
    page.get_by_label("Keep the name core_post_categories").check()
    page.get_by_role("button", name="Preview the migrations").click()
    expect(page.get_by_role("heading", name="The migrations")).to_be_visible(timeout=SLOW_STEPS)
    # Without tabs, every database's SQL is on the page under its own heading.
    for name in ("SQLite", "PostgreSQL", "MySQL/MariaDB"):
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    walk.shot("preview")
    page.get_by_role("link", name="Skip to the download").click()
    expect(page.get_by_role("heading", name="6. Download")).to_be_visible()
    page.get_by_role("link", name="Open the walkthrough").click()
    page.get_by_role("link", name="Next →").click()
    expect(page.get_by_text("Slide 2 of 3")).to_be_visible()
    walk.shot("walkthrough")
    page.get_by_role("link", name="← Previous").click()
    expect(page.get_by_text("Slide 1 of 3")).to_be_visible()
