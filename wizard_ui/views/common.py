"""What every step's view shares: finding the plan, the stepper, full page or fragment."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from wizard_ui import jobs, steps
from wizard_ui.models import Job, Plan

BAD_REQUEST = "This request was changed on the way and was refused; nothing was stored."


def get_plan(plan_id: str) -> Plan:
    """Return the plan with its jobs (one query each), or raise Http404.

    Its snapshot is read only when ``plan.loaded`` does not have it already (a 40-app project's
    is half a megabyte of JSON).
    """
    plans = Plan.objects.prefetch_related("jobs").defer("snapshot")
    plan: Plan = get_object_or_404(plans, pk=plan_id)
    return plan


def current_job(plan: Plan, task: str) -> Job | None:
    job = plan.latest_job(task)
    return jobs.check_alive(job) if job is not None else None


def see_other(url: str) -> HttpResponseRedirect:
    """Return a 303 redirect: the answer to a plain POST, so a reload never posts again."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def step_url(plan: Plan, step: str) -> str:
    return reverse(f"wizard_ui:{step}", args=[plan.pk])


def redirect_if_unreachable(plan: Plan, step: str) -> HttpResponse | None:
    """Return a redirect to the step to finish first, or None when ``step`` may be shown."""
    missing = steps.first_missing(plan, step)
    return see_other(step_url(plan, missing)) if missing else None


def bad_request() -> HttpResponseBadRequest:
    return HttpResponseBadRequest(BAD_REQUEST, content_type="text/plain; charset=utf-8")


def render_step(
    request: HttpRequest,
    plan: Plan,
    step: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    """Render the step's page, or only the fragment an htmx request targets."""
    template = f"wizard_ui/{step}.html"
    context = {"plan": plan, "stepper": steps.stepper(plan, step), "step": step, **context}
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.boosted and htmx.target in PARTIALS:
        template += "#" + PARTIALS[htmx.target]
    return render(request, template, context, status=status)


# Ids of elements that htmx requests replace, and the partial that renders each.
PARTIALS = {
    "step-body": "body",
    "project-apps": "apps",
    "details": "details",
    "details-card": "details-form",
}
