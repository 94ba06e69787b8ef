"""The home page (step 1's form), the plan list and the project step."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from wizard import overview
from wizard.snapshot import Snapshot
from wizard.target import Target
from wizard_ui import jobs, steps
from wizard_ui.examples import examples
from wizard_ui.forms.common import tampered
from wizard_ui.forms.project import ExampleForm, ProjectForm, allowed_roots
from wizard_ui.models import Job, Plan
from wizard_ui.views.common import (
    bad_request,
    current_job,
    get_plan,
    render_step,
    see_other,
    step_url,
)

RECENT = 5
UNFOLDED_APPS = 3


@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    """List the examples and recent plans; load an example or a folder (starts a plan)."""
    form = ProjectForm()
    example_form: ExampleForm | None = None
    if request.method == "POST":
        if "example" in request.POST:
            example_form = ExampleForm(request.POST)
            if example_form.is_valid() and example_form.target is not None:
                return see_other(start_plan(example_form.target))
            if tampered(example_form):
                return bad_request()
        else:
            form = ProjectForm(request.POST)
            if form.is_valid() and form.target is not None:
                return see_other(start_plan(form.target))
    recent = list(Plan.objects.prefetch_related("jobs")[:RECENT])
    context = {
        "form": form,
        "example_form": example_form,
        "examples": examples(),
        "roots": allowed_roots(),
        "recent": [(plan, steps.status(plan)) for plan in recent],
    }
    return render(request, "wizard_ui/home.html", context)


def start_plan(target: Target) -> str:
    with transaction.atomic():
        plan = Plan.objects.create(
            target_root=str(target.root), settings_module=target.settings, python=target.python
        )
        job = Job.objects.create(plan=plan, task=Job.LOAD)
        jobs.start(job)
    return step_url(plan, "project")


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = Plan.objects.prefetch_related("jobs")[:100]
    rows = [(plan, steps.status(plan), plan.latest_job(Job.REHEARSAL)) for plan in plans]
    return render(request, "wizard_ui/plan_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def project(request: HttpRequest, plan_id: str) -> HttpResponse:
    """Show the loaded project (or the load's progress or error); POST loads it again."""
    plan = get_plan(plan_id)
    if request.method == "POST":
        with transaction.atomic():
            plan.revision += 1
            plan.save(update_fields=["revision", "updated_at"])
            jobs.start(Job.objects.create(plan=plan, task=Job.LOAD))
        return see_other(step_url(plan, "project"))
    job = current_job(plan, Job.LOAD)
    busy = job is not None and not job.finished
    snapshot = None if busy else plan.loaded
    context = {"job": job, "busy": busy, "snapshot": snapshot}
    if snapshot is not None:
        context |= snapshot_context(snapshot, request.GET.get("q", ""))
    return render_step(request, plan, "project", context)


def snapshot_context(snapshot: Snapshot, query: str = "") -> dict[str, Any]:
    """Return each refactor's candidates, and the apps (own, then installed) the filter leaves."""
    query = query.strip()[:100]
    own, installed = overview.filter_apps(snapshot, query)
    own_total = len(snapshot.own_apps())
    return {
        "kinds": overview.candidates_by_kind(snapshot),
        "query": query,
        "own_apps": own,
        "installed_apps": installed,
        "own_total": own_total,
        "installed_total": len(snapshot.apps) - own_total,
        # A small project is shown unfolded; a big one folded, unless the filter narrowed it.
        "open_own": bool(query) or own_total <= UNFOLDED_APPS,
        "open_installed": bool(query),
    }
