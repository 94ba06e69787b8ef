"""The set-up and CI plumbing: Makefile, .ci/run and the helper scripts under scripts/."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"


def run(*command: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, check=False, **kwargs
    )


def fake_commands(folder: Path, **exit_codes: int) -> dict[str, str]:
    """Return an environment whose PATH finds one-line stand-ins for the named commands first."""
    folder.mkdir()
    for name, code in exit_codes.items():
        command = folder / name.replace("_", "-")
        command.write_text(f"#!/bin/sh\nexit {code}\n")
        command.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


def test_makefile_has_the_documented_targets() -> None:
    targets = set(re.findall(r"^([a-z-]+):", (ROOT / "Makefile").read_text(), re.MULTILINE))

    assert {"run", "test", "lint", "format", "bench", "clean"} <= targets


def test_ci_run_is_an_executable_strict_bash_script() -> None:
    script = ROOT / ".ci" / "run"
    lines = script.read_text().splitlines()

    assert script.stat().st_mode & stat.S_IXUSR
    assert lines[0] == "#!/usr/bin/env bash"
    assert "set -euo pipefail" in lines
    assert "make --keep-going --no-print-directory test </dev/null" in lines


def test_quietly_hides_the_output_of_a_success() -> None:
    result = run(SCRIPTS / "quietly", "echo", "noise")

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_quietly_shows_the_output_of_a_failure() -> None:
    result = run(SCRIPTS / "quietly", "sh", "-c", "echo why; exit 3")

    assert result.returncode == 3
    assert result.stderr == (
        "why\nerror: 'sh -c echo why; exit 3' failed with exit status 3 (its output is above).\n"
    )


def test_timed_records_name_time_and_result(tmp_path: Path) -> None:
    timings = tmp_path / "timings.tsv"

    result = run(
        SCRIPTS / "timed", "a phase", "false", env={**os.environ, "WIZARD_TIMINGS": timings}
    )

    assert result.returncode == 1
    assert re.fullmatch(r"==> a phase\n<== a phase: FAILED in \d+\.\ds\n", result.stdout)
    assert re.fullmatch(r"a phase\t\d+\.\d\tFAILED\n", timings.read_text())


def test_start_databases_fails_when_a_server_never_answers(tmp_path: Path) -> None:
    env = fake_commands(tmp_path / "bin", pg_isready=0, mariadb=1, start_stop_daemon=0, install=0)

    result = run(SCRIPTS / "start-databases", env={**env, "WIZARD_DB_START_TIMEOUT": "1"})

    assert result.returncode == 1
    assert result.stdout == "PostgreSQL answers on 127.0.0.1.\nStarting MariaDB...\n"
    assert result.stderr == (
        "error: MariaDB does not answer on 127.0.0.1 after 1s; see /var/log/mysql/error.log.\n"
    )


@pytest.fixture
def example_tree(tmp_path: Path) -> Path:
    """Return a folder with examples/demo/manage.py that creates db.sqlite3 and can fail seeding."""
    manage = tmp_path / "examples" / "demo" / "manage.py"
    manage.parent.mkdir(parents=True)
    manage.write_text(
        "import os, pathlib, sys\n"
        "pathlib.Path('db.sqlite3').write_text('x')\n"
        "sys.exit(sys.argv[1] == 'seed_demo' and 'FAIL_SEED' in os.environ)\n"
    )
    return tmp_path


def test_prepare_examples_migrates_and_seeds_once(example_tree: Path) -> None:
    first = run(SCRIPTS / "prepare-examples", sys.executable, cwd=example_tree)
    second = run(SCRIPTS / "prepare-examples", sys.executable, cwd=example_tree)

    assert first.stdout == "Preparing examples/demo (migrate, seed_demo)...\n"
    assert (second.returncode, second.stdout) == (0, "")
    assert (example_tree / "examples" / "demo" / "db.sqlite3").is_file()


def test_prepare_examples_removes_a_half_prepared_database(example_tree: Path) -> None:
    env = {**os.environ, "FAIL_SEED": "1"}

    result = run(SCRIPTS / "prepare-examples", sys.executable, cwd=example_tree, env=env)

    assert result.returncode == 1
    assert result.stderr == "error: could not prepare examples/demo; see the output above.\n"
    assert not (example_tree / "examples" / "demo" / "db.sqlite3").exists()
