"""Stored plans and the background jobs that load, build and rehearse them."""

from __future__ import annotations

import secrets
import threading
from functools import cached_property
from pathlib import Path
from typing import Any

from django.db import models

from wizard.kinds import all_kinds
from wizard.overview import project_name
from wizard.snapshot import Snapshot
from wizard.target import Target

TYPED_SNAPSHOTS = 16
_typed_snapshots: dict[tuple[str, Any, Target], Snapshot] = {}
_typed_lock = threading.Lock()


def new_id() -> str:
    """Return an unguessable id for a URL (128 random bits)."""
    return secrets.token_urlsafe(16)


class Plan(models.Model):
    """One person's walk through the wizard: the target, the refactor and its details."""

    id = models.CharField(primary_key=True, max_length=32, default=new_id, editable=False)
    target_root = models.CharField(max_length=4096)
    settings_module = models.CharField(max_length=300)
    python = models.CharField(max_length=4096)
    snapshot = models.JSONField(null=True, blank=True)
    kind = models.CharField(max_length=20, blank=True)  # a name of wizard.kinds' registry
    raw_plan = models.JSONField(null=True, blank=True)
    # Bumped whenever the plan's details change, so older previews and rehearsals are not shown.
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"{self.target_root} ({self.kind or 'no refactor yet'})"

    @property
    def target(self) -> Target:
        return Target(Path(self.target_root), self.settings_module, self.python)

    @cached_property
    def loaded(self) -> Snapshot | None:
        """Return the stored snapshot of the target, or None while it is not loaded.

        Reading a big project's snapshot (JSON, then typed) takes longer than rendering its page,
        so the typed one is kept per plan until the plan is saved again (a new load saves it);
        a plan fetched with its snapshot deferred reads it only when it is not kept.
        """
        key = (self.pk, self.updated_at, self.target)
        with _typed_lock:
            snapshot = _typed_snapshots.get(key)
        if snapshot is None:
            if "snapshot" in self.get_deferred_fields():
                self.refresh_from_db(fields=["snapshot"])
            if not self.snapshot:
                return None
            snapshot = Snapshot.from_json(self.target, self.snapshot)
            with _typed_lock:
                while len(_typed_snapshots) >= TYPED_SNAPSHOTS:
                    _typed_snapshots.pop(next(iter(_typed_snapshots)))
                _typed_snapshots[key] = snapshot
        return snapshot

    @cached_property
    def target_name(self) -> str:
        """Return the project's own name (pyproject's, or its settings package's)."""
        return project_name(Path(self.target_root), self.settings_module)

    @property
    def kind_title(self) -> str:
        """Return the title of the plan's refactor kind ("" before one is chosen)."""
        known = {kind.name: kind.title for kind in all_kinds()}
        return known.get(self.kind, "")

    @property
    def title(self) -> str:
        """Return a short description of what the plan changes."""
        known = {kind.name: kind for kind in all_kinds()}
        kind = known.get(self.kind)
        if kind is None:
            return f"New plan for {self.target_name}"
        headline: str | None = kind.module.headline(self.raw_plan or {})
        online = ", online" if (self.raw_plan or {}).get("online") is True else ""
        return (headline or kind.title) + online

    def latest_job(self, task: str, *, current: bool = True) -> Job | None:
        """Return the newest job doing ``task`` (for the current revision unless told otherwise)."""
        jobs = [j for j in self.jobs.all() if j.task == task]
        if current and task != Job.LOAD:
            jobs = [j for j in jobs if j.revision == self.revision]
        return max(jobs, key=lambda j: j.created_at, default=None)


class Job(models.Model):
    """Long work done in a background thread; pages poll it for progress."""

    LOAD, PREVIEW, REHEARSAL = "load", "preview", "rehearsal"
    TASKS = [
        (LOAD, "Loading the project"),
        (PREVIEW, "Building the preview"),
        (REHEARSAL, "Rehearsal"),
    ]
    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATES = [(QUEUED, "Waiting"), (RUNNING, "Running"), (DONE, "Done"), (FAILED, "Failed")]

    id = models.CharField(primary_key=True, max_length=32, default=new_id, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="jobs")
    task = models.CharField(max_length=20, choices=TASKS)  # what the job does
    revision = models.PositiveIntegerField(default=0)
    options = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=STATES, default=QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=300, blank=True)
    events = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    error_detail = models.TextField(blank=True)
    result = models.JSONField(null=True, blank=True)
    payload = models.BinaryField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.task} {self.state} ({self.plan_id})"

    @property
    def finished(self) -> bool:
        return self.state in (self.DONE, self.FAILED)

    @property
    def seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()

    def result_get(self, key: str, default: Any = None) -> Any:
        return (self.result or {}).get(key, default)
