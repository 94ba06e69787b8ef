"""Steps as they run: recorded in the report and told to ``on_event`` (the web UI's live bar)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any

from wizard.rehearsal.report import STEPS, RehearsalReport, RehearsalStep

Event = dict[str, Any]
OnEvent = Callable[[Event], None]


class Progress:
    """Record steps and tell ``on_event`` as they start and finish (the web UI's live bar)."""

    def __init__(self, report: RehearsalReport, on_event: OnEvent | None) -> None:
        self.report = report
        self.on_event = on_event
        self.started = time.monotonic()
        self.done = 0
        self.shares = {name: share for name, _title, share in STEPS}
        report.steps = [RehearsalStep(name, title) for name, title, _share in STEPS]

    def emit(self, event: str, **data: Any) -> None:
        entry = {"event": event, "at": round(time.monotonic() - self.started, 3), **data}
        entry["percent"] = min(self.done, 100)
        self.report.events.append(entry)
        if self.on_event is not None:
            self.on_event(entry)

    def find(self, name: str) -> tuple[int, RehearsalStep]:
        for index, step in enumerate(self.report.steps):
            if step.name == name:
                return index, step
        raise KeyError(name)

    @contextlib.contextmanager
    def step(self, name: str) -> Iterator[RehearsalStep]:
        index, step = self.find(name)
        step.status = "running"
        total = len(self.report.steps)
        self.emit("step_started", step=name, title=step.title, index=index + 1, total=total)
        began = time.monotonic()
        try:
            yield step
        except BaseException:
            step.status = "failed"
            raise
        else:
            if step.status == "running":
                step.status = "ok"
        finally:
            step.seconds = round(time.monotonic() - began, 3)
            self.done += self.shares[name]
            self.emit(
                "step_finished",
                step=name,
                title=step.title,
                index=index + 1,
                total=total,
                status=step.status,
                seconds=step.seconds,
                detail=step.detail,
            )

    def finish(self) -> None:
        for index, step in enumerate(self.report.steps):
            if step.status == "pending":
                step.status = "skipped"
                self.done += self.shares[step.name]
                self.emit(
                    "step_skipped", step=step.name, title=step.title, index=index + 1,
                    total=len(self.report.steps),
                )  # fmt: skip
        self.done = 100
        self.report.seconds = round(time.monotonic() - self.started, 3)
        self.emit("finished", ok=self.report.ok, seconds=self.report.seconds)
