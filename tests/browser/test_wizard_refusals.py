"""What a person sees when the wizard refuses: a folder outside the roots, a project that fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import LazySettings
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer
from wizard_pages import Walk

pytestmark = pytest.mark.django_db(transaction=True)


def broken_project(folder: Path) -> Path:
    (folder / "mysite").mkdir(parents=True)
    (folder / "mysite" / "__init__.py").write_text("")
    (folder / "mysite" / "settings.py").write_text(
        "import os\n\nSECRET_KEY = os.environ['MYSITE_SECRET_KEY']\n"
    )
    (folder / "manage.py").write_text(
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n"
    )
    return folder


def test_refusals_are_sentences_on_the_page(
    page: Page,
    live_server: LiveServer,
    artifacts_dir: Path,
    settings: LazySettings,
    tmp_path: Path,
) -> None:
    settings.WIZARD_PROJECT_ROOTS = [tmp_path]
    walk = Walk(page, artifacts_dir, "wizard-refusal")
    page.goto(live_server.url + "/")
    page.get_by_label("Project folder").fill("/etc")
    page.get_by_role("button", name="Load this project").click()
    expect(
        page.get_by_text("The folder '/etc' is outside the folders this wizard may load")
    ).to_be_visible()
    walk.shot("outside-roots")

    page.get_by_label("Project folder").fill(str(broken_project(tmp_path / "broken")))
    page.get_by_role("button", name="Load this project").click()
    expect(page.get_by_role("heading", name="The project could not be loaded")).to_be_visible(
        timeout=60_000
    )
    expect(page.get_by_text("MYSITE_SECRET_KEY").first).to_be_visible()
    walk.shot("load-failed")
    page.get_by_text("Technical details").click()
    walk.shot("load-failed-details")
