"""The as-you-type check gives make_bundle's verdict, not only the plan's own rules."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from ui_helpers import HTMX, make_plan

from tests.wizard.verdict_cases import LATE_REFUSALS, late_refusal_targets
from wizard import bundle
from wizard.snapshot import Snapshot


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Snapshot]:
    return late_refusal_targets(tmp_path_factory.mktemp("details-verdict"))


def form_data(raw: dict[str, Any]) -> dict[str, Any]:
    """Return what the details form posts for the plan ``raw``."""
    if raw["kind"] == "new_parent":
        return {"model": raw["model"], "parent": raw["parent"], "move_fields": raw["move_fields"]}
    return {
        "field": raw["field"],
        "through": raw["through"],
        "table": "rename",
        "extra-TOTAL_FORMS": "0",
        "extra-INITIAL_FORMS": "0",
    }


def check(client: Client, snapshot: Snapshot, raw: dict[str, Any]) -> str:
    plan = make_plan(snapshot, kind=raw["kind"])
    url = reverse("wizard_ui:details_check", args=[plan.pk])
    response = client.post(url, form_data(raw), **HTMX)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(LATE_REFUSALS))
def test_check_as_you_type_shows_make_bundles_refusal(
    client: Client, targets: dict[str, Snapshot], name: str
) -> None:
    target, raw, message = LATE_REFUSALS[name]

    html = check(client, targets[target], raw)

    assert "Not ready yet" in html
    assert escape(message) in html
    assert "The wizard can build this plan." not in html


@pytest.mark.django_db
def test_check_as_you_type_builds_a_good_plan(client: Client, targets: dict[str, Snapshot]) -> None:
    raw = {"kind": "new_parent", "model": "hangar.Plane", "parent": "Vehicle", "move_fields": []}

    html = check(client, targets["hangar"], raw)

    assert "The wizard can build this plan." in html


@pytest.mark.django_db
def test_check_as_you_type_starts_no_process_for_a_plan_its_rules_refuse(
    client: Client, targets: dict[str, Snapshot], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_child(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a child process was started")

    monkeypatch.setattr(bundle, "child", no_child)
    raw = {"kind": "m2m_through", "field": "core.Item.labels", "through": "2x"}

    html = check(client, targets["shop"], raw)

    assert escape("The through model name '2x' is not a valid Python identifier") in html
