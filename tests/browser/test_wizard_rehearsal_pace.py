"""A long rehearsal's seed step shows its pace: rows, rows a second and the time left."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer
from wizard_pages import EXAMPLES, Walk

from wizard.rehearsal.report import STEPS
from wizard.target import load_target
from wizard_ui import jobs
from wizard_ui.job_runners import rehearsal_event
from wizard_ui.models import Job, Plan

pytestmark = pytest.mark.django_db(transaction=True)

SEED = next(index for index, (name, _title, _share) in enumerate(STEPS) if name == "seed")


@pytest.fixture
def page_1280(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def seeding_job() -> Iterator[Job]:
    """Return a rehearsal that is filling rows on a big target, as its thread reported it."""
    snapshot = load_target(EXAMPLES / "blog")
    target = snapshot.target
    plan = Plan.objects.create(
        target_root=str(target.root),
        settings_module=target.settings,
        python=target.python,
        snapshot=snapshot.raw,
        kind="m2m_through",
        raw_plan={"kind": "m2m_through", "field": "core.Post.categories", "through": "Filed"},
    )
    Job.objects.create(plan=plan, task=Job.PREVIEW, state=Job.DONE, result={}, payload=b"zip")
    job = Job.objects.create(plan=plan, task=Job.REHEARSAL, state=Job.RUNNING)
    jobs._active.add(job.pk)  # a thread of this process runs it
    jobs._owners[job.pk] = jobs.threading.get_ident()
    percent = 0
    for index, (name, title, share) in enumerate(STEPS[: SEED + 1], start=1):
        base = {"step": name, "title": title, "index": index, "total": len(STEPS)}
        rehearsal_event(job, {"event": "step_started", **base, "percent": percent})
        if name != "seed":
            percent += share
            finished = {"status": "ok", "seconds": 0.4, "percent": percent}
            rehearsal_event(job, {"event": "step_finished", **base, **finished})
    pace = {
        "rows": 1_240_000,
        "expected_rows": 3_960_000,
        "rows_per_second": 9_850,
        "seconds_left": 276.1,
        "percent": percent + 9,
    }
    rehearsal_event(job, {"event": "step_progress", **base, **pace})
    yield job
    jobs._active.discard(job.pk)
    jobs._owners.pop(job.pk, None)


def test_the_seed_step_shows_rows_a_second_and_the_time_left(
    page_1280: Page, live_server: LiveServer, artifacts_dir: Path, seeding_job: Job
) -> None:
    page = page_1280
    walk = Walk(page, artifacts_dir, "rehearsal-progress")
    page.goto(f"{live_server.url}/plans/{seeding_job.plan_id}/rehearse/")

    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "14")
    expect(page.get_by_text("1,240,000 of about 3,960,000 rows")).to_contain_text(
        "9,850 rows a second, about 4 min 36 s left"
    )
    walk.shot("seeding")
