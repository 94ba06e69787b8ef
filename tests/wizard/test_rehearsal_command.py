"""`manage.py rehearse`: a line per step as it runs, the checks table, the SQL, the exit status."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.wizard import broken_bundles
from wizard.errors import WizardBugError

REPOSITORY = Path(__file__).resolve().parents[2]
BLOG = broken_bundles.EXAMPLES / "blog"


def rehearse(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "rehearse", *args],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def good_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bundles") / "blog.zip"
    path.write_bytes(broken_bundles.example_bundle("blog"))
    return path


def test_passing_rehearsal_prints_steps_checks_and_sql(good_zip: Path) -> None:
    proc = rehearse(str(BLOG), "--bundle", str(good_zip), "--rows", "10", "--settings",
                    "blog_site.settings")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    lines = proc.stdout.splitlines()
    steps = [line for line in lines if re.match(r"\[\d/8\] ", line)]
    assert [line.split(" ...")[0] for line in steps] == [
        "[1/8] Copy the target to a temporary workspace",
        "[2/8] Create the scratch database",
        "[3/8] Migrate to the current state and fill every model with rows",
        "[4/8] Fingerprint every row and M2M pair",
        "[5/8] Apply the bundle (unzip, patch -p1, migrate)",
        "[6/8] Check rows, the plan's promises, inserts, foreign keys, makemigrations",
        "[7/8] Migrate back to the previous migration and undo the patch",
        "[8/8] Check rows, schema and inserts after going back",
    ]
    assert all(re.search(r" \.\.\. \d+\.\d\d s", line) for line in steps)
    assert "  ok    through_rows           core.PostCategory holds exactly the 10 pairs, each " in (
        proc.stdout
    )
    assert "-- forward core.0003_post_categories_through (" in proc.stdout
    assert 'ALTER TABLE "core_post_categories" RENAME TO "core_postcategory";' in proc.stdout
    assert "-- backward core.0003_post_categories_through (" in proc.stdout
    assert lines[-1] == "The rehearsal passed: all 17 checks held."


def test_failing_rehearsal_exits_1_with_one_line(tmp_path: Path) -> None:
    bundle = tmp_path / "broken.zip"
    bundle.write_bytes(broken_bundles.through_pk(BLOG, "migration"))
    proc = rehearse(str(BLOG), "--bundle", str(bundle), "--rows", "10")
    assert proc.returncode == 1
    assert proc.stderr == (
        "CommandError: The rehearsal failed: 2 of 17 checks did not hold "
        "(inserts, makemigrations); "
        "do not apply this bundle as it is.\n"
    )
    assert "  FAIL  makemigrations " in proc.stdout
    assert "- core: Alter field id on postcategory" in proc.stdout


def test_json_prints_the_whole_report_with_events(good_zip: Path) -> None:
    proc = rehearse(str(BLOG), "--bundle", str(good_zip), "--rows", "5", "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert sorted(report) == [
        "bundle", "checks", "copy_of_db", "database", "events", "locks", "notes", "ok",
        "patch_tool", "plan", "rows", "seconds", "seeded", "settings", "sql", "steps", "target",
        "unfilled",
    ]  # fmt: skip
    assert report["ok"] is True
    assert report["plan"] == broken_bundles.BLOG_PLAN
    assert report["steps"][4] == {
        "name": "apply",
        "title": "Apply the bundle (unzip, patch -p1, migrate)",
        "status": "ok",
        "seconds": report["steps"][4]["seconds"],
        "detail": "1 migrations applied",
    }
    assert sorted(report["checks"][0]) == ["detail", "items", "name", "ok", "phase", "title"]
    assert sorted(report["sql"][0]) == [
        "app_label", "direction", "label", "name", "reads", "seconds", "statements",
        "total_statements",
    ]  # fmt: skip
    assert report["events"][0] == {
        "event": "step_started", "at": report["events"][0]["at"], "step": "copy",
        "title": "Copy the target to a temporary workspace", "index": 1, "total": 8, "percent": 0,
    }  # fmt: skip
    assert report["events"][-1]["event"] == "finished"
    assert report["events"][-1]["percent"] == 100


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rows", "0"], "--rows must be between 1 and 1,000,000, not 0."),
        (["--database", "oracle://x"], "The database URL 'oracle://x' is not understood; use "
         "sqlite, postgresql://user@host:port/ or mysql://user@host:port/."),
        (["--copy-of-db", "--database", "postgresql"], "--copy-of-db starts from the target's "
         "own SQLite file, so it cannot run on --database 'postgresql'; drop one of the two "
         "options."),
    ],
)  # fmt: skip
def test_refusals_are_one_line(good_zip: Path, args: list[str], message: str) -> None:
    proc = rehearse(str(BLOG), "--bundle", str(good_zip), *args)
    assert proc.returncode == 1
    assert proc.stderr == f"CommandError: {message}\n"
    assert proc.stdout == ""


def test_a_bundle_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    proc = rehearse(str(BLOG), "--bundle", str(tmp_path / "nothing.zip"))
    assert proc.returncode == 1
    assert proc.stderr == (
        f"CommandError: Cannot read the bundle {str(tmp_path / 'nothing.zip')!r}: "
        "No such file or directory.\n"
    )


BUG = (
    "The wizard's own code failed inside the target's process while running 'fingerprint' "
    "(TypeError: sequence item 0: expected str instance, NoneType found); this is a bug in the "
    "wizard, not in your project. The full traceback is in "
    "/tmp/migration-wizard-bugs/20261202-103000-fingerprint-x.txt; please report it."
)


@pytest.mark.parametrize("traceback", [False, True])
def test_a_bug_of_the_wizard_is_one_line_naming_the_traceback_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, traceback: bool
) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise WizardBugError(BUG, detail="Traceback (most recent call last):\nTypeError: …\n")

    monkeypatch.setattr("wizard.management.commands.rehearse.rehearse", crash)
    stderr = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("rehearse", str(BLOG), "--bundle", str(tmp_path / "b.zip"), stderr=stderr,
                     traceback=traceback)  # fmt: skip
    assert str(info.value) == BUG
    shown = "Traceback (most recent call last):\nTypeError: …\n" if traceback else ""
    assert stderr.getvalue() == shown
