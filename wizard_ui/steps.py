"""Where a plan stands: the six steps, which are reachable, and a one-line status."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from wizard.kinds import all_kinds
from wizard_ui.models import Job, Plan

STEPS = [
    ("project", "Project"),
    ("refactor", "Refactor"),
    ("details", "Details"),
    ("preview", "Preview"),
    ("rehearse", "Rehearse"),
    ("download", "Download"),
]


@dataclass(frozen=True)
class StepperEntry:
    name: str
    title: str
    number: int
    url: str
    reachable: bool
    current: bool
    done: bool
    failed: bool = False  # done, but what it found says not to go on as it is


def reachable_steps(plan: Plan) -> set[str]:
    """Return the steps whose prerequisites are met."""
    steps = {"project"}
    if plan.loaded is not None:
        steps.add("refactor")
        if plan.kind in {kind.name for kind in all_kinds()}:
            steps.add("details")
            if plan.raw_plan:
                steps.add("preview")
                preview = plan.latest_job(Job.PREVIEW)
                if preview is not None and preview.state == Job.DONE:
                    steps |= {"rehearse", "download"}
    return steps


def first_missing(plan: Plan, wanted: str) -> str | None:
    """Return the step to go back to when ``wanted`` is not reachable yet, else None."""
    reachable = reachable_steps(plan)
    if wanted in reachable:
        return None
    names = [name for name, _title in STEPS]
    allowed = [n for n in names[: names.index(wanted)] if n in reachable]
    return allowed[-1]


def stepper(plan: Plan, current: str) -> list[StepperEntry]:
    reachable = reachable_steps(plan)
    done = done_steps(plan)
    return [
        StepperEntry(
            name=name,
            title=title,
            number=number,
            url=reverse(f"wizard_ui:{name}", args=[plan.pk]),
            reachable=name in reachable,
            current=name == current,
            done=name in done,
            failed=name in failed_steps(plan),
        )
        for number, (name, title) in enumerate(STEPS, start=1)
    ]


def done_steps(plan: Plan) -> set[str]:
    done = set()
    if plan.loaded is not None:
        done.add("project")
    if plan.kind:
        done.add("refactor")
    if plan.raw_plan:
        done.add("details")
    preview = plan.latest_job(Job.PREVIEW)
    if preview is not None and preview.state == Job.DONE:
        done.add("preview")
    rehearsal = plan.latest_job(Job.REHEARSAL)
    if rehearsal is not None and rehearsal.state == Job.DONE:
        done.add("rehearse")
    return done


def failed_steps(plan: Plan) -> set[str]:
    """Return the steps that finished with a warning: a rehearsal whose checks did not all hold."""
    rehearsal = plan.latest_job(Job.REHEARSAL)
    done = rehearsal is not None and rehearsal.state == Job.DONE
    if done and not (rehearsal.result or {}).get("passed"):  # type: ignore[union-attr]
        return {"rehearse"}
    return set()


def status(plan: Plan) -> str:
    """Return where the plan stands, in a few words (for the plan list)."""
    load = plan.latest_job(Job.LOAD)
    if plan.loaded is None:
        if load is not None and load.state == Job.FAILED:
            return "Could not load the project"
        return "Loading the project"
    if not plan.kind:
        return "Choose a refactor"
    if not plan.raw_plan:
        return "Fill in the details"
    rehearsal = plan.latest_job(Job.REHEARSAL)
    if rehearsal is not None:
        return {
            Job.QUEUED: "Rehearsing",
            Job.RUNNING: "Rehearsing",
            Job.FAILED: "Rehearsal could not run",
            Job.DONE: "Rehearsed" if (rehearsal.result or {}).get("passed") else "Rehearsal failed",
        }[rehearsal.state]
    preview = plan.latest_job(Job.PREVIEW)
    if preview is None:
        return "Ready to preview"
    return {
        Job.QUEUED: "Building the preview",
        Job.RUNNING: "Building the preview",
        Job.FAILED: "Preview failed",
        Job.DONE: "Ready to rehearse",
    }[preview.state]
