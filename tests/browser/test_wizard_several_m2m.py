"""Step 3 on a project with several auto-created M2M fields (the examples have one each)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Request, Route, expect
from playwright.sync_api import Error as PlaywrightError
from pytest_django.live_server_helper import LiveServer
from wizard_pages import CHECK, Walk

from tests.targets import make_target
from tests.ui.ui_helpers import make_plan
from wizard.snapshot import Snapshot
from wizard.target import load_target
from wizard_ui import jobs
from wizard_ui.models import Job, Plan

pytestmark = pytest.mark.django_db(transaction=True)

SHELF_MODELS = """\
from django.db import models


class Tag(models.Model):
    label = models.CharField(max_length=20)


class Reader(models.Model):
    name = models.CharField(max_length=20)


class Book(models.Model):
    title = models.CharField(max_length=50)
    tags = models.ManyToManyField(Tag)
    readers = models.ManyToManyField(Reader)
    related = models.ManyToManyField("self")
"""


@pytest.fixture(scope="module")
def shelf_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    return load_target(make_target(tmp_path_factory.mktemp("shelf"), models_py=SHELF_MODELS))


@pytest.fixture
def shelf_plan(shelf_snapshot: Snapshot) -> Plan:
    return make_plan(shelf_snapshot, kind="m2m_through")


def slow_row_changes(page: Page, plan: Plan) -> None:
    """Make the server answer "Add an extra field" in 300 ms, as on a big project or network."""
    details = f"/plans/{plan.pk}/details/"

    def delay(route: Route, request: Request) -> None:
        if request.method == "POST" and request.url.endswith(details):
            time.sleep(0.3)
        with contextlib.suppress(PlaywrightError):  # the page may have cancelled it meanwhile
            route.continue_()

    page.route(f"**{details}", delay)


@pytest.mark.parametrize("field", ["core.Book.readers", "core.Book.related"])
def test_extra_field_row_after_picking_another_field(
    page: Page, live_server: LiveServer, artifacts_dir: Path, shelf_plan: Plan, field: str
) -> None:
    walk = Walk(page, artifacts_dir, f"wizard-several-m2m-{field.rsplit('.', 1)[1]}")
    slow_row_changes(page, shelf_plan)
    page.goto(f"{live_server.url}/plans/{shelf_plan.pk}/details/")
    expect(page.get_by_label("Name of the through model")).to_have_value("BookTag")
    walk.shot("details")

    page.get_by_label("Which many-to-many field?").select_option(field)
    expect(page.get_by_label("Name of the through model")).not_to_have_value("BookTag")
    walk.shot("picked")
    page.get_by_label("Name of the through model").fill("Loan")
    page.get_by_role("button", name="Add an extra field").click()
    expect(page.get_by_label("Field name")).to_be_visible()
    expect(page.get_by_label("Name of the through model")).to_have_value("Loan")
    walk.shot("row-added")
    page.get_by_label("Field name").fill("due")
    page.get_by_label("Type").select_option("DateField")
    page.get_by_label("Value for existing rows").fill("2024-01-01")
    expect(page.get_by_text("Checking with the project's own Django…")).to_be_visible()
    walk.shot("checking")
    expect(page.locator("#plan-check")).to_contain_text(
        "The wizard can build this plan.", timeout=CHECK
    )
    expect(page.get_by_text("Checking with the project's own Django…")).to_be_hidden()
    walk.shot("row-filled")
    page.get_by_role("button", name="Remove this field").click()
    expect(page.get_by_label("Field name")).to_have_count(0)
    expect(page.get_by_label("Name of the through model")).to_have_value("Loan")


@pytest.fixture
def page_without_js(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def previews_started() -> Iterator[list[Job]]:
    """Record preview jobs instead of building them (this is about the details step)."""
    import wizard_ui.job_runners  # noqa: F401 - registers the real runners first, so they stay replaced

    started: list[Job] = []
    saved = jobs.RUNNERS[Job.PREVIEW]
    jobs.RUNNERS[Job.PREVIEW] = started.append
    yield started
    jobs.RUNNERS[Job.PREVIEW] = saved


def test_extra_field_row_after_picking_another_field_without_javascript(
    page_without_js: Page,
    live_server: LiveServer,
    artifacts_dir: Path,
    shelf_plan: Plan,
    previews_started: list[Job],
) -> None:
    page = page_without_js
    walk = Walk(page, artifacts_dir, "wizard-several-m2m-nojs")
    page.goto(f"{live_server.url}/plans/{shelf_plan.pk}/details/")
    page.get_by_label("Which many-to-many field?").select_option("core.Book.readers")
    page.get_by_role("button", name="Use this field").click()
    expect(page.get_by_label("Name of the through model")).to_have_value("BookReader")
    page.get_by_label("Name of the through model").fill("Loan")
    page.get_by_role("button", name="Add an extra field").click()
    expect(page.get_by_label("Field name")).to_be_visible()
    expect(page.get_by_label("Name of the through model")).to_have_value("Loan")
    expect(page.get_by_text("core.Book.readers links core.Book")).to_be_visible()
    walk.shot("row-added")
    page.get_by_label("Field name").fill("due")
    page.get_by_label("Type").select_option("DateField")
    page.get_by_label("Value for existing rows").fill("2024-01-01")
    page.get_by_role("button", name="Preview the migrations").click()
    expect(page.get_by_role("heading", name="4. Preview")).to_be_visible()
    shelf_plan.refresh_from_db()
    assert shelf_plan.raw_plan is not None
    assert shelf_plan.raw_plan["field"] == "core.Book.readers"
    assert shelf_plan.raw_plan["extra_fields"][0]["name"] == "due"
    assert len(previews_started) == 1
