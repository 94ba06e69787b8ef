"""Step 3 for flatten_parent plans: the picker offers the children the plan accepts, the page says
which fields come down, a valid post stores the plan and starts the preview, and dropping a parent
something else needs is refused with the plan's own sentence."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from ui_helpers import make_plan

from tests.wizard.flatten_parent_cases import hangar_target
from wizard.snapshot import Snapshot
from wizard.target import load_target
from wizard_ui.models import Job, Plan


@pytest.fixture(scope="module")
def hangar_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    return load_target(hangar_target(tmp_path_factory.mktemp("flatten-ui")))


@pytest.fixture
def flatten_plan(db: None, hangar_snapshot: Snapshot) -> Plan:
    return make_plan(hangar_snapshot, kind="flatten_parent")


def details(plan: Plan, model: str = "") -> str:
    address = reverse("wizard_ui:details", args=[plan.pk])
    return f"{address}?model={model}" if model else address


@pytest.mark.django_db
def test_the_picker_offers_the_children(client: Client, flatten_plan: Plan) -> None:
    html = client.get(details(flatten_plan)).content.decode()
    assert "Which child stops inheriting from its parent?" in html
    assert "Car, child of core.Vehicle (table core_car)" in html
    assert "Boat, child of core.Vehicle (table core_boat)" in html


@pytest.mark.django_db
def test_the_details_say_what_comes_down(client: Client, flatten_plan: Plan) -> None:
    response = client.get(details(flatten_plan, "core.Car"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("registration", "kind", "owner", "nickname"):
        assert f'<span class="font-monospace">{name}</span>' in html
    assert 'name="parent"' in html and 'value="keep"' in html and 'value="drop"' in html


@pytest.mark.django_db
def test_a_valid_post_stores_the_plan_and_starts_the_preview(
    client: Client, flatten_plan: Plan, no_preview_work: list[Job]
) -> None:
    data = {"model": "core.Car", "parent": "keep"}
    response = client.post(details(flatten_plan, "core.Car"), data)
    assert response.status_code == 303
    flatten_plan.refresh_from_db()
    assert flatten_plan.raw_plan == {
        "kind": "flatten_parent",
        "model": "core.Car",
        "keep_parent": True,
    }
    assert [job.task for job in no_preview_work] == [Job.PREVIEW]


@pytest.mark.django_db
def test_dropping_a_parent_another_child_needs_is_refused(
    client: Client, flatten_plan: Plan
) -> None:
    response = client.post(
        details(flatten_plan, "core.Car"), {"model": "core.Car", "parent": "drop"}
    )
    assert response.status_code == 200
    assert (
        "&#x27;keep_parent&#x27; is false, but &#x27;core.Boat&#x27; is another child of "
        "&#x27;core.Vehicle&#x27;"
    ) in response.content.decode()
    flatten_plan.refresh_from_db()
    assert not flatten_plan.raw_plan


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [{"model": "core.Vehicle", "parent": "keep"}, {"model": "core.Car", "parent": "maybe"}],
    ids=["a model never offered", "a choice never offered"],
)
def test_tampered_posts_are_refused(
    client: Client, flatten_plan: Plan, data: dict[str, str]
) -> None:
    response = client.post(details(flatten_plan), data)
    assert response.status_code == 400
    flatten_plan.refresh_from_db()
    assert not flatten_plan.raw_plan


@pytest.mark.django_db
def test_the_refactor_page_offers_it_and_stores_the_choice(
    client: Client, db: None, hangar_snapshot: Snapshot
) -> None:
    plan = make_plan(hangar_snapshot)
    address = reverse("wizard_ui:refactor", args=[plan.pk])
    html = client.get(address).content.decode()
    assert "Flatten a child out of its parent" in html
    assert "Use it when a multi-table child should become a model of its own" in html
    assert client.post(address, {"kind": "flatten_parent"}).status_code == 303
    plan.refresh_from_db()
    assert plan.kind == "flatten_parent"
