"""Fixtures for the web wizard's view tests: real snapshots of the examples, stored plans."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import LazySettings
from ui_helpers import make_plan

from wizard.target import Snapshot, load_target
from wizard_ui import jobs
from wizard_ui.models import Job, Plan

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = ROOT / "examples"


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
