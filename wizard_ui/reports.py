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


def live_steps(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return each step seen so far with its status and time, from the progress events."""
    steps: dict[str, dict[str, Any]] = {}
    for event in events:
        if "step" not in event:
            continue
        step = steps.setdefault(event["step"], {"title": event.get("title", event["step"])})
        kind = event["event"]
        step["status"] = {
            "step_started": "running",
            "step_skipped": "skipped",
        }.get(kind, event.get("status", "ok"))
        if "seconds" in event:
            step["seconds"] = event["seconds"]
        if event.get("detail"):
            step["detail"] = event["detail"]
    return list(steps.values())
