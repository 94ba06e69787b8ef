"""What the background jobs do: each runner calls the engine and stores plain results."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from wizard.bundle import PREVIEW_VENDORS, build_bundle
from wizard.errors import WizardError
from wizard.naive import naive_makemigrations
from wizard.rehearsal import rehearse
from wizard.target import Target, inspect_target
from wizard_ui import jobs
from wizard_ui.models import Job
from wizard_ui.preview import naive_data, preview_data
from wizard_ui.reports import rehearsal_data
from wizard_ui.templatetags.wizard_ui import warm_highlighting


@jobs.register(Job.LOAD)
def load(job: Job) -> None:
    """Load the target in its own process and keep its snapshot on the plan."""
    plan = job.plan
    jobs.report(job, step="Starting the project's own Python and importing its models")
    target = Target.resolve(plan.target_root, settings=plan.settings_module, python=plan.python)
    snapshot = inspect_target(target)
    plan.snapshot = snapshot.raw
    plan.save(update_fields=["snapshot", "updated_at"])
    job.result = {
        "apps": len(snapshot.own_apps()),
        "models": len(snapshot.models),
        "m2m_fields": len(snapshot.m2m_fields()),
    }


@jobs.register(Job.PREVIEW)
def preview(job: Job) -> None:
    """Build the bundle (migrations, SQL per database, schema diff, patch) and the naive run."""
    plan = job.plan
    target = Target.resolve(plan.target_root, settings=plan.settings_module, python=plan.python)
    job.result, job.payload = build_preview(
        target, plan.raw_plan or {}, say=lambda message: jobs.report(job, step=message)
    )
    warm_highlighting(job.result)


def build_preview(
    target: Target,
    raw_plan: dict[str, Any],
    *,
    say: Callable[[str], None],
    vendors: Sequence[str] = PREVIEW_VENDORS,
) -> tuple[dict[str, Any], bytes]:
    """Return what the preview page shows, and the bundle's zip."""
    bundle = build_bundle(target, raw_plan, vendors=vendors, progress=say)
    data = preview_data(bundle)
    say("Asking plain makemigrations what it would do")
    try:
        naive = naive_makemigrations(target, bundle.patch, {m.app_label for m in bundle.migrations})
    except WizardError as exc:
        data["naive"] = {"unavailable": exc.message}
    else:
        data["naive"] = naive_data(naive)
    return data, bundle.to_zip()


@jobs.register(Job.REHEARSAL)
def rehearsal(job: Job) -> None:
    """Rehearse the plan's bundle on a scratch database, reporting each step as it goes."""
    plan = job.plan
    built = (
        plan.jobs.filter(task=Job.PREVIEW, revision=job.revision, state=Job.DONE)
        .order_by("-created_at")
        .first()
    )
    if built is None or not built.payload:
        raise WizardError("This plan has no bundle to rehearse yet; build its preview first.")
    target = Target.resolve(plan.target_root, settings=plan.settings_module, python=plan.python)

    report = rehearse(
        target,
        bytes(built.payload),
        database=job.options.get("database_url", "sqlite"),
        rows=int(job.options.get("rows", 200)),
        on_event=lambda event: rehearsal_event(job, event),
    )
    job.result = rehearsal_data(report)
    warm_highlighting(job.result)


def rehearsal_event(job: Job, event: dict[str, Any]) -> None:
    """Record a rehearsal's event on its job; of the seeding's pace (every half second), only
    the latest is kept."""
    earlier = job.events
    if event["event"] == "step_progress" and earlier and earlier[-1]["event"] == event["event"]:
        earlier = earlier[:-1]
    job.events = [*earlier, event]
    step = None
    if event["event"] in ("step_started", "step_progress"):
        step = f"step {event['index']} of {event['total']}: {event['title']}"
    jobs.report(job, progress=int(event.get("percent", 0)), step=step, events=job.events)
