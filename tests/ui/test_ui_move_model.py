"""Step 3 for move_model plans: the picker offers the models the wizard can move, the app picker
offers the project's other apps, a table with its own name cannot be renamed, and a valid post
stores the plan and starts the preview."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from ui_helpers import make_plan

from tests.wizard.move_model_cases import store
from wizard.snapshot import Snapshot
from wizard.target import load_target
from wizard_ui.models import Job, Plan


@pytest.fixture(scope="module")
def store_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    return load_target(store(tmp_path_factory.mktemp("move-ui")))


@pytest.fixture
def move_plan(db: None, store_snapshot: Snapshot) -> Plan:
    return make_plan(store_snapshot, kind="move_model")


def details(plan: Plan, model: str = "") -> str:
    address = reverse("wizard_ui:details", args=[plan.pk])
    return f"{address}?model={model}" if model else address


@pytest.mark.django_db
def test_the_pickers_offer_movable_models_and_the_other_apps(
    client: Client, move_plan: Plan
) -> None:
    html = client.get(details(move_plan, "shop.Product")).content.decode()
    assert "Product (table shop_product; 4 relations point at it)" in html
    assert "Category (table shop_category; 1 relation points at it)" in html
    assert ">Special (table" not in html  # a multi-table child moves with its parent only
    assert '<option value="catalog">catalog</option>' in html
    assert '<option value="orders">orders</option>' in html
    assert '<option value="shop">shop</option>' not in html
    assert "Rename it to the new app&#x27;s default name (catalog_product in catalog, " in html


@pytest.mark.django_db
def test_the_details_say_what_is_repointed_what_comes_along_and_what_stays(
    client: Client, move_plan: Plan
) -> None:
    html = client.get(details(move_plan, "shop.Product")).content.decode()
    repointed, rest = html.split("Re-pointed at the moved model", 1)[1].split("</ul>", 1)
    assert "shop.Product.replaces</span> (ForeignKey to itself" in repointed
    assert "shop.Review.product</span> (ForeignKey, column shop_review.product_id)" in repointed
    assert "orders.Order.first</span> (OneToOneField" in repointed
    assert "orders.Order.products</span> (ManyToManyField; its table" in repointed
    assert "tags" not in repointed and "product_ptr" not in repointed
    assert "Its own many-to-many fields come with it" in rest
    assert "shop_product_tags" in rest
    assert "Its subclasses stay in their apps" in rest
    assert '<li class="font-monospace">shop.Special</li>' in rest


@pytest.mark.django_db
def test_a_valid_post_stores_the_plan_and_starts_the_preview(
    client: Client, move_plan: Plan, no_preview_work: list[Job]
) -> None:
    data = {"model": "shop.Product", "to_app": "catalog", "table": "rename"}
    response = client.post(details(move_plan, "shop.Product"), data)
    assert response.status_code == 303
    move_plan.refresh_from_db()
    assert move_plan.raw_plan == {
        "kind": "move_model",
        "model": "shop.Product",
        "to_app": "catalog",
        "table": "rename",
    }
    assert len(no_preview_work) == 1


@pytest.mark.django_db
def test_a_missing_app_is_a_form_error(client: Client, move_plan: Plan) -> None:
    data = {"model": "shop.Product", "to_app": "", "table": "keep"}
    html = client.post(details(move_plan, "shop.Product"), data).content.decode()
    assert "Choose the app the model moves to." in html
