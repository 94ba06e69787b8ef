"""Run long work (loading, building, rehearsing) in background threads, never in a request.

A job row records progress; pages poll it (htmx, or a meta refresh without JavaScript). Runners
are registered per task by ``wizard_ui.job_runners``.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from wizard.errors import WizardError
from wizard_ui.models import Job

logger = logging.getLogger(__name__)

Runner = Callable[[Job], None]
RUNNERS: dict[str, Runner] = {}

_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="wizard-job")
_active: set[str] = set()
_live: dict[str, dict[str, Any]] = {}  # progress reported by threads that do not save it
_owners: dict[str, int] = {}  # job id -> the thread running it (the only one that saves it)
_lock = threading.Lock()

UNEXPECTED = (
    "Something went wrong inside the wizard ({error}); this is a bug in the wizard, not in your "
    "project. Try again, and report it with the details below if it happens again."
)
INTERRUPTED = "The wizard was restarted while this was running; start it again."


def register(task: str) -> Callable[[Runner], Runner]:
    def decorate(runner: Runner) -> Runner:
        RUNNERS[task] = runner
        return runner

    return decorate


def inline() -> bool:
    """Return True when jobs run in the request thread (tests of views only)."""
    return bool(getattr(settings, "WIZARD_JOBS_INLINE", False))


def start(job: Job) -> None:
    """Run ``job`` in a background thread once the surrounding transaction has committed."""
    if inline():
        run(job.pk)
        return
    with _lock:
        _active.add(job.pk)
    transaction.on_commit(lambda: _executor.submit(_run_in_thread, job.pk))


def _run_in_thread(job_id: str) -> None:
    close_old_connections()
    try:
        run(job_id)
    finally:
        with _lock:
            _active.discard(job_id)
        connection.close()


def run(job_id: str) -> None:
    """Run the job's runner and record how it ended (never raises)."""
    # Imported here, not when the app starts: the engine (libcst, Pygments) would otherwise slow
    # down every management command, inspect_project included.
    from wizard_ui import job_runners  # noqa: F401 - registers them

    job = Job.objects.select_related("plan").get(pk=job_id)
    job.state, job.started_at = Job.RUNNING, timezone.now()
    job.save(update_fields=["state", "started_at"])
    with _lock:
        _owners[job.pk] = threading.get_ident()
    try:
        RUNNERS[job.task](job)
    except WizardError as exc:
        job.state, job.error = Job.FAILED, exc.message
        job.error_detail = getattr(exc, "detail", "")
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job.pk, job.task)
        job.state = Job.FAILED
        job.error = UNEXPECTED.format(error=f"{type(exc).__name__}: {exc}".splitlines()[0])
        job.error_detail = traceback.format_exc()
    else:
        job.state, job.progress = Job.DONE, 100
    job.finished_at = timezone.now()
    with _lock:
        _owners.pop(job.pk, None)
        _live.pop(job.pk, None)
    job.save()


def report(
    job: Job,
    *,
    progress: int | None = None,
    step: str | None = None,
    events: list[dict[str, Any]] | None = None,
) -> None:
    """Record how far ``job`` got, for the page that polls it (callable from any thread).

    The job's own thread saves it; the engine's helper threads (previews run in parallel) only
    leave it in memory, where this process's pages read it: they never touch the database.
    """
    changes: dict[str, Any] = {}
    if progress is not None:
        changes["progress"] = max(0, min(100, progress))
    if step is not None:
        changes["step"] = step[:300]
    if events is not None:
        changes["events"] = events
    with _lock:
        for name, value in changes.items():
            setattr(job, name, value)
        _live.setdefault(job.pk, {}).update(changes)
        owner = _owners.get(job.pk) == threading.get_ident()
    if changes and owner:
        Job.objects.filter(pk=job.pk).update(**changes)


def running() -> int:
    """Return how many jobs this process has started and not finished."""
    with _lock:
        return len(_active)


def shutdown() -> None:
    """Wait for the running jobs; drop the queued ones (they show as interrupted afterwards)."""
    _executor.shutdown(wait=True, cancel_futures=True)


def check_alive(job: Job) -> Job:
    """Mark a job that no thread of this process runs any more as failed, and return it."""
    if job.finished or inline():
        return job
    with _lock:
        alive = job.pk in _active
        for name, value in _live.get(job.pk, {}).items():
            setattr(job, name, value)
    if not alive:
        job.state, job.error, job.finished_at = Job.FAILED, INTERRUPTED, timezone.now()
        job.save(update_fields=["state", "error", "finished_at"])
    return job
