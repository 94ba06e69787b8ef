"""Step 3 for drop_through plans: the picker offers the through models Django can own, extra
fields need a ticked data-loss confirmation, and a valid post stores the plan and starts the
preview."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from ui_helpers import make_plan

from tests.wizard.drop_through_cases import shop_target
from wizard.snapshot import Snapshot
from wizard.target import load_target
from wizard_ui.forms.drop_through import CONFIRM_ERROR
from wizard_ui.models import Job, Plan


@pytest.fixture(scope="module")
def shop_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    return load_target(shop_target(tmp_path_factory.mktemp("drop-ui")))


@pytest.fixture
def drop_plan(db: None, shop_snapshot: Snapshot) -> Plan:
    return make_plan(shop_snapshot, kind="drop_through")


def details(plan: Plan, field: str = "") -> str:
    address = reverse("wizard_ui:details", args=[plan.pk])
    return f"{address}?field={field}" if field else address


def post(field: str, **changes: Any) -> dict[str, Any]:
    return {"field": field, "table": "rename", "duplicates": "refuse", **changes}


@pytest.mark.django_db
def test_the_picker_offers_both_through_models(client: Client, drop_plan: Plan) -> None:
    html = client.get(details(drop_plan)).content.decode()
    assert "tags → core.Tag (through core.ItemTag, table core_itemtag)" in html
    assert "labels → core.Tag (through core.Labelling, table core_labelling)" in html


@pytest.mark.django_db
def test_a_through_model_with_extra_fields_warns_of_the_loss(
    client: Client, drop_plan: Plan
) -> None:
    html = client.get(details(drop_plan, "core.Item.labels")).content.decode()
    assert "Data loss:" in html
    assert 'name="drop_fields"' in html and 'name="confirm_loss"' in html
    plain = client.get(details(drop_plan, "core.Item.tags")).content.decode()
    assert "Data loss:" not in plain and 'name="drop_fields"' not in plain


@pytest.mark.django_db
def test_dropping_fields_needs_the_confirmation(client: Client, drop_plan: Plan) -> None:
    data = post("core.Item.labels", drop_fields=["note", "weight"])
    html = client.post(details(drop_plan, "core.Item.labels"), data).content.decode()
    assert CONFIRM_ERROR in html
    drop_plan.refresh_from_db()
    assert drop_plan.raw_plan in (None, {})


@pytest.mark.django_db
def test_a_valid_post_stores_the_plan_and_starts_the_preview(
    client: Client, drop_plan: Plan, no_preview_work: list[Job]
) -> None:
    data = post("core.Item.labels", drop_fields=["note", "weight"], confirm_loss="on",
                duplicates="remove")  # fmt: skip
    response = client.post(details(drop_plan, "core.Item.labels"), data)
    assert response.status_code == 303
    drop_plan.refresh_from_db()
    assert drop_plan.raw_plan == {
        "kind": "drop_through",
        "field": "core.Item.labels",
        "table": "rename",
        "drop_fields": ["note", "weight"],
        "duplicates": "remove",
    }
    assert [job.task for job in no_preview_work] == [Job.PREVIEW]


@pytest.mark.django_db
def test_keeping_extra_fields_is_refused_with_the_builds_sentence(
    client: Client, drop_plan: Plan
) -> None:
    html = client.post(details(drop_plan, "core.Item.labels"), post("core.Item.labels"))
    text = html.content.decode()
    assert (
        "The through model &#x27;core.Labelling&#x27; has fields Django&#x27;s own table has "
        "not: &#x27;note&#x27;, &#x27;weight&#x27;; list them in &#x27;drop_fields&#x27;"
    ) in text
    drop_plan.refresh_from_db()
    assert not drop_plan.raw_plan


@pytest.mark.django_db
def test_every_id_on_the_details_page_is_unique(client: Client, drop_plan: Plan) -> None:
    # The picker and the details form both name the field: a label must find its own control.
    html = client.get(details(drop_plan, "core.Item.labels")).content.decode()
    repeated = [i for i, n in Counter(re.findall(r'\sid="([^"]+)"', html)).items() if n > 1]
    assert repeated == []


@pytest.mark.django_db
def test_the_duplicates_question_is_asked_only_without_a_unique_pair(
    client: Client, drop_plan: Plan, no_preview_work: list[Job]
) -> None:
    unique = client.get(details(drop_plan, "core.Item.tags")).content.decode()
    assert "Pairs held more than once" not in unique and 'name="duplicates"' not in unique
    allowed = client.get(details(drop_plan, "core.Item.labels")).content.decode()
    assert "Pairs held more than once" in allowed
    response = client.post(details(drop_plan, "core.Item.tags"), post("core.Item.tags"))
    assert response.status_code == 303
    drop_plan.refresh_from_db()
    assert drop_plan.raw_plan is not None and drop_plan.raw_plan["duplicates"] == "refuse"


@pytest.mark.django_db
def test_the_fields_to_drop_show_their_class_and_the_loss_in_words(
    client: Client, drop_plan: Plan
) -> None:
    html = client.get(details(drop_plan, "core.Item.labels")).content.decode()
    assert "note (CharField)" in html and "weight (IntegerField)" in html
    assert "Dropping them loses their values; the rehearsal report counts how many rows" in html
