"""Turn a RehearsalReport into the plain data the rehearse step and the walkthrough show."""

from __future__ import annotations

from typing import Any

from wizard.bundle import VENDOR_NAMES
from wizard.rehearsal import RehearsalReport

PHASES = {"forward": "After applying the bundle", "backward": "After migrating back"}


def rehearsal_data(report: RehearsalReport) -> dict[str, Any]:
    data = report.to_json()
    data["summary"] = report.summary()
    data["database_name"] = VENDOR_NAMES.get(report.database, report.database)
    data["passed"] = report.ok
    data["failed_count"] = len(report.failed_checks)
    data["phases"] = [
        {"title": title, "checks": [c for c in data["checks"] if c["phase"] == phase]}
        for phase, title in PHASES.items()
        if any(c["phase"] == phase for c in data["checks"])
    ]
    for captured in data["sql"]:
        captured["text"] = "\n".join(
            statement["sql"].rstrip().rstrip(";") + ";" for statement in captured["statements"]
        )
    data.pop("events", None)  # the job keeps its own events
    return data


def pace(event: dict[str, Any]) -> str:
    """Return "12,345 of about 40,000 rows, 4,100 rows a second, about 7 s left"."""
    text = f"{event['rows']:,} of about {event['expected_rows']:,} rows"
    if event.get("rows_per_second"):
        text += f", {event['rows_per_second']:,} rows a second"
    if event.get("seconds_left") is not None and event.get("rows_per_second"):
        text += f", about {time_left(event['seconds_left'])} left"
    return text


def time_left(seconds: float) -> str:
    whole = round(seconds)
    if whole < 60:
        return f"{max(whole, 1)} s"
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest:02d} s"


def live_steps(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return each step seen so far with its status and time, from the progress events."""
    steps: dict[str, dict[str, Any]] = {}
    for event in events:
        if "step" not in event:
            continue
        step = steps.setdefault(event["step"], {"title": event.get("title", event["step"])})
        kind = event["event"]
        if kind == "step_progress":
            step["pace"] = pace(event)
            continue
        step["status"] = {
            "step_started": "running",
            "step_skipped": "skipped",
        }.get(kind, event.get("status", "ok"))
        if "seconds" in event:
            step["seconds"] = event["seconds"]
        if event.get("detail"):
            step["detail"] = event["detail"]
    return list(steps.values())
