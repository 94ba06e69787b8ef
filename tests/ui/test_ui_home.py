"""Step 1: the home page lists the examples, loads one or a folder, and refuses bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import LazySettings
from django.test import Client
from django.urls import reverse
from ui_helpers import HTMX

from wizard_ui.models import Job, Plan

ROOT = Path(__file__).resolve().parent.parent.parent
HOME = reverse("wizard_ui:home")


@pytest.fixture
def roots(settings: LazySettings, tmp_path: Path) -> Path:
    """Allow loading from the examples and ``tmp_path`` only."""
    settings.WIZARD_PROJECT_ROOTS = [ROOT / "examples", tmp_path]
    return tmp_path


def make_project(
    folder: Path, settings_py: str = "SECRET_KEY = 'x'\nINSTALLED_APPS = []\n"
) -> Path:
    (folder / "mysite").mkdir(parents=True)
    (folder / "mysite" / "__init__.py").write_text("")
    (folder / "mysite" / "settings.py").write_text(settings_py)
    (folder / "manage.py").write_text(
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n"
    )
    return folder


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_home_lists_examples_and_the_folder_form(client: Client, headers: dict[str, str]) -> None:
    response = client.get(HOME, **headers)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Load blog" in html
    assert "Load fleet" in html
    assert 'name="folder"' in html
    assert 'for="id_folder"' in html


@pytest.mark.django_db
def test_home_shows_recent_plans(client: Client, blog_plan: Plan) -> None:
    response = client.get(HOME)

    assert reverse("wizard_ui:project", args=[blog_plan.pk]) in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_loading_an_example_stores_a_plan_and_redirects(
    client: Client, headers: dict[str, str]
) -> None:
    response = client.post(HOME, {"example": "blog"}, **headers)

    plan = Plan.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("wizard_ui:project", args=[plan.pk])
    assert len(plan.pk) >= 22
    assert plan.target_root == str(ROOT / "examples" / "blog")
    assert plan.settings_module == "blog_site.settings"
    job = plan.jobs.get()
    assert (job.task, job.state) == (Job.LOAD, Job.DONE)
    assert plan.snapshot is not None


@pytest.mark.django_db
def test_loading_a_folder_inside_the_roots(client: Client, roots: Path) -> None:
    response = client.post(HOME, {"folder": str(ROOT / "examples" / "fleet")})

    plan = Plan.objects.get()
    assert response.status_code == 303
    assert plan.settings_module == "fleet_site.settings"


@pytest.mark.django_db
def test_unknown_example_is_refused_and_nothing_stored(client: Client) -> None:
    response = client.post(HOME, {"example": "../../etc"})

    assert response.status_code == 400
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused() -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post(HOME, {"example": "blog"})

    assert response.status_code == 403
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_folder_outside_the_roots_is_refused(client: Client, roots: Path) -> None:
    response = client.post(HOME, {"folder": "/etc"})

    assert response.status_code == 200
    assert response.context["form"].errors["folder"] == [
        f"The folder '/etc' is outside the folders this wizard may load ("
        f"'{ROOT / 'examples'}', '{roots}'); add its parent folder to the WIZARD_PROJECT_ROOTS "
        "environment variable and restart the wizard."
    ]
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_symlink_out_of_the_roots_is_refused(client: Client, roots: Path) -> None:
    (roots / "escape").symlink_to("/etc")

    response = client.post(HOME, {"folder": str(roots / "escape")})

    assert (
        "is outside the folders this wizard may load"
        in response.context["form"].errors["folder"][0]
    )


@pytest.mark.django_db
def test_example_outside_the_roots_is_refused(client: Client, settings: LazySettings) -> None:
    settings.WIZARD_PROJECT_ROOTS = ["/nonexistent-root"]

    response = client.post(HOME, {"example": "blog"})

    assert response.status_code == 200
    assert "is outside the folders this wizard may load" in response.content.decode()
    assert not Plan.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"folder": ""}, "folder", "This field is required."),
        (
            {"folder": "relative/path"},
            "folder",
            "Give the folder 'relative/path' as an absolute path (for example /home/you/mysite).",
        ),
        (
            {"folder": "{root}/settings-ok", "settings_module": "my site.settings"},
            "settings_module",
            "'my site.settings' is not a Python module path; write it like mysite.settings.",
        ),
        (
            {"folder": "{root}/settings-ok", "python": "/bin/sh"},
            "python",
            "'/bin/sh' does not look like a Python interpreter (its name should start with "
            "'python'); give the project's own, for example /home/you/mysite/.venv/bin/python.",
        ),
    ],
)
def test_folder_form_errors(
    client: Client, roots: Path, data: dict[str, str], field: str, message: str
) -> None:
    make_project(roots / "settings-ok")
    data = {key: value.format(root=roots) for key, value in data.items()}

    response = client.post(HOME, data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_missing_folder_shows_the_engine_message(client: Client, roots: Path) -> None:
    response = client.post(HOME, {"folder": str(roots / "nowhere")})

    assert response.context["form"].errors["folder"] == [
        f"The folder {str(roots / 'nowhere')!r} does not exist; give the folder that holds "
        "manage.py."
    ]


@pytest.mark.django_db
def test_folder_without_manage_py_shows_the_engine_message(client: Client, roots: Path) -> None:
    (roots / "empty").mkdir()

    response = client.post(HOME, {"folder": str(roots / "empty")})

    assert response.context["form"].errors["folder"] == [
        f"There is no manage.py in {str(roots / 'empty')!r}; give the project's root folder "
        "(the one that holds manage.py)."
    ]


@pytest.mark.django_db
def test_missing_interpreter_is_shown_on_its_field(client: Client, roots: Path) -> None:
    make_project(roots / "p")

    response = client.post(HOME, {"folder": str(roots / "p"), "python": "/nowhere/python3"})

    assert response.context["form"].errors["python"] == [
        "The interpreter '/nowhere/python3' does not exist or is not executable; pass --python "
        "the target's own python (for example /path/to/project/.venv/bin/python)."
    ]
