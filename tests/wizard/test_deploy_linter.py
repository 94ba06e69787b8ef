"""django-migration-linter on real bundles of both kinds: it flags exactly the migrations the
README names, and passes once the README's settings are added; the README gives the deploy order.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bundle_cache import BundleCache
from wizard.bundle import Bundle, MigrationSQL, VendorPreview, unpack
from wizard.deploy import (
    AFTER,
    ALWAYS,
    BEFORE,
    SWITCH,
    deploy_phases,
    linter_findings,
    linter_settings,
)
from wizard.locks import LockReport, lock_report
from wizard.scratch import parse_server_url

CASES = [
    # (bundle cache fixture, case, settings module, the migrations the linter flags)
    ("m2m_bundles", "blog-rename-extra", "blog_site.settings", {"0003_post_categories_through"}),
    ("new_parent_bundles", "fleet", "fleet_site.settings", {"0004_plane_inherits_aircraft"}),
    (
        "new_parent_bundles",
        "fleet-online",
        "fleet_site.settings",
        {"0004_plane_inherits_aircraft"},
    ),
]
RESULT = re.compile(r"^\((\w+), (\w+)\)\.\.\. (OK|ERR|WARNING|IGNORE)", re.MULTILINE)


def linter_snippet(readme: str) -> str:
    """Return the MIGRATION_LINTER_OPTIONS block the bundle's README gives."""
    match = re.search(r"^MIGRATION_LINTER_OPTIONS = \{.*?^\}$", readme, re.MULTILINE | re.DOTALL)
    assert match, "the README gives no MIGRATION_LINTER_OPTIONS"
    return match.group(0)


def applied_copy(bundle: Bundle, cache: BundleCache, case: str, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(cache.target(cache.cases[case].target), root)
    unpack(bundle, root)
    return root


def lint(root: str | Path, settings: str, names: list[str], database: str) -> dict[str, str]:
    """Run the linter on the bundle's migrations; return each one's verdict."""
    proc = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "lintmigrations",
            "--settings",
            settings,
            "--no-cache",
            "--include-name",
            *names,
        ],
        cwd=root,
        capture_output=True,
        text=True,
        env={"LINT_DATABASE": database, "PATH": "/usr/bin:/bin"},
    )
    # The project's own migrations are listed too, as IGNORE (--include-name).
    verdicts = {
        name: verdict for _app, name, verdict in RESULT.findall(proc.stdout) if name in names
    }
    assert sorted(verdicts) == sorted(names), proc.stdout + proc.stderr
    assert proc.returncode == (1 if "ERR" in verdicts.values() else 0), proc.stderr
    return verdicts


def settings_module(root: Path, site: str, extra: str) -> None:
    (root / "lint_settings.py").write_text(
        f"import json, os\nfrom {site} import *  # noqa\n"
        'INSTALLED_APPS = [*INSTALLED_APPS, "django_migration_linter"]\n'
        'if os.environ["LINT_DATABASE"] != "sqlite":\n'
        '    DATABASES = {"default": json.loads(os.environ["LINT_DATABASE"])}\n' + extra
    )


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
@pytest.mark.parametrize(("cache_name", "case", "site", "flagged"), CASES)
def test_linter_flags_what_the_readme_names_and_passes_with_its_settings(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    cache_name: str,
    case: str,
    site: str,
    flagged: set[str],
    database: str,
) -> None:
    cache: BundleCache = request.getfixturevalue(cache_name)
    bundle = cache.bundle(case)
    entry = "sqlite"
    if database == "postgresql":
        server = parse_server_url(request.getfixturevalue("postgresql_url"))
        entry = (
            '{"ENGINE": "django.db.backends.postgresql", "NAME": "postgres", '
            f'"USER": "{server.user}", "HOST": "{server.host}", "PORT": "{server.port or ""}"}}'
        )
    root = applied_copy(bundle, cache, case, tmp_path)
    names = [m.name for m in bundle.migrations]
    assert {finding.name for finding in linter_findings(bundle.locks)} == flagged

    settings_module(root, site, "")
    verdicts = lint(root, "lint_settings", names, entry)
    assert {name for name, verdict in verdicts.items() if verdict != "OK"} == flagged

    settings_module(root, site, linter_snippet(bundle.readme) + "\n")
    verdicts = lint(root, "lint_settings", names, entry)
    assert {name for name, verdict in verdicts.items() if verdict == "IGNORE"} == flagged
    assert set(verdicts.values()) <= {"OK", "IGNORE"}


def test_readme_gives_the_deploy_order(
    m2m_bundles: BundleCache, new_parent_bundles: BundleCache
) -> None:
    fleet = new_parent_bundles.bundle("fleet")
    assert [(p.name, p.phase) for p in deploy_phases(fleet.locks)] == [
        ("0002_create_aircraft", BEFORE),
        ("0003_copy_plane_to_aircraft", SWITCH),
        ("0004_plane_inherits_aircraft", SWITCH),
    ]
    assert (
        "1. Before the deploy, with the old code running: `python manage.py migrate part1 "
        "0002_create_aircraft` (`part1.0002_create_aircraft`)." in fleet.readme
    )
    assert "`part1.0002_create_aircraft`: `safe = Safe.before_deploy()`" in fleet.readme
    online = new_parent_bundles.bundle("fleet-online")
    assert [(p.name, p.phase) for p in deploy_phases(online.locks)] == [
        ("0002_create_aircraft", BEFORE),
        ("0003_copy_plane_to_aircraft", BEFORE),  # the trigger mirrors the old code's writes
        ("0004_plane_inherits_aircraft", SWITCH),
        ("0005_validate_plane_aircraft_ptr", AFTER),
    ]
    assert (
        "2. Stop the old code (or put the site in maintenance), apply `models.patch`, run "
        "`python manage.py migrate part1 0004_plane_inherits_aircraft` "
        "(`part1.0004_plane_inherits_aircraft`), then start the new code.\n"
        "3. With the new code running: `python manage.py migrate` "
        "(`part1.0005_validate_plane_aircraft_ptr`)." in online.readme
    )
    blog = m2m_bundles.bundle("blog-rename-extra")
    assert [p.phase for p in deploy_phases(blog.locks)] == [SWITCH]
    keep = m2m_bundles.bundle("blog-keep")
    # No DDL at all: not judged without a server preview, or "always" with one.
    assert [p.phase for p in deploy_phases(keep.locks)] in ([], [ALWAYS])


def report_of(*migrations: tuple[str, str]) -> LockReport:
    """Return the lock report of PostgreSQL SQL given as (name, sql) pairs of app ``core``."""
    preview = VendorPreview(
        "postgresql",
        True,
        sql=[MigrationSQL("core", name, sql) for name, sql in migrations],
        schema_before="table core_item\n  column id integer NOT NULL\n",
    )
    return lock_report([preview])


def test_phases_follow_what_the_old_code_can_still_use() -> None:
    report = report_of(
        ("0002_state", "BEGIN;\n--\n-- (no-op)\nCOMMIT;\n"),
        ("0003_new", 'BEGIN;\nCREATE TABLE "core_tag" ("id" integer NOT NULL);\nCOMMIT;\n'),
        ("0004_nullable", 'ALTER TABLE "core_item" ADD COLUMN "note" text NULL;\n'),
        ("0005_rename", 'ALTER TABLE "core_item" RENAME TO "core_thing";\n'),
        ("0006_index", 'CREATE INDEX "i" ON "core_thing" ("id");\n'),
    )
    assert [(p.name, p.phase, p.why) for p in deploy_phases(report)] == [
        ("0002_state", ALWAYS, "it changes no table, only Django's record of the models"),
        ("0003_new", BEFORE, "it only adds what the old code never reads"),
        ("0004_nullable", BEFORE, "it only adds what the old code never reads"),
        ("0005_rename", SWITCH, "the old code cannot follow it: it renames core_item"),
        ("0006_index", SWITCH, "it follows a migration that runs at the switch"),
    ]


def test_linter_settings_name_each_check_with_its_reason() -> None:
    report = report_of(
        (
            "0003_through",
            'ALTER TABLE "core_item" RENAME TO "core_thing";\n'
            'ALTER TABLE "core_thing" ADD COLUMN "d" date DEFAULT \'2024-01-01\'::date NOT NULL;\n',
        ),
        ("0004_index", 'CREATE INDEX "i" ON "core_thing" ("id");\n'),
    )
    findings = linter_findings(report)
    assert [(f.name, f.codes) for f in findings] == [
        ("0003_through", ("RENAME_TABLE", "NOT_NULL")),
        ("0004_index", ("CREATE_INDEX",)),
    ]
    assert linter_settings(findings) == (
        "MIGRATION_LINTER_OPTIONS = {\n"
        '    "ignore_name": [\n'
        "        # core.0003_through:\n"
        "        #   RENAME_TABLE (error): the table takes the new model's name (the plan's "
        '"table": "rename"; "keep" has no DDL); no row moves.\n'
        "        #   NOT_NULL (error): every existing row gets the plan's value for the new "
        "column.\n"
        '        "0003_through",\n'
        "        # core.0004_index:\n"
        "        #   CREATE_INDEX (warning): the index existed before on the same columns; it "
        "moves with them.\n"
        '        "0004_index",\n'
        "    ],\n"
        "}"
    )
