"""The project page of a 40-app project: candidates first, apps folded, a filter that narrows
them as you type with JavaScript and through its Filter button without."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer
from wizard_pages import Walk

from wizard.snapshot import Snapshot
from wizard.target import load_target
from wizard_ui.models import Plan

pytestmark = pytest.mark.django_db(transaction=True)

FILTER = "Filter apps, models and fields"


@pytest.fixture(scope="module")
def forty_snapshot(forty_apps_root: Path) -> Snapshot:
    return load_target(forty_apps_root)


@pytest.fixture
def forty_plan(forty_snapshot: Snapshot) -> Plan:
    target = forty_snapshot.target
    return Plan.objects.create(
        target_root=str(target.root),
        settings_module=target.settings,
        python=target.python,
        snapshot=forty_snapshot.raw,
    )


def page_of(browser: Browser, *, javascript: bool) -> Iterator[Page]:
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 1280, "height": 900}
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def page_with_js(browser: Browser) -> Iterator[Page]:
    yield from page_of(browser, javascript=True)


@pytest.fixture
def page_without_js(browser: Browser) -> Iterator[Page]:
    yield from page_of(browser, javascript=False)


def apps(page: Page) -> list[str]:
    return page.locator("details.project-app h4 .font-monospace").all_inner_texts()


def test_the_project_page_leads_with_candidates_and_filters_as_you_type(
    page_with_js: Page, live_server: LiveServer, artifacts_dir: Path, forty_plan: Plan
) -> None:
    page = page_with_js
    walk = Walk(page, artifacts_dir, "project-40-apps")
    url = f"{live_server.url}/plans/{forty_plan.pk}/"
    page.goto(url)
    expect(page.get_by_role("heading", name="New plan for shopfront")).to_be_visible()
    expect(page.get_by_role("heading", name="What the wizard can change here")).to_be_visible()
    # The most-pointed-at model leads the candidates of each kind that moves or parents it.
    expect(page.get_by_text("42 relations point at it").first).to_be_visible()
    assert len(apps(page)) == 43
    expect(page.locator("details.project-app[open]")).to_have_count(0)
    walk.shot("project")

    page.get_by_label(FILTER).press_sequentially("invoice", delay=40)
    expect(page.locator("details.project-app")).to_have_count(1)
    assert apps(page) == ["invoices"]
    expect(page).to_have_url(re.compile(r"\?q=invoice$"))
    entry = page.get_by_role("heading", name="InvoiceEntry table invoices_invoiceentry")
    expect(entry).to_be_visible()
    walk.shot("filtered-app")

    page.get_by_label(FILTER).fill("related")
    expect(page.locator("details.project-app")).to_have_count(13)
    expect(page.get_by_text("only the fields that match").first).to_be_visible()
    walk.shot("filtered-field")

    page.get_by_label(FILTER).fill("")
    expect(page.locator("details.project-app")).to_have_count(43)

    page.locator("details.project-app summary").first.click()
    expect(page.get_by_role("heading", name="Account table accounts_account")).to_be_visible()
    walk.shot("app-opened")

    page.get_by_role("region", name="Insert a new parent class").get_by_role(
        "button", name="Plan this refactor"
    ).click()
    expect(page.get_by_role("heading", name="3. Details")).to_be_visible()


def test_the_filter_works_without_javascript(
    page_without_js: Page, live_server: LiveServer, artifacts_dir: Path, forty_plan: Plan
) -> None:
    page = page_without_js
    walk = Walk(page, artifacts_dir, "project-40-apps-nojs")
    page.goto(f"{live_server.url}/plans/{forty_plan.pk}/")
    assert len(apps(page)) == 43

    page.get_by_label(FILTER).fill("ledger")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"\?q=ledger$"))
    assert apps(page) == ["ledger"]
    expect(page.get_by_role("heading", name="LedgerNote table ledger_ledgernote")).to_be_visible()
    walk.shot("filtered")

    page.get_by_role("link", name="Show every app").click()
    assert len(apps(page)) == 43
