"""The seeding's pace while a rehearsal runs: rows a second, the time left, and how the child's
progress events reach the wizard's process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from wizard.childproc import _ProgressReader
from wizard.rehearsal.progress import Progress, seeding_pace
from wizard.rehearsal.report import RehearsalReport


@pytest.mark.parametrize(
    ("rows", "expected", "seconds", "pace"),
    [
        (0, 1000, 0.0, (None, None)),
        (0, 1000, 2.0, (None, None)),
        (500, 2000, 0.5, (1000, 1.5)),
        (2000, 2000, 4.0, (500, 0.0)),
        (2100, 2000, 4.0, (525, 0.0)),  # more rows than expected: nothing left, never negative
    ],
)
def test_seeding_pace_is_rows_a_second_and_the_time_left_at_that_pace(
    rows: int, expected: int, seconds: float, pace: tuple[int | None, float | None]
) -> None:
    assert seeding_pace(rows, expected, seconds) == pace


def report() -> RehearsalReport:
    return RehearsalReport(
        target="t", settings="s", bundle="b", database="sqlite", rows=10, copy_of_db=False, plan={}
    )


def test_the_pace_is_told_within_the_seed_steps_share_and_not_recorded() -> None:
    told: list[dict[str, Any]] = []
    progress = Progress(report(), told.append)
    with progress.step("copy"), progress.step("database"):
        pass
    with progress.step("seed"):
        progress.seeding({"event": "seeding", "rows": 300, "expected_rows": 1200, "seconds": 0.5})
    pace = [e for e in told if e["event"] == "step_progress"]

    assert [
        (e["step"], e["rows"], e["rows_per_second"], e["seconds_left"], e["percent"]) for e in pace
    ] == [("seed", 300, 600, 1.5, 5 + 30 // 4)]
    assert pace[0]["title"] == "Migrate to the current state and fill every model with rows"
    assert all(e["event"] != "step_progress" for e in progress.report.events)


def test_other_events_of_the_child_are_not_passed_on() -> None:
    told: list[dict[str, Any]] = []
    Progress(report(), told.append).seeding({"event": "migrating"})

    assert told == []


def test_only_complete_lines_of_the_progress_file_are_read(tmp_path: Path) -> None:
    path = tmp_path / "progress.jsonl"
    read: list[dict[str, Any]] = []
    reader = _ProgressReader(path, read.append)
    reader.read()  # no file yet: nothing
    path.write_bytes(b'{"rows": 1}\n{"rows": 2}\n{"ro')
    reader.read()
    assert read == [{"rows": 1}, {"rows": 2}]

    with path.open("ab") as handle:
        handle.write(b'ws": 3}\nnot json\n')
    reader.read()
    assert read == [{"rows": 1}, {"rows": 2}, {"rows": 3}]
