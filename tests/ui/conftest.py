"""Fixtures for the web wizard's view tests: real snapshots of the examples, stored plans."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from ui_helpers import make_plan

from wizard.rehearsal import rehearse
from wizard.snapshot import Snapshot
from wizard.target import load_target
from wizard_ui import jobs
from wizard_ui.job_runners import build_preview
from wizard_ui.models import Job, Plan
from wizard_ui.reports import rehearsal_data

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = ROOT / "examples"
BLOG_PLAN = {
    "kind": "m2m_through",
    "field": "core.Post.categories",
    "through": "PostCategory",
    "table": "rename",
    "extra_fields": [
        {
            "name": "date_created",
            "type": "DateField",
            "options": {"auto_now_add": True},
            "backfill": "2024-01-01",
        }
    ],
}


@pytest.fixture(autouse=True)
def _jobs_in_the_request(settings: LazySettings) -> None:
    """Run jobs in the test's thread, so a view test sees their outcome at once."""
    settings.WIZARD_JOBS_INLINE = True


@pytest.fixture(scope="session")
def blog_snapshot() -> Snapshot:
    return load_target(EXAMPLES / "blog")


@pytest.fixture(scope="session")
def fleet_snapshot() -> Snapshot:
    return load_target(EXAMPLES / "fleet")


@pytest.fixture
def blog_plan(db: None, blog_snapshot: Snapshot) -> Plan:
    """Return a stored plan whose project (the blog example) is loaded; no refactor chosen."""
    return make_plan(blog_snapshot)


@pytest.fixture
def fleet_plan(db: None, fleet_snapshot: Snapshot) -> Plan:
    return make_plan(fleet_snapshot)


@pytest.fixture
def no_preview_work() -> Iterator[list[Job]]:
    """Replace the preview runner by one that only records the job (views are tested here)."""
    started: list[Job] = []
    saved = jobs.RUNNERS[Job.PREVIEW]
    jobs.RUNNERS[Job.PREVIEW] = started.append
    yield started
    jobs.RUNNERS[Job.PREVIEW] = saved


@pytest.fixture(scope="session")
def blog_preview(blog_snapshot: Snapshot) -> tuple[dict[str, Any], bytes]:
    """Return the real preview data and zip of the blog story's plan (built once)."""
    return build_preview(blog_snapshot.target, BLOG_PLAN, say=lambda message: None)


@pytest.fixture(scope="session")
def blog_rehearsal(blog_snapshot: Snapshot, blog_preview: tuple[dict[str, Any], bytes]) -> Any:
    """Return the real rehearsal report data of the blog bundle (few rows: it is about views)."""
    return rehearsal_data(rehearse(blog_snapshot.target, blog_preview[1], rows=20))


@pytest.fixture
def previewed_plan(blog_plan: Plan, blog_preview: tuple[dict[str, Any], bytes]) -> Plan:
    """Return the blog plan with its details and a finished preview job."""
    blog_plan.kind, blog_plan.raw_plan, blog_plan.revision = "m2m_through", BLOG_PLAN, 1
    blog_plan.save()
    data, zipped = blog_preview
    Job.objects.create(
        plan=blog_plan,
        task=Job.PREVIEW,
        revision=1,
        state=Job.DONE,
        result=data,
        payload=zipped,
        progress=100,
    )
    return blog_plan
