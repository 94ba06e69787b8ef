"""Steps 4 to 6 (preview, rehearse, download) and the walkthrough."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from wizard.errors import WizardError
from wizard_ui import jobs
from wizard_ui.forms.common import tampered
from wizard_ui.forms.rehearsal import RehearsalForm, database_url
from wizard_ui.forms.row_counts import FIELD as ROW_COUNTS_FIELD
from wizard_ui.forms.row_counts import RowCountsForm
from wizard_ui.models import Job, Plan
from wizard_ui.reports import live_steps
from wizard_ui.row_counts import at_row_counts
from wizard_ui.views.common import (
    bad_request,
    current_job,
    get_plan,
    redirect_if_unreachable,
    render_step,
    see_other,
    step_url,
)


def _start(plan: Plan, task: str, options: dict[str, object] | None = None) -> None:
    """Start a job doing ``task`` for the plan's current revision unless one is running."""
    running = current_job(plan, task)
    if running is not None and not running.finished:
        return
    with transaction.atomic():
        job = Job.objects.create(
            plan=plan, task=task, revision=plan.revision, options=options or {}
        )
        jobs.start(job)


@sensitive_post_parameters(ROW_COUNTS_FIELD)
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, plan_id: str) -> HttpResponse:
    """Show the generated migrations, SQL, schema diff and patch; POST builds them again, or,
    with a database's URL, shows their locks at that database's row counts."""
    plan = get_plan(plan_id)
    if (redirect := redirect_if_unreachable(plan, "preview")) is not None:
        return redirect
    job = current_job(plan, Job.PREVIEW)
    built = job.result if job is not None and job.state == Job.DONE else None
    rows_form = RowCountsForm(action=step_url(plan, "preview"))
    if request.method == "POST" and ROW_COUNTS_FIELD in request.POST and built is not None:
        # Answered with the page itself (200), not a 303: a redirect would need the counts,
        # and where they came from, stored somewhere; a reload simply shows the usual estimates.
        rows_form = RowCountsForm(request.POST, action=step_url(plan, "preview"))
        if rows_form.is_valid():
            try:
                built = at_row_counts(built, rows_form.row_counts, rows_form.rows_from)
            except WizardError as exc:
                rows_form.add_error(ROW_COUNTS_FIELD, exc.message)
            else:
                rows_form = rows_form.after_reading()
    elif request.method == "POST":
        _start(plan, Job.PREVIEW)
        return see_other(step_url(plan, "preview"))
    return render_step(
        request,
        plan,
        "preview",
        {
            "job": job,
            "busy": job is not None and not job.finished,
            "preview": built,
            "rows_form": rows_form,
        },
    )


@require_http_methods(["GET", "POST"])
def rehearse(request: HttpRequest, plan_id: str) -> HttpResponse:
    """Offer a rehearsal, show its progress, then its checks."""
    plan = get_plan(plan_id)
    if (redirect := redirect_if_unreachable(plan, "rehearse")) is not None:
        return redirect
    action = step_url(plan, "rehearse")
    job = current_job(plan, Job.REHEARSAL)
    form = RehearsalForm(initial=(job.options if job is not None else None), action=action)
    status = 200
    if request.method == "POST":
        form = RehearsalForm(request.POST, action=action)
        if form.is_valid():
            choice = form.cleaned_data["database"]
            _start(
                plan,
                Job.REHEARSAL,
                {
                    "database": choice,
                    "database_url": database_url(choice),
                    "rows": form.cleaned_data["rows"],
                },
            )
            return see_other(action)
        if tampered(form):
            return bad_request()
    busy = job is not None and not job.finished
    live = live_steps(job.events) if busy and job is not None else []
    return render_step(
        request,
        plan,
        "rehearse",
        {
            "job": job,
            "busy": busy,
            "form": form,
            "live": live,
            # How fast the running step goes and how long it has left (the seeding says).
            "pace": next((s["pace"] for s in live if s["status"] == "running" and "pace" in s), ""),
            "report": job.result if job is not None and job.state == Job.DONE else None,
        },
        status=status,
    )


def _bundle_job(plan: Plan) -> Job:
    job = current_job(plan, Job.PREVIEW)
    if job is None or job.state != Job.DONE or not job.payload:
        raise Http404("This plan has no bundle yet; build its preview first.")
    return job


@require_GET
def download(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = get_plan(plan_id)
    if (redirect := redirect_if_unreachable(plan, "download")) is not None:
        return redirect
    job = _bundle_job(plan)
    return render_step(
        request,
        plan,
        "download",
        {
            "bundle": job.result,
            "size": len(job.payload or b""),
            "rehearsal": current_job(plan, Job.REHEARSAL),
        },
    )


@require_GET
def download_zip(request: HttpRequest, plan_id: str, name: str) -> HttpResponse:
    plan = get_plan(plan_id)
    job = _bundle_job(plan)
    zip_name = (job.result or {}).get("zip_name", "")
    if name != zip_name:
        raise Http404("No such file.")
    response = HttpResponse(bytes(job.payload or b""), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{zip_name}"'
    return response


@require_GET
def walkthrough(request: HttpRequest, plan_id: str, number: int = 1) -> HttpResponse:
    """Present a finished plan one migration at a time (then its rehearsal), in large type."""
    plan = get_plan(plan_id)
    if (redirect := redirect_if_unreachable(plan, "download")) is not None:
        return redirect
    preview = _bundle_job(plan).result or {}
    migrations = preview.get("migrations", [])
    total = len(migrations) + 2  # the plan, each migration, the rehearsal
    if not 1 <= number <= total:
        raise Http404("No such slide.")
    return render_step(
        request,
        plan,
        "walkthrough",
        {
            "preview": preview,
            "number": number,
            "total": total,
            "migration": migrations[number - 2] if 1 < number < total else None,
            "rehearsal": current_job(plan, Job.REHEARSAL),
            "slides": range(1, total + 1),
        },
    )
