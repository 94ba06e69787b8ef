"""Step 1 leads with the project's name and each refactor's candidates; its filter works as a
plain GET (``?q=``) and as the fragment the filter box asks for while typing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from ui_helpers import HTMX, htmx_target, make_plan

from wizard.kinds import all_kinds
from wizard.snapshot import Snapshot
from wizard.target import load_target
from wizard_ui.models import Plan


@pytest.fixture(scope="module")
def forty_snapshot(forty_apps_root: Path) -> Snapshot:
    return load_target(forty_apps_root)


@pytest.fixture
def forty_plan(db: None, forty_snapshot: Snapshot) -> Plan:
    return make_plan(forty_snapshot)


def project_url(plan: Plan, query: str = "") -> str:
    return reverse("wizard_ui:project", args=[plan.pk]) + query


def app_labels(html: str) -> list[str]:
    return re.findall(r'App <span class="font-monospace">([\w.]+)</span></h4>', html)


@pytest.mark.django_db
def test_page_leads_with_the_projects_name_and_every_kinds_candidates(
    client: Client, forty_plan: Plan
) -> None:
    html = client.get(project_url(forty_plan)).content.decode()

    assert "<title>Project · shopfront · Migration Wizard</title>" in html
    assert "New plan for shopfront" in html
    assert (
        '<strong class="project-name">shopfront</strong>: 40 apps of its own, 3 installed' in html
    )
    for kind in all_kinds():
        assert f'<input type="hidden" name="kind" value="{kind.name}">' in html or (
            "nothing in this project fits it" in html
        )
    assert '<span class="candidate-count">13</span> auto-created M2M fields' in html
    assert '<span class="candidate-count">120</span> models' in html
    assert (
        '<li class="mb-1"><span class="font-monospace">accounts.Account</span><br>'
        '<span class="text-body-secondary">42 relations point at it</span></li>'
    ) in html
    assert "and 115 more" in html
    # What the person came for comes before the list of apps.
    assert html.index("What the wizard can change here") < html.index("Its own apps")


@pytest.mark.django_db
def test_apps_are_folded_own_first_then_installed(client: Client, forty_plan: Plan) -> None:
    html = client.get(project_url(forty_plan)).content.decode()

    labels = app_labels(html)
    assert labels[:2] == ["accounts", "addresses"] and len(labels) == 43
    assert labels[-3:] == ["auth", "contenttypes", "sessions"]
    assert '<details class="card mb-1 project-app">' in html
    assert " open>" not in html


@pytest.mark.django_db
def test_a_small_project_shows_its_own_apps_unfolded(client: Client, blog_plan: Plan) -> None:
    html = client.get(project_url(blog_plan)).content.decode()

    assert '<details class="card mb-1 project-app" open>' in html
    assert app_labels(html)[:2] == ["core", "admin"]


@pytest.mark.django_db
def test_the_filter_is_a_plain_get_that_narrows_apps_models_and_fields(
    client: Client, forty_plan: Plan
) -> None:
    response = client.get(project_url(forty_plan, "?q=Invoice"))

    html = response.content.decode()
    assert response.status_code == 200
    assert app_labels(html) == ["invoices"]
    assert 'value="Invoice"' in html
    assert "1 of 40 own apps and 0 of 3 installed match" in html
    assert "Show every app" in html
    assert '<details class="card mb-1 project-app" open>' in html


@pytest.mark.django_db
def test_a_field_name_shows_only_the_matching_fields(client: Client, forty_plan: Plan) -> None:
    html = client.get(project_url(forty_plan, "?q=related")).content.decode()

    assert len(app_labels(html)) == 13
    assert "only the fields that match" in html
    assert "ManyToManyField → analytics.Analytic" in html
    assert "amount" not in html.split('id="project-apps"')[1]


@pytest.mark.django_db
def test_typing_gets_only_the_apps_fragment(client: Client, forty_plan: Plan) -> None:
    html = client.get(
        project_url(forty_plan, "?q=ledger"), **htmx_target("project-apps")
    ).content.decode()

    assert html.lstrip().startswith('<div id="project-apps">')
    assert "<html" not in html and "What the wizard can change here" not in html
    assert app_labels(html) == ["ledger"]


@pytest.mark.django_db
def test_nothing_matching_says_so(client: Client, forty_plan: Plan) -> None:
    html = client.get(project_url(forty_plan, "?q=zzz"), **HTMX).content.decode()

    assert "No app of its own matches." in html
    assert "No installed app matches." in html


@pytest.mark.django_db
def test_the_filter_box_works_with_and_without_javascript(client: Client, forty_plan: Plan) -> None:
    html = client.get(project_url(forty_plan)).content.decode()
    start = html.index('role="search"')
    form = html[start - 80 : html.index("</form>", start)]

    assert f'<form method="get" action="{project_url(forty_plan)}"' in form
    assert 'name="q"' in form and 'type="submit"' in form
    assert f'hx-get="{project_url(forty_plan)}"' in form
    assert 'hx-target="#project-apps"' in form


@pytest.mark.django_db
def test_plan_this_refactor_chooses_the_kind(client: Client, fleet_plan: Plan) -> None:
    kind = all_kinds()[1]

    response = client.post(reverse("wizard_ui:refactor", args=[fleet_plan.pk]), {"kind": kind.name})

    fleet_plan.refresh_from_db()
    assert response.status_code == 303
    assert response["Location"] == reverse("wizard_ui:details", args=[fleet_plan.pk])
    assert fleet_plan.kind == kind.name
