"""The example targets work as shipped: clean checks, complete migrations, demo data with id gaps.

Each test works on a copy under tmp_path and runs the example's own manage.py with the wizard's
interpreter, as the wizard does; SQLite only (the other databases are covered by the rehearsals).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"
SETTINGS = {"blog": "blog_site.settings", "fleet": "fleet_site.settings"}
# What `seed_demo --count 20 --seed 3` prints, with a named group per table it counts.
SUMMARIES = {
    "blog": (
        r"Seeded the blog with (?P<core_category>\d+) categories, (?P<core_post>\d+) posts and "
        r"(?P<core_post_categories>\d+) post-category pairs; deleted \d+ posts and \d+ categories "
        r"so the ids have gaps \(seed 3\)\."
    ),
    "fleet": (
        r"Seeded the fleet with (?P<auth_user>\d+) pilots, (?P<part1_plane>\d+) planes, "
        r"(?P<part1_plane_pilots>\d+) plane-pilot pairs and (?P<part1_parkingbay>\d+) parking "
        r"bays; deleted \d+ planes and \d+ pilots so the ids have gaps \(seed 3\)\."
    ),
}
EXPECTED_COUNTS = {
    "blog": {"core_category": 10, "core_post": 15, "core_post_categories": 23},
    "fleet": {"auth_user": 4, "part1_plane": 15, "part1_plane_pilots": 16, "part1_parkingbay": 19},
}
# Every row's content without its ids, to compare two seedings whose ids differ.
CONTENT_QUERIES = {
    "blog": [
        "SELECT name, slug FROM core_category ORDER BY id",
        "SELECT title, body, published FROM core_post ORDER BY id",
        "SELECT p.title, c.name FROM core_post_categories pc JOIN core_post p ON p.id = pc.post_id"
        " JOIN core_category c ON c.id = pc.category_id ORDER BY pc.id",
    ],
    "fleet": [
        "SELECT username, first_name, last_name, date_joined FROM auth_user ORDER BY id",
        "SELECT registration FROM part1_plane ORDER BY id",
        "SELECT p.registration, u.username FROM part1_plane_pilots pp"
        " JOIN part1_plane p ON p.id = pp.plane_id JOIN auth_user u ON u.id = pp.user_id"
        " ORDER BY pp.id",
        "SELECT b.code, p.registration FROM part1_parkingbay b"
        " JOIN part1_plane p ON p.id = b.plane_id ORDER BY b.id",
    ],
}


def target_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", **extra)
    # pytest-django sets the wizard's own settings module; manage.py would only setdefault it.
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if "DATABASE_URL" not in extra:
        env.pop("DATABASE_URL", None)
    return env


def run(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=project,
        env=target_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def manage_ok(project: Path, *args: str) -> str:
    result = run(project, "manage.py", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def copy_example(name: str, destination: Path) -> Path:
    project = destination / name
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "db.sqlite3")
    shutil.copytree(EXAMPLES_DIR / name, project, ignore=ignore)
    return project


def query(project: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(project / "db.sqlite3")
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


@pytest.fixture(scope="module", params=sorted(SETTINGS))
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path, str]:
    """Return (example name, migrated and seeded copy, what seed_demo printed)."""
    name = request.param
    project = copy_example(name, tmp_path_factory.mktemp(name))
    manage_ok(project, "migrate", "--verbosity", "0")
    printed = manage_ok(project, "seed_demo", "--count", "20", "--seed", "3")
    return name, project, printed


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_example_passes_check_with_no_missing_migrations(name: str, tmp_path: Path) -> None:
    project = copy_example(name, tmp_path)

    assert manage_ok(project, "check") == "System check identified no issues (0 silenced).\n"
    assert manage_ok(project, "makemigrations", "--check", "--dry-run") == "No changes detected\n"


def test_seed_demo_prints_the_counts_it_left(seeded: tuple[str, Path, str]) -> None:
    name, project, printed = seeded

    match = re.fullmatch(SUMMARIES[name], printed.strip())
    assert match, printed
    counts = {table: int(count) for table, count in match.groupdict().items()}
    assert counts == EXPECTED_COUNTS[name]
    for table, count in counts.items():
        [(rows,)] = query(project, f"SELECT count(*) FROM {table}")
        assert rows == count, table


def test_seed_demo_leaves_gaps_below_the_sequence(seeded: tuple[str, Path, str]) -> None:
    name, project, _ = seeded

    for table in EXPECTED_COUNTS[name]:
        [(rows, lowest, highest)] = query(
            project, f"SELECT count(*), min(id), max(id) FROM {table}"
        )
        [(high_water,)] = query(project, f"SELECT seq FROM sqlite_sequence WHERE name = {table!r}")
        assert rows < highest - lowest + 1, f"{table} has no gaps in its ids"
        assert high_water > highest, f"{table}'s sequence is not above max(id)"


def test_seed_demo_keeps_tricky_text(seeded: tuple[str, Path, str]) -> None:
    name, project, _ = seeded

    if name == "blog":
        titles = {title for (title,) in query(project, "SELECT title FROM core_post")}
        assert 'Crème brûlée\'s "best" post' in titles
        assert "Emoji 🚀, Ελληνικά and 日本語 in one title" in titles
    else:
        registrations = [r for (r,) in query(project, "SELECT registration FROM part1_plane")]
        assert all(re.fullmatch(r"(G|D|F)-[A-Z]{4}|(EI|OO|PH)-[A-Z]{3}", r) for r in registrations)
        assert len(set(registrations)) == len(registrations)


def test_seed_demo_refuses_a_seeded_database(seeded: tuple[str, Path, str]) -> None:
    name, project, _ = seeded

    result = run(project, "manage.py", "seed_demo")

    assert result.returncode == 1
    expected = {
        "blog": "The database already holds 15 posts and 10 categories: "
        "run seed_demo --reset to replace them.",
        "fleet": "The database already holds 15 planes, 19 parking bays and 4 demo pilots: "
        "run seed_demo --reset to replace them.",
    }
    assert result.stderr.splitlines()[-1] == f"CommandError: {expected[name]}"


def test_seed_demo_reset_makes_the_same_rows_with_new_ids(
    seeded: tuple[str, Path, str], tmp_path: Path
) -> None:
    name, seeded_project, printed = seeded
    project = tmp_path / name
    shutil.copytree(seeded_project, project)

    assert manage_ok(project, "seed_demo", "--reset", "--count", "20", "--seed", "3") == printed
    for sql in CONTENT_QUERIES[name]:
        assert query(project, sql) == query(seeded_project, sql)
    table = next(iter(EXPECTED_COUNTS[name]))
    [(lowest,)] = query(project, f"SELECT min(id) FROM {table}")
    [(highest_before,)] = query(seeded_project, f"SELECT max(id) FROM {table}")
    assert lowest > highest_before


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_seed_demo_rejects_a_count_below_one(name: str, tmp_path: Path) -> None:
    project = copy_example(name, tmp_path)

    result = run(project, "manage.py", "seed_demo", "--count", "0")

    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "CommandError: --count must be at least 1, not 0."


def database_setting(project: Path, name: str, database_url: str | None) -> dict[str, object]:
    code = (
        f"import json; from {SETTINGS[name]} import DATABASES; "
        "print(json.dumps(DATABASES['default']))"
    )
    env = {} if database_url is None else {"DATABASE_URL": database_url}
    result = run(project, "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_database_url_chooses_the_database(name: str, tmp_path: Path) -> None:
    project = copy_example(name, tmp_path)

    assert database_setting(project, name, None) == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(project / "db.sqlite3"),
    }
    assert database_setting(project, name, "sqlite:////tmp/other.sqlite3") == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/tmp/other.sqlite3",
    }
    assert database_setting(project, name, "postgresql://me:p%40ss@127.0.0.1:5432/shop") == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "me",
        "PASSWORD": "p@ss",
        "HOST": "127.0.0.1",
        "PORT": "5432",
    }
    assert database_setting(project, name, "mysql://root@127.0.0.1:3306/shop") == {
        "ENGINE": "django.db.backends.mysql",
        "NAME": "shop",
        "USER": "root",
        "PASSWORD": "",
        "HOST": "127.0.0.1",
        "PORT": "3306",
        "OPTIONS": {"charset": "utf8mb4"},
    }


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_database_url_with_an_unknown_scheme_is_refused(name: str, tmp_path: Path) -> None:
    project = copy_example(name, tmp_path)

    result = run(project, "manage.py", "check", DATABASE_URL="oracle://me@db/shop")

    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: DATABASE_URL has the unsupported scheme "
        "'oracle': use sqlite:///PATH, postgresql://USER:PASSWORD@HOST:PORT/NAME or "
        "mysql://USER:PASSWORD@HOST:PORT/NAME."
    )
