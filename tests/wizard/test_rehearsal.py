"""Rehearse real and deliberately broken bundles of both examples on SQLite.

A rehearsal that passes everything proves nothing: each broken bundle of
``tests/wizard/broken_bundles`` must fail exactly the checks that see its fault, while the real
bundles that ``make_bundle`` writes pass every check. The target is never written to.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.targets import tree_state
from tests.venvs import find_interpreter
from tests.wizard import broken_bundles
from wizard.childproc import copy_target
from wizard.errors import BundleError, RehearsalError
from wizard.rehearsal import STEPS, RehearsalReport, rehearse
from wizard.target import Target

ROWS = 30
FORWARD = ["bundle_applies", "rows_kept", "pairs_kept", "plan_has_data"]
AFTER = ["inserts", "foreign_keys", "schema_matches_models", "makemigrations", "django_checks"]
BACKWARD = ["migrates_back", "rows_restored", "schema_restored", "inserts_back",
            "foreign_keys_back", "makemigrations_back"]  # fmt: skip
CHECKS = {
    "blog": [*FORWARD, "through_rows", "backfill", *AFTER, *BACKWARD],
    "fleet": [*FORWARD, "state_inherits", "parent_rows", "moved_values", *AFTER, *BACKWARD],
}


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder holding copies of both examples (so tests can prove nothing changed)."""
    folder = tmp_path_factory.mktemp("examples")
    for name in ("blog", "fleet"):
        copy_target(broken_bundles.EXAMPLES / name, folder / name)
    return folder


def run(root: Path, bundle: bytes, **options: Any) -> RehearsalReport:
    options.setdefault("rows", ROWS)
    return rehearse(Target.resolve(root), bundle, **options)


def failures(report: RehearsalReport) -> dict[str, list[str]]:
    return {check.name: check.items for check in report.failed_checks}


@pytest.mark.parametrize("example", ["blog", "fleet"])
def test_real_bundle_passes_every_check(examples: Path, example: str) -> None:
    root = examples / example
    before = tree_state(root)
    events: list[dict[str, Any]] = []
    report = run(root, broken_bundles.example_bundle(example), on_event=events.append)
    assert failures(report) == {}
    assert [check.name for check in report.checks] == CHECKS[example]
    assert report.ok
    # The seeded tables have ids issued above max(id); the blog bundle's AddField rebuilds the
    # through table on SQLite, and KeepIdCounter keeps its counter: no id is issued again.
    assert [note for note in report.notes if "issued again" in note] == []
    assert tree_state(root) == before
    steps = [e for e in events if e["event"] != "step_progress"]
    assert [(e["event"], e["step"]) for e in steps[:-1]] == [
        (kind, name) for name, _title, _share in STEPS for kind in ("step_started", "step_finished")
    ]
    assert steps[-1]["event"] == "finished" and steps[-1]["ok"] is True
    percents = [e["percent"] for e in events]
    assert percents == sorted(percents) and percents[-1] == 100
    # The seeding's pace is told while it runs, not recorded in the report.
    assert report.events == steps
    pace = [e for e in events if e["event"] == "step_progress"]
    assert pace and {e["step"] for e in pace} == {"seed"}
    last = pace[-1]
    assert last["rows"] == last["expected_rows"] > 0
    assert last["rows_per_second"] > 0 and last["seconds_left"] == 0
    assert {s.direction for s in report.sql} == {"forward", "backward"}


def test_fleet_seeding_fills_every_model_with_gaps(examples: Path) -> None:
    report = run(examples / "fleet", broken_bundles.example_bundle("fleet"))
    assert report.seeded == {
        "auth.User": ROWS,
        "part1.ParkingBay": ROWS,
        "part1.Plane": ROWS,
        "part1.Plane.pilots": 36,
    }
    assert report.unfilled == []
    assert "Also filled, because the target's foreign keys need rows of them: auth.User." in (
        report.notes
    )


BROKEN = [
    # (builder, its arguments, example, {failed check: what its first item starts with})
    ("naive_plane", (), "fleet", {
        "bundle_applies": "Migration part1.0002_aircraft_remove_plane_id failed: "
                          "OperationalError: foreign key mismatch"}),
    ("story_copy", (), "fleet", {
        "bundle_applies": "Migration part1.0002_drones_ahoy failed: OperationalError: "
                          "foreign key mismatch"}),
    ("no_sequence_reset", (), "fleet", {
        "inserts": "part1.Aircraft: the new row got id ",
        "migrates_back": "Migration part1.0003_plane_becomes_child failed: IntegrityError: "
                         "NOT NULL constraint failed: new__part1_plane.registration"}),
    ("through_pk", ("migration",), "blog", {
        "inserts": "core.PostCategory: the new row got id ",
        "makemigrations": "core: Alter field id on postcategory"}),
    ("through_without_counter", (), "blog", {
        "inserts": "core.PostCategory: the new row got id "}),
    ("patch_without_field", (), "blog", {
        "backfill": "core.PostCategory.date_created does not exist after the bundle.",
        "inserts": "core.PostCategory: IntegrityError: NOT NULL constraint failed: "
                   "core_postcategory.date_created",
        "schema_matches_models": "core.PostCategory: the table core_postcategory has a column "
                                 "date_created that the model does not declare.",
        "makemigrations": "core: Remove field date_created from postcategory"}),
    ("patch_not_applying", (), "blog", {
        "bundle_applies": "models.patch does not apply with git apply: error: patch failed: "
                          "core/models.py:16"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("builder", "args", "example", "expected"), BROKEN, ids=[b[0] for b in BROKEN]
)
def test_broken_bundle_is_caught(
    examples: Path, builder: str, args: tuple[str, ...], example: str, expected: dict[str, str]
) -> None:
    root = examples / example
    report = run(root, getattr(broken_bundles, builder)(root, *args))
    assert not report.ok
    found = failures(report)
    assert sorted(found) == sorted(expected)
    for name, start in expected.items():
        assert found[name][0].startswith(start), (name, found[name])


def test_no_sequence_reset_names_the_reissued_ids(examples: Path) -> None:
    report = run(examples / "fleet", broken_bundles.no_sequence_reset(examples / "fleet"))
    items = failures(report)["inserts"]
    assert len(items) == 2
    assert all(item.endswith("so ids of deleted rows are issued again.") for item in items)
    assert all("but part1.Plane had issued ids up to " in item for item in items)


def test_through_without_counter_names_the_reissued_ids(examples: Path) -> None:
    report = run(examples / "blog", broken_bundles.through_without_counter(examples / "blog"))
    [item] = failures(report)["inserts"]
    assert "but core.Post_categories had issued ids up to " in item
    assert item.endswith("so ids of deleted rows are issued again.")


def test_hand_written_through_bundle_passes_where_counters_survive(
    examples: Path, postgresql_url: str
) -> None:
    bundle = broken_bundles.through_without_counter(examples / "blog")
    report = run(examples / "blog", bundle, database=postgresql_url)
    assert failures(report) == {}


def test_copy_of_db_rehearses_the_targets_own_rows(tmp_path: Path) -> None:
    root = copy_target(broken_bundles.EXAMPLES / "fleet", tmp_path / "fleet")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    for command in (["migrate", "-v0"], ["seed_demo", "--count", "25"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=root, check=True,
                       capture_output=True, env=env)  # fmt: skip
    before = tree_state(root)
    report = run(root, broken_bundles.example_bundle("fleet"), copy_of_db=True)
    assert failures(report) == {}
    assert report.seeded == {}
    assert next(c for c in report.checks if c.name == "plan_has_data").detail == (
        "part1.Plane had 19 rows before the bundle."
    )
    assert tree_state(root) == before


def test_copy_of_db_refuses_a_missing_database_file(tmp_path: Path) -> None:
    root = copy_target(broken_bundles.EXAMPLES / "fleet", tmp_path / "fleet")
    with pytest.raises(RehearsalError) as caught:
        run(root, broken_bundles.example_bundle("fleet"), copy_of_db=True)
    assert str(caught.value) == (
        f"The target's database file {str(root / 'db.sqlite3')!r} does not exist; run migrate "
        "in the target first, or drop --copy-of-db to rehearse on synthetic rows."
    )


def test_copy_of_db_refuses_a_server_database(
    examples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://someone@127.0.0.1:5432/fleet")
    with pytest.raises(RehearsalError) as caught:
        run(examples / "fleet", broken_bundles.example_bundle("fleet"), copy_of_db=True)
    assert str(caught.value) == (
        "--copy-of-db needs the target's default database to be SQLite, but it uses "
        "'django.db.backends.postgresql'; drop --copy-of-db to rehearse on synthetic rows."
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"rows": 0}, "--rows must be between 1 and 1,000,000, not 0."),
        (
            {"copy_of_db": True, "database": "postgresql"},
            "--copy-of-db starts from the target's own SQLite file, so it cannot run on "
            "--database 'postgresql'; drop one of the two options.",
        ),
    ],
)
def test_bad_options_are_refused(examples: Path, options: dict[str, Any], message: str) -> None:
    with pytest.raises(RehearsalError) as caught:
        run(examples / "fleet", b"", **options)
    assert str(caught.value) == message


def test_a_file_that_is_not_a_bundle_is_refused(examples: Path, tmp_path: Path) -> None:
    path = tmp_path / "bundle.zip"
    path.write_text("not a zip")
    with pytest.raises(BundleError) as caught:
        run(examples / "blog", path.read_bytes())
    assert (
        str(caught.value) == "'the bundle' is not a zip file; give the .zip that make_bundle wrote."
    )
    with pytest.raises(BundleError) as caught:
        rehearse(Target.resolve(examples / "blog"), str(path))
    assert (
        str(caught.value)
        == f"{str(path)!r} is not a zip file; give the .zip that make_bundle wrote."
    )


def test_patch_tool_is_named_in_the_report(examples: Path) -> None:
    report = run(examples / "blog", broken_bundles.example_bundle("blog"), rows=5)
    expected = "GNU patch" if shutil.which("patch") else "git apply"
    assert report.patch_tool.startswith(expected)
    assert report.checks[0].detail.startswith(f"models.patch applied with {expected}")


def python38() -> str:
    """Return a Python 3.8 interpreter (PATH or pyenv), or skip."""
    found = find_interpreter("python3.8")
    if found == "python3.8":
        pytest.skip("No Python 3.8 here; the child side must run on it (install python3.8).")
    return found


@pytest.mark.slow
@pytest.mark.parametrize("example", ["blog", "fleet"])
def test_rehearsal_runs_in_a_django_42_target_on_python_38(examples: Path, example: str) -> None:
    from tests.venvs import cached_venv
    from wizard.bundle import build_bundle

    python = str(cached_venv("django42-py38", python38(), "Django>=4.2,<4.3"))
    target = Target.resolve(examples / example, python=python)
    bundle = build_bundle(target, broken_bundles.PLANS[example], vendors=("sqlite",)).to_zip()
    report = rehearse(target, bundle, rows=ROWS)
    assert failures(report) == {}
    assert report.ok


TAGS = """
from django.db import models


class Tag(models.Model):
    name = models.CharField(max_length=20)


class Note(models.Model):
    text = models.TextField()
    tags = models.ManyToManyField(Tag)
"""
RELATIVE_DATABASE = """
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "data.sqlite3"}}
"""


def test_copy_of_db_finds_a_database_named_relative_to_the_project(tmp_path: Path) -> None:
    from tests.targets import make_target

    root = make_target(tmp_path, models_py=TAGS, settings_extra=RELATIVE_DATABASE)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    script = (
        "import django; django.setup(); from core.models import Note, Tag; "
        "tag = Tag.objects.create(name='x'); Note.objects.create(text='y').tags.add(tag)"
    )
    for command in (["manage.py", "migrate", "-v0"], ["-c", script]):
        subprocess.run([sys.executable, *command], cwd=root, check=True, capture_output=True,
                       env={**env, "DJANGO_SETTINGS_MODULE": "target_site.settings"})  # fmt: skip
    plan = {"kind": "m2m_through", "field": "core.Note.tags", "through": "Tagging"}
    bundle = broken_bundles.real_bundle(root, plan, key="relative")
    before = tree_state(root)
    report = rehearse(Target.resolve(root), bundle, copy_of_db=True)
    assert failures(report) == {}
    assert report.rows == 0
    assert next(c for c in report.checks if c.name == "plan_has_data").detail == (
        "core.Note.tags had 1 pairs before the bundle."
    )
    assert tree_state(root) == before


def test_a_bundle_after_which_djangos_checks_fail_is_caught(tmp_path: Path) -> None:
    """manage.py migrate runs Django's system checks first: a new error would stop it."""
    root = copy_target(broken_bundles.EXAMPLES / "blog", tmp_path / "blog")
    admin = root / "core" / "admin.py"
    # An admin that lists the M2M field: fine today, refused once it has a through model.
    admin.write_text(
        admin.read_text().replace(
            '    list_display = ("title", "published")',
            '    fields = ("title", "categories")\n    list_display = ("title", "published")',
        )
    )
    report = run(root, broken_bundles.example_bundle("blog"))
    found = failures(report)
    assert list(found) == ["django_checks"]
    [problem] = found["django_checks"]
    assert problem.startswith("admin.E013 on core.admin.PostAdmin: The value of 'fields' cannot ")


def test_system_check_errors_the_project_already_had_are_not_the_bundles(tmp_path: Path) -> None:
    # Its own admin error (admin.E108), there before the bundle and after it: not the bundle's.
    root = copy_target(broken_bundles.EXAMPLES / "blog", tmp_path / "blog")
    admin = root / "core" / "admin.py"
    admin.write_text(
        admin.read_text().replace('list_display = ("name", "slug")', 'list_display = ("nothing",)')
    )
    report = run(root, broken_bundles.example_bundle("blog"))
    assert failures(report) == {}
