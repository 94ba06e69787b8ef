"""Walk "Move a model to another app" in Chromium, as a new user would, on a store project.

The store has three own apps: shop.Product has its own M2M, a self FK, a multi-table child and
reviews; orders point at it with an M2M, a one-to-one and generic notes. The person loads the
folder, picks Product and the app catalog, renames the table, reads the preview on every
database, rehearses, downloads the bundle and opens the walkthrough on a wide screen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import LazySettings
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer
from test_wizard_walks import choose, download, preview, rehearse
from wizard_pages import CHECK, Walk, tree_digest

from tests.wizard.move_model_cases import store

pytestmark = pytest.mark.django_db(transaction=True)


def load_folder(walk: Walk, base: str, folder: Path) -> None:
    page = walk.page
    page.goto(base + "/")
    page.get_by_label("Project folder").fill(str(folder))
    walk.shot("home")
    page.get_by_role("button", name="Load this project").click()
    expect(page.get_by_role("link", name="Next: choose a refactor")).to_be_visible(timeout=60_000)
    walk.shot("project")


def test_store_moves_product_to_catalog(
    page: Page,
    live_server: LiveServer,
    artifacts_dir: Path,
    settings: LazySettings,
    tmp_path: Path,
) -> None:
    settings.WIZARD_PROJECT_ROOTS = [tmp_path]
    root = store(tmp_path)
    before = tree_digest(root)
    walk = Walk(page, artifacts_dir, "wizard-move-model")
    load_folder(walk, live_server.url, root)
    choose(walk, "Move a model to another app")
    walk.shot("details-picker")

    page.get_by_label("Which model?").select_option("shop.Product")
    expect(page.get_by_label("Move it to the app")).to_be_visible()
    expect(page.get_by_text("orders.Order.first (OneToOneField")).to_be_visible()
    walk.shot("details")
    page.get_by_label("Move it to the app").select_option("catalog")
    page.get_by_label("Rename it", exact=False).check()
    expect(page.locator("#plan-check")).to_contain_text(
        "The wizard can build this plan.", timeout=CHECK
    )
    walk.shot("details-filled")

    preview(walk)
    expect(
        page.get_by_text("catalog/migrations/0001_move_product_from_shop.py").first
    ).to_be_visible()
    for tab, statement in (
        ("SQLite", 'ALTER TABLE "shop_product" RENAME TO "catalog_product"'),
        ("PostgreSQL", 'ALTER TABLE "shop_product" RENAME TO "catalog_product"'),
        ("MySQL", "RENAME TABLE `shop_product` TO `catalog_product`"),
    ):
        page.get_by_role("tab", name=tab).first.click()
        expect(page.get_by_role("tabpanel", name=tab).first).to_contain_text(statement)
        walk.shot(f"preview-{tab.lower()}")

    rehearse(walk)
    bundle = download(walk, "move-model-shop-product-to-catalog.zip")
    assert {
        "catalog/migrations/0001_move_product_from_shop.py",
        "orders/migrations/0002_product_shop_moved_to_catalog.py",
        "shop/migrations/0002_move_product_to_catalog.py",
        "models.patch",
        "sql/postgresql/catalog/0001_move_product_from_shop.sql",
    } <= set(bundle.namelist())

    page.set_viewport_size({"width": 1920, "height": 1080})
    page.get_by_role("link", name="Open the walkthrough").click()
    expect(page.get_by_text("Slide 1 of", exact=False)).to_be_visible()
    walk.shot("walkthrough-1920")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_text("Slide 2 of", exact=False)).to_be_visible()
    walk.shot("walkthrough-1920-slide-2")

    assert tree_digest(root) == before
