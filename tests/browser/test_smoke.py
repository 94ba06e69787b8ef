from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer


@pytest.mark.django_db(transaction=True)
def test_home_page_loads_in_chromium(
    page: Page, live_server: LiveServer, artifacts_dir: Path
) -> None:
    response = page.goto(live_server.url + "/")

    page.screenshot(path=artifacts_dir / "smoke-home.png", full_page=True)
    assert response is not None
    assert response.status == 200
    assert "text/html" in response.headers["content-type"]
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Change a Django model that already holds data"
    )
    assert page.get_by_role("button", name="Load blog").is_visible()
