"""Background jobs: how they end, what a page sees while they run, and orphans after a restart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import LazySettings

from wizard.errors import PlanError, TargetLoadError, WizardBugError
from wizard_ui import jobs
from wizard_ui.models import Job, Plan


@pytest.fixture
def runner() -> Iterator[list[object]]:
    """Let each test decide what the preview runner does (append a callable or an exception)."""
    plan: list[object] = []
    saved = jobs.RUNNERS[Job.PREVIEW]

    def run(job: Job) -> None:
        action = plan.pop(0)
        if isinstance(action, BaseException):
            raise action
        assert callable(action)
        action(job)

    jobs.RUNNERS[Job.PREVIEW] = run
    yield plan
    jobs.RUNNERS[Job.PREVIEW] = saved


def start(plan: Plan) -> Job:
    job = Job.objects.create(plan=plan, task=Job.PREVIEW)
    jobs.start(job)
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_a_wizard_error_ends_the_job_with_its_message(
    blog_plan: Plan, runner: list[object]
) -> None:
    runner.append(TargetLoadError("The target failed: KeyError.", detail="Traceback ..."))

    job = start(blog_plan)

    assert (job.state, job.error, job.error_detail) == (
        Job.FAILED,
        "The target failed: KeyError.",
        "Traceback ...",
    )
    assert job.finished_at is not None


@pytest.mark.django_db
def test_an_unexpected_error_is_a_failed_job_not_a_crash(
    blog_plan: Plan, runner: list[object]
) -> None:
    runner.append(ZeroDivisionError("division by zero"))

    job = start(blog_plan)

    assert job.state == Job.FAILED
    assert job.error == (
        "Something went wrong inside the wizard (ZeroDivisionError: division by zero); this is a "
        "bug in the wizard, not in your project. Try again, and report it with the details "
        "below if it happens again."
    )
    assert "ZeroDivisionError" in job.error_detail


BUG = (
    "The wizard's own code failed inside the target's process while running 'fingerprint' "
    "(TypeError: sequence item 0: expected str instance, NoneType found); this is a bug in the "
    "wizard, not in your project. The full traceback is in "
    "/tmp/migration-wizard-bugs/20261202-103000-fingerprint-x.txt; please report it."
)


@pytest.mark.django_db
def test_a_bug_of_the_wizard_in_the_targets_process_keeps_its_message_and_traceback(
    blog_plan: Plan, runner: list[object]
) -> None:
    runner.append(WizardBugError(BUG, detail="Traceback (most recent call last):\nTypeError"))

    job = start(blog_plan)

    assert (job.state, job.error, job.error_detail) == (
        Job.FAILED,
        BUG,
        "Traceback (most recent call last):\nTypeError",
    )


@pytest.mark.django_db
def test_a_finished_job_is_done_at_100_percent(blog_plan: Plan, runner: list[object]) -> None:
    def work(job: Job) -> None:
        jobs.report(job, progress=40, step="Halfway")
        job.result = {"answer": 42}

    runner.append(work)

    job = start(blog_plan)

    assert (job.state, job.progress, job.step, job.result) == (
        Job.DONE,
        100,
        "Halfway",
        {"answer": 42},
    )


@pytest.mark.django_db
def test_the_plan_error_of_a_preview_is_kept(blog_plan: Plan, runner: list[object]) -> None:
    runner.append(PlanError("The through model name 'x' is taken; choose another."))

    assert start(blog_plan).error == "The through model name 'x' is taken; choose another."


@pytest.mark.django_db
def test_a_job_nobody_runs_any_more_is_marked_interrupted(
    blog_plan: Plan, settings: LazySettings
) -> None:
    settings.WIZARD_JOBS_INLINE = False
    job = Job.objects.create(plan=blog_plan, task=Job.LOAD, state=Job.RUNNING)

    jobs.check_alive(job)

    job.refresh_from_db()
    assert (job.state, job.error) == (Job.FAILED, jobs.INTERRUPTED)


@pytest.mark.django_db
def test_progress_from_a_helper_thread_stays_in_memory(
    blog_plan: Plan, settings: LazySettings
) -> None:
    settings.WIZARD_JOBS_INLINE = False
    job = Job.objects.create(plan=blog_plan, task=Job.PREVIEW, state=Job.RUNNING)
    jobs._active.add(job.pk)
    try:
        jobs.report(job, step="Previewing on SQLite", progress=30)
        stored = Job.objects.get(pk=job.pk)
        seen = jobs.check_alive(Job.objects.get(pk=job.pk))
    finally:
        jobs._active.discard(job.pk)
        jobs._live.pop(job.pk, None)

    assert (stored.step, stored.progress) == ("", 0)
    assert (seen.state, seen.step, seen.progress) == (Job.RUNNING, "Previewing on SQLite", 30)
