"""Steps 4 to 6 and the walkthrough, on a real bundle of the blog example."""

from __future__ import annotations

import io
import threading
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from ui_helpers import HTMX, htmx_target

from wizard_ui import jobs
from wizard_ui.job_runners import rehearsal_event
from wizard_ui.models import Job, Plan
from wizard_ui.reports import time_left


def url(name: str, plan: Plan, *args: Any) -> str:
    return reverse(f"wizard_ui:{name}", args=[plan.pk, *args])


# -- preview --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_preview_shows_migrations_sql_diffs_and_naive(
    client: Client, previewed_plan: Plan, headers: dict[str, str]
) -> None:
    html = client.get(url("preview", previewed_plan), **headers).content.decode()

    assert "core/migrations/0003_post_categories_through.py" in html
    assert '<div class="hl">' in html  # highlighted on the server
    assert "<code>SeparateDatabaseAndState</code> declares the model" in html
    for tab in ("SQLite", "PostgreSQL", "MySQL/MariaDB"):
        assert f">{tab}</button>" in html
    assert 'role="tab"' in html
    assert '<span class="gd">-table core_post_categories</span>' in html
    assert "models.patch" in html
    assert "What plain makemigrations would have done" in html
    assert (
        "Cannot alter field core.Post.categories into core.Post.categories - they are not "
        "compatible types" in html
    )
    assert "creates a new, empty table: the existing links stay behind in the old one" in html


LOCK_SENTENCES = (
    "PostgreSQL: blocks reads and writes of core_post_categories and core_postcategory for a "
    "moment.",
    "MySQL/MariaDB: takes a brief exclusive metadata lock on core_post_categories, "
    "core_postcategory.",
)


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_preview_shows_each_migrations_locks(
    client: Client, previewed_plan: Plan, headers: dict[str, str]
) -> None:
    html = client.get(url("preview", previewed_plan), **headers).content.decode()

    assert "per million rows of the table each statement works on" in html
    for sentence in LOCK_SENTENCES:
        assert f"<li>{sentence}</li>" in html
    assert "<summary>Each statement's lock</summary>" in html
    assert "<td>ACCESS EXCLUSIVE on core_post_categories (blocks reads and writes)</td>" in html
    assert '<th scope="col">ALGORITHM</th>' in html
    assert (
        "Run it with the old code stopped, right before the new code starts: the old code "
        "cannot follow it: it renames core_post_categories." in html
    )


@pytest.mark.django_db
def test_preview_without_a_build_offers_one(client: Client, blog_plan: Plan) -> None:
    blog_plan.kind = "m2m_through"
    blog_plan.raw_plan = {"kind": "m2m_through"}
    blog_plan.save()

    html = client.get(url("preview", blog_plan)).content.decode()

    assert "Build the preview" in html


@pytest.mark.django_db
def test_preview_post_starts_a_build(
    client: Client, previewed_plan: Plan, no_preview_work: list[Job]
) -> None:
    previewed_plan.jobs.update(state=Job.FAILED, error="It broke.")

    response = client.post(url("preview", previewed_plan))

    assert response.status_code == 303
    assert len(no_preview_work) == 1


@pytest.mark.django_db
def test_running_preview_polls(client: Client, previewed_plan: Plan) -> None:
    previewed_plan.jobs.update(state=Job.RUNNING, step="Previewing on PostgreSQL")

    html = client.get(url("preview", previewed_plan), **htmx_target("step-body")).content.decode()

    assert html.lstrip().startswith('<div id="step-body">')
    assert "Previewing on PostgreSQL" in html
    assert 'hx-trigger="load delay:1s"' in html
    assert 'class="spinner-border' in html


@pytest.mark.django_db
def test_failed_preview_is_a_panel_not_a_500(client: Client, previewed_plan: Plan) -> None:
    previewed_plan.jobs.update(
        state=Job.FAILED, error="After this change Django's checks fail (x); change the plan."
    )

    response = client.get(url("preview", previewed_plan))

    html = response.content.decode()
    assert response.status_code == 200
    assert "The preview could not be built" in html
    assert "After this change Django&#x27;s checks fail (x); change the plan." in html
    assert "Change the details" in html


@pytest.mark.django_db
def test_failed_preview_by_a_bug_of_the_wizard_says_so_and_names_the_file(
    client: Client, previewed_plan: Plan
) -> None:
    bug = (
        "The wizard's own code failed inside the target's process while running 'preview' "
        "(KeyError: 'kind'); this is a bug in the wizard, not in your project. The full "
        "traceback is in /tmp/migration-wizard-bugs/20261202-103000-preview-x.txt; please "
        "report it."
    )
    previewed_plan.jobs.update(state=Job.FAILED, error=bug, error_detail="Traceback: KeyError")

    html = client.get(url("preview", previewed_plan)).content.decode()

    assert "The preview could not be built" in html
    assert bug.replace("'", "&#x27;") in html
    assert "Traceback: KeyError" in html
    assert "manage.py check" not in html


@pytest.mark.django_db
def test_changed_details_hide_the_old_preview(client: Client, previewed_plan: Plan) -> None:
    previewed_plan.revision = 2
    previewed_plan.save()

    html = client.get(url("preview", previewed_plan)).content.decode()

    assert "Build the preview" in html
    assert client.get(url("download", previewed_plan)).status_code == 303


# -- rehearse -------------------------------------------------------------------------------


@pytest.fixture
def no_rehearsal_work() -> Any:
    started: list[Job] = []
    saved = jobs.RUNNERS[Job.REHEARSAL]
    jobs.RUNNERS[Job.REHEARSAL] = started.append
    yield started
    jobs.RUNNERS[Job.REHEARSAL] = saved


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_rehearse_page_offers_the_databases(
    client: Client, previewed_plan: Plan, headers: dict[str, str]
) -> None:
    html = client.get(url("rehearse", previewed_plan), **headers).content.decode()

    assert "A scratch SQLite file" in html
    assert "postgresql://postgres@127.0.0.1:5432" in html
    assert 'name="rows"' in html
    assert "Start the rehearsal" in html


@pytest.mark.django_db
def test_rehearsal_post_starts_a_job(
    client: Client, previewed_plan: Plan, no_rehearsal_work: list[Job]
) -> None:
    response = client.post(url("rehearse", previewed_plan), {"database": "sqlite", "rows": "50"})

    assert response.status_code == 303
    assert response["Location"] == url("rehearse", previewed_plan)
    [job] = no_rehearsal_work
    assert job.options == {"database": "sqlite", "database_url": "sqlite", "rows": 50}
    assert job.revision == previewed_plan.revision


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"database": "sqlite", "rows": "5"}, "rows", "Use at least 10 rows per model."),
        (
            {"database": "sqlite", "rows": "9000"},
            "rows",
            "Use at most 5000 rows per model here; the rehearse command takes more.",
        ),
        (
            {"database": "sqlite", "rows": "many"},
            "rows",
            "Write the number of rows as a whole number, for example 200.",
        ),
        ({"rows": "50"}, "database", "Choose the database to rehearse on."),
    ],
)
def test_rehearsal_form_errors(
    client: Client, previewed_plan: Plan, data: dict[str, str], field: str, message: str
) -> None:
    response = client.post(url("rehearse", previewed_plan), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not previewed_plan.jobs.filter(task=Job.REHEARSAL).exists()


@pytest.mark.django_db
def test_rehearsal_on_an_unknown_database_is_refused(client: Client, previewed_plan: Plan) -> None:
    response = client.post(
        url("rehearse", previewed_plan), {"database": "oracle://prod", "rows": "50"}
    )

    assert response.status_code == 400
    assert not previewed_plan.jobs.filter(task=Job.REHEARSAL).exists()


@pytest.mark.django_db
def test_running_rehearsal_shows_a_live_progress_bar(client: Client, previewed_plan: Plan) -> None:
    events = [
        {"event": "step_started", "step": "copy", "title": "Copy the target", "percent": 0},
        {
            "event": "step_finished",
            "step": "copy",
            "title": "Copy the target",
            "status": "ok",
            "seconds": 0.02,
            "percent": 3,
        },
        {"event": "step_started", "step": "seed", "title": "Fill every model", "percent": 5},
    ]
    Job.objects.create(
        plan=previewed_plan,
        task=Job.REHEARSAL,
        revision=1,
        state=Job.RUNNING,
        progress=5,
        step="step 3 of 8: Fill every model",
        events=events,
    )

    html = client.get(url("rehearse", previewed_plan), **htmx_target("step-body")).content.decode()

    assert 'role="progressbar"' in html
    assert 'aria-valuenow="5"' in html
    assert "step 3 of 8: Fill every model" in html
    assert "Copy the target — ok, 20 ms" in html
    assert "Fill every model — running…" in html


@pytest.mark.django_db
def test_running_seed_step_shows_rows_a_second_and_the_time_left(
    client: Client, previewed_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = Job.objects.create(plan=previewed_plan, task=Job.REHEARSAL, revision=1, state=Job.RUNNING)
    monkeypatch.setitem(jobs._owners, job.pk, threading.get_ident())  # this thread runs it
    started = {"event": "step_started", "step": "seed", "title": "Fill every model", "index": 3}
    rehearsal_event(job, {**started, "total": 8, "percent": 5})
    for rows, rate, left in ((4000, 2000, 48.0), (42000, 6000, 0.3)):
        pace = {
            "event": "step_progress",
            "step": "seed",
            "title": "Fill every model",
            "index": 3,
            "total": 8,
            "rows": rows,
            "expected_rows": 100000,
            "rows_per_second": rate,
            "seconds_left": left,
            "percent": 17,
        }
        rehearsal_event(job, pace)

    job.refresh_from_db()
    assert [e["event"] for e in job.events] == ["step_started", "step_progress"]
    html = client.get(url("rehearse", previewed_plan), **htmx_target("step-body")).content.decode()
    assert 'aria-valuenow="17"' in html
    assert (
        '<p class="job-pace mt-2 mb-0">42,000 of about 100,000 rows, '
        "6,000 rows a second, about 1 s left</p>"
    ) in html
    assert "Fill every model — running…</li>" in html


def test_time_left_reads_in_minutes_past_a_minute() -> None:
    assert [time_left(s) for s in (0.2, 12.4, 59.6, 61, 754)] == [
        "1 s",
        "12 s",
        "1 min 00 s",
        "1 min 01 s",
        "12 min 34 s",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_finished_rehearsal_shows_the_checks(
    client: Client, previewed_plan: Plan, blog_rehearsal: Any, headers: dict[str, str]
) -> None:
    Job.objects.create(
        plan=previewed_plan,
        task=Job.REHEARSAL,
        revision=1,
        state=Job.DONE,
        result=blog_rehearsal,
        options={"database": "sqlite", "rows": 20},
    )

    html = client.get(url("rehearse", previewed_plan), **headers).content.decode()

    assert "Every check held" in html
    assert "After applying the bundle" in html
    assert "After migrating back" in html
    assert "Every pair is a row of the through model, with the same id" in html
    assert "Next: download the bundle" in html
    assert "Rehearse again" in html


@pytest.mark.django_db
def test_failed_check_is_shown_plainly(
    client: Client, previewed_plan: Plan, blog_rehearsal: Any
) -> None:
    result = dict(blog_rehearsal, passed=False, failed_count=1, summary="It failed.")
    check = dict(result["phases"][0]["checks"][1], ok=False, items=["core.Post 3: title lost"])
    result["phases"] = [dict(result["phases"][0], checks=[check])]
    Job.objects.create(
        plan=previewed_plan, task=Job.REHEARSAL, revision=1, state=Job.DONE, result=result
    )

    html = client.get(url("rehearse", previewed_plan)).content.decode()

    assert "1 check did not hold" in html
    assert "core.Post 3: title lost" in html
    assert 'class="table-danger"' in html


# -- download and walkthrough ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_download_page_names_the_zip_and_the_three_commands(
    client: Client, previewed_plan: Plan, headers: dict[str, str]
) -> None:
    html = client.get(url("download", previewed_plan), **headers).content.decode()

    assert "Download m2m-through-core-post-categories.zip" in html
    assert 'hx-boost="false"' in html
    assert (
        "unzip -n m2m-through-core-post-categories.zip\npatch -p1 &lt; models.patch\n"
        "python manage.py migrate" in html
    )
    assert "not rehearsed" in html


@pytest.mark.django_db
def test_zip_download(client: Client, previewed_plan: Plan) -> None:
    response = client.get(
        url("download_zip", previewed_plan, "m2m-through-core-post-categories.zip")
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        'attachment; filename="m2m-through-core-post-categories.zip"'
    )
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "core/migrations/0003_post_categories_through.py" in names
    assert {"README.md", "plan.json", "models.patch", "schema.diff"} <= set(names)


@pytest.mark.django_db
def test_zip_under_another_name_is_404(client: Client, previewed_plan: Plan) -> None:
    assert client.get(url("download_zip", previewed_plan, "other.zip")).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_walkthrough_slides(client: Client, previewed_plan: Plan, headers: dict[str, str]) -> None:
    first = client.get(url("walkthrough", previewed_plan), **headers).content.decode()
    second = client.get(url("walkthrough_slide", previewed_plan, 2), **headers).content.decode()
    last = client.get(url("walkthrough_slide", previewed_plan, 3), **headers).content.decode()

    assert "Slide 1 of 3" in first
    assert f'rel="next" href="{url("walkthrough_slide", previewed_plan, 2)}"' in first
    assert 'rel="prev"' not in first
    assert "core.0003_post_categories_through" in second
    assert '<div class="hl">' in second
    assert f'rel="prev" href="{url("walkthrough_slide", previewed_plan, 1)}"' in second
    assert "This plan has not been rehearsed yet." in last
    assert 'rel="next"' not in last


@pytest.mark.django_db
def test_walkthrough_explains_every_operation(client: Client, previewed_plan: Plan) -> None:
    data = previewed_plan.jobs.get().result
    [migration] = data["migrations"]
    assert [op["name"] for op in migration["operations"]] == [
        "SeparateDatabaseAndState",
        "AlterModelTable",
        "KeepIdCounter",
    ]
    assert all(op["explanation"] for op in migration["operations"])
    slide = client.get(url("walkthrough_slide", previewed_plan, 2)).content.decode()
    assert "runs the <code>AddField</code> operations" in slide
    for sentence in LOCK_SENTENCES:
        assert f"<li>{sentence}</li>" in slide


@pytest.mark.django_db
@pytest.mark.parametrize("number", [0, 4])
def test_walkthrough_slide_out_of_range_is_404(
    client: Client, previewed_plan: Plan, number: int
) -> None:
    response = client.get(url("walkthrough_slide", previewed_plan, number))

    assert response.status_code == 404


@pytest.mark.django_db
def test_walkthrough_shows_the_rehearsal(
    client: Client, previewed_plan: Plan, blog_rehearsal: Any
) -> None:
    Job.objects.create(
        plan=previewed_plan, task=Job.REHEARSAL, revision=1, state=Job.DONE, result=blog_rehearsal
    )

    html = client.get(url("walkthrough_slide", previewed_plan, 3)).content.decode()

    assert "Every check held" in html


# -- the plan list --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HTMX])
def test_plan_list_shows_target_kind_status_and_rehearsal(
    client: Client,
    previewed_plan: Plan,
    fleet_plan: Plan,
    blog_rehearsal: Any,
    headers: dict[str, str],
) -> None:
    Job.objects.create(
        plan=previewed_plan, task=Job.REHEARSAL, revision=1, state=Job.DONE, result=blog_rehearsal
    )

    html = client.get(reverse("wizard_ui:plans"), **headers).content.decode()

    assert "core.Post.categories gets the through model PostCategory" in html
    assert "Give an M2M field a through model" in html
    assert "Rehearsed" in html
    assert "every check held" in html
    assert "New plan for fleet_site" in html
    assert "Choose a refactor" in html
    assert "not rehearsed" in html


@pytest.mark.django_db
def test_a_failed_rehearsal_is_not_shown_as_done(
    client: Client, previewed_plan: Plan, blog_rehearsal: Any
) -> None:
    failed = {**blog_rehearsal, "passed": False, "failed_count": 1}
    Job.objects.create(
        plan=previewed_plan, task=Job.REHEARSAL, revision=1, state=Job.DONE, result=failed
    )

    download = client.get(url("download", previewed_plan)).content.decode()
    plans = client.get(reverse("wizard_ui:plans")).content.decode()

    assert "The rehearsal found problems: 1 check did not hold." in download
    assert '<li class="failed">' in download
    assert "(done, with failed checks)" in download
    assert "Rehearsal failed" in plans
