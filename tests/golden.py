"""One golden-file mechanism for the bundles of every plan kind.

A case's generated files are compared byte for byte with ``tests/wizard/expected/<kind>/<case>/``.
``WIZARD_REGENERATE_EXPECTED=1`` rewrites that folder and then fails the test, so a regeneration
can never pass a comparison by itself: review ``git diff`` and run the tests again without it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from wizard.bundle import Bundle, write_files

EXPECTED = Path(__file__).resolve().parent / "wizard" / "expected"
REGENERATE_VARIABLE = "WIZARD_REGENERATE_EXPECTED"
# README.md and schema.diff name the database servers' versions, schema.svg Graphviz's layout;
# the rest must be byte-identical.
NOT_COMPARED = ("README.md", "schema.diff", "schema.svg")


def compared_files(bundle: Bundle) -> dict[str, bytes]:
    """Return the bundle's files that must not change from one run to the next."""
    # A "now"/"today" backfill is evaluated when the SQL is collected, as sqlmigrate does.
    timed = any(
        extra.get("backfill") in ("now", "today")
        for extra in bundle.plan.to_json().get("extra_fields", [])
    )
    return {
        path: data
        for path, data in bundle.files.items()
        if path not in NOT_COMPARED and not (timed and path.startswith("sql/"))
    }


def assert_matches_expected(
    bundle: Bundle, case_name: str, *, unordered_sql: tuple[str, ...] = ()
) -> None:
    """Compare the bundle's files with its expected folder (or rewrite it, and fail).

    ``unordered_sql`` names vendors whose SQL is compared as a set of lines: Django orders some
    statements by iterating model classes (the SQLite rebuilds of tables that point at a custom
    user model, for one), so ``sqlmigrate`` itself prints them in another order from run to run.
    """
    folder = EXPECTED / bundle.plan.kind / case_name
    files = compared_files(bundle)
    if os.environ.get(REGENERATE_VARIABLE) == "1":
        shutil.rmtree(folder, ignore_errors=True)
        write_files(folder, files)
        pytest.fail(
            f"Rewrote {folder.relative_to(EXPECTED.parent.parent.parent)}: review it with "
            f"'git diff', then run the tests again without {REGENERATE_VARIABLE}."
        )
    expected = {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    assert sorted(files) == sorted(expected)
    for path, data in files.items():
        if path.startswith(tuple(f"sql/{vendor}/" for vendor in unordered_sql)):
            assert sorted(data.decode().splitlines()) == sorted(
                expected[path].decode().splitlines()
            ), path
        else:
            assert data.decode() == expected[path].decode(), path
