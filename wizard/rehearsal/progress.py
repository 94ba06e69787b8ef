"""Steps as they run: recorded in the report and told to ``on_event`` (the web UI's live bar)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any

from wizard.rehearsal.report import STEPS, RehearsalReport, RehearsalStep

Event = dict[str, Any]
OnEvent = Callable[[Event], None]


def seeding_pace(rows: int, expected: int, seconds: float) -> tuple[int | None, float | None]:
    """Return rows per second so far and the seconds left at that pace (None before a row)."""
    if rows <= 0 or seconds <= 0:
        return None, None
    rate = rows / seconds
    return round(rate), round(max(expected - rows, 0) / rate, 1)


class Progress:
    """Record steps and tell ``on_event`` as they start and finish (the web UI's live bar)."""

    def __init__(self, report: RehearsalReport, on_event: OnEvent | None) -> None:
        self.report = report
        self.on_event = on_event
        self.started = time.monotonic()
        self.done = 0
        self.shares = {name: share for name, _title, share in STEPS}
        report.steps = [RehearsalStep(name, title) for name, title, _share in STEPS]

    def emit(self, event: str, *, transient: bool = False, **data: Any) -> None:
        """Tell ``on_event``; record it in the report too unless it is ``transient``."""
        entry = {"event": event, "at": round(time.monotonic() - self.started, 3), **data}
        entry["percent"] = min(data.get("percent", self.done), 100)
        if not transient:
            self.report.events.append(entry)
        if self.on_event is not None:
            self.on_event(entry)

    def seeding(self, child_event: Event) -> None:
        """Pass on how fast the seeding inserts rows and how long it has left (not recorded:
        a big target tells one every half second)."""
        if child_event.get("event") != "seeding":
            return
        rows, expected = int(child_event["rows"]), int(child_event["expected_rows"])
        rate, left = seeding_pace(rows, expected, float(child_event["seconds"]))
        share = self.shares["seed"] * min(rows / expected, 1.0) if expected else 0
        index, step = self.find("seed")
        self.emit(
            "step_progress",
            transient=True,
            step="seed",
            title=step.title,
            index=index + 1,
            total=len(self.report.steps),
            rows=rows,
            expected_rows=expected,
            rows_per_second=rate,
            seconds_left=left,
            percent=int(self.done + share),
        )

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
