"""Steps 2 and 3: which refactor, and its details (checked as you type)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from wizard_ui import details, jobs
from wizard_ui.forms.common import tampered
from wizard_ui.forms.m2m_through import MAX_EXTRA_FIELDS
from wizard_ui.forms.refactor import RefactorForm
from wizard_ui.models import Job, Plan
from wizard_ui.views.common import (
    bad_request,
    get_plan,
    redirect_if_unreachable,
    render_step,
    see_other,
    step_url,
)


@require_http_methods(["GET", "POST"])
def refactor(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = get_plan(plan_id)
    if (redirect := redirect_if_unreachable(plan, "refactor")) is not None:
        return redirect
    action = step_url(plan, "refactor")
    form = RefactorForm(initial={"kind": plan.kind or None}, action=action)
    if request.method == "POST":
        form = RefactorForm(request.POST, action=action)
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            if kind != plan.kind:
                plan.kind, plan.raw_plan = kind, None
                plan.revision += 1
                plan.save(update_fields=["kind", "raw_plan", "revision", "updated_at"])
            return see_other(step_url(plan, "details"))
        if tampered(form):
            return bad_request()
    return render_step(request, plan, "refactor", {"form": form})


@require_http_methods(["GET", "POST"])
def details_view(request: HttpRequest, plan_id: str) -> HttpResponse:
    """Show the details form; POST saves the plan and starts building its preview."""
    plan = get_plan(plan_id)
    if (redirect := redirect_if_unreachable(plan, "details")) is not None:
        return redirect
    snapshot = plan.loaded
    assert snapshot is not None
    if request.method == "GET":
        step = details.build(plan, snapshot, request.GET, None)
        return render_step(request, plan, "details", {"details": step})
    if "add_field" in request.POST or "remove_field" in request.POST:
        return _change_rows(request, plan)
    step = details.build(plan, snapshot, request.GET, request.POST)
    try:
        valid = step.is_valid()
    except details.Tampered:
        return bad_request()
    if not valid:
        return render_step(request, plan, "details", {"details": step, "checked": "marked"})
    _save_plan(plan, step.raw())
    return see_other(step_url(plan, "preview"))


def _save_plan(plan: Plan, raw: dict[str, Any]) -> None:
    with transaction.atomic():
        if raw != plan.raw_plan:
            plan.raw_plan = raw
            plan.revision += 1
            plan.save(update_fields=["raw_plan", "revision", "updated_at"])
        preview = plan.latest_job(Job.PREVIEW)
        if preview is None or preview.revision != plan.revision or preview.state == Job.FAILED:
            job = Job.objects.create(plan=plan, task=Job.PREVIEW, revision=plan.revision)
            jobs.start(job)


def _change_rows(request: HttpRequest, plan: Plan) -> HttpResponse:
    """Add or remove an extra-field row and show the form again (nothing is stored)."""
    snapshot = plan.loaded
    assert snapshot is not None
    rows = details.rows_from_post(request.POST)
    if rows is None:
        return bad_request()
    if "add_field" in request.POST and len(rows) < MAX_EXTRA_FIELDS:
        rows.append({})
    elif "remove_field" in request.POST:
        try:
            del rows[int(request.POST["remove_field"])]
        except (ValueError, IndexError):
            return bad_request()
    step = details.build(plan, snapshot, QueryDict(), request.POST, rows=rows)
    if step.form is None:
        return bad_request()
    return render_step(request, plan, "details", {"details": step})


@require_POST
def details_check(request: HttpRequest, plan_id: str) -> HttpResponse:
    """Check the details as they are typed with make_bundle's own verdict; store nothing."""
    plan = get_plan(plan_id)
    snapshot = plan.loaded
    if snapshot is None or not plan.kind:
        return bad_request()
    step = details.build(plan, snapshot, QueryDict(), request.POST)
    try:
        step.is_valid(build=True)
    except details.Tampered:
        return bad_request()
    return render(
        request,
        "wizard_ui/_plan_check_inner.html",
        {"details": step, "checked": True, "plan": plan},
    )
