"""Step 1's page: the loaded project, the loading spinner, and load errors as a friendly panel."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import LazySettings
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from ui_helpers import HTMX, htmx_target

from wizard_ui.models import Job, Plan


def project_url(plan: Plan) -> str:
    return reverse("wizard_ui:project", args=[plan.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_loaded_project_shows_apps_models_and_m2m_fields(
    client: Client, blog_plan: Plan, headers: dict[str, str]
) -> None:
    response = client.get(project_url(blog_plan), **headers)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'App <span class="font-monospace">core</span>' in html
    assert ">Post</span>" in html
    assert ">Category</span>" in html
    assert "auto-created table core_post_categories" in html
    assert reverse("wizard_ui:refactor", args=[blog_plan.pk]) in html


@pytest.mark.django_db
def test_running_load_polls_and_refreshes_without_javascript(
    client: Client, blog_plan: Plan
) -> None:
    Job.objects.create(plan=blog_plan, task=Job.LOAD, state=Job.RUNNING, step="Importing")

    html = client.get(project_url(blog_plan)).content.decode()

    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert 'hx-trigger="load delay:1s"' in html
    assert "Importing" in html
    assert 'role="status"' in html


@pytest.mark.django_db
def test_polling_gets_only_the_step_body(client: Client, blog_plan: Plan) -> None:
    Job.objects.create(plan=blog_plan, task=Job.LOAD, state=Job.RUNNING)

    html = client.get(project_url(blog_plan), **htmx_target("step-body")).content.decode()

    assert html.lstrip().startswith('<div id="step-body">')
    assert "<html" not in html


@pytest.mark.django_db
def test_load_error_is_a_friendly_panel(
    client: Client, settings: LazySettings, tmp_path: Path
) -> None:
    settings.WIZARD_PROJECT_ROOTS = [tmp_path]
    (tmp_path / "mysite").mkdir()
    (tmp_path / "mysite" / "__init__.py").write_text("")
    (tmp_path / "mysite" / "settings.py").write_text(
        "import os\nSECRET_KEY = os.environ['MW_TEST_MISSING_VARIABLE']\n"
    )
    (tmp_path / "manage.py").write_text(
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n"
    )

    response = client.post(reverse("wizard_ui:home"), {"folder": str(tmp_path)}, follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert "The project could not be loaded" in html
    job = Plan.objects.get().jobs.get()
    assert job.state == Job.FAILED
    # The engine's own sentence: the target's error line, then a hint.
    assert job.error.startswith(
        "Could not import the settings module 'mysite.settings': "
        "KeyError: 'MW_TEST_MISSING_VARIABLE'."
    )
    assert escape(job.error) in html
    assert "Try again" in html


@pytest.mark.django_db
def test_load_again_starts_a_new_load(client: Client, blog_plan: Plan) -> None:
    response = client.post(project_url(blog_plan))

    blog_plan.refresh_from_db()
    assert response.status_code == 303
    assert response["Location"] == project_url(blog_plan)
    assert blog_plan.jobs.get().state == Job.DONE
    assert blog_plan.revision == 1


@pytest.mark.django_db
def test_unknown_plan_is_404(client: Client) -> None:
    assert client.get("/plans/not-a-plan/").status_code == 404


@pytest.mark.django_db
def test_page_links_to_itself_for_sharing(client: Client, blog_plan: Plan) -> None:
    html = client.get(project_url(blog_plan)).content.decode()

    assert f"http://testserver{project_url(blog_plan)}" in html
