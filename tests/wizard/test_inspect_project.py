"""`python manage.py inspect_project`: its output, and one exact line on stderr for bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.targets import make_target, tree_state

REPO = Path(__file__).resolve().parents[2]
BLOG = REPO / "examples" / "blog"
FLEET = REPO / "examples" / "fleet"

MODELS = """\
from django.db import models


class Thing(models.Model):
    name = models.CharField(max_length=20)
"""


def inspect_project(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "inspect_project", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
        timeout=120,
    )


def assert_refused(proc: subprocess.CompletedProcess[str], message: str) -> None:
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", f"CommandError: {message}\n")


def target_with_settings(tmp_path: Path, code: str) -> Path:
    root = make_target(tmp_path, models_py=MODELS)
    settings = root / "target_site" / "settings.py"
    settings.write_text(settings.read_text() + code)
    return root


def test_a_shell_exporting_the_targets_settings_does_not_confuse_the_wizard() -> None:
    # Common when working in the target: DJANGO_SETTINGS_MODULE names the target's settings.
    proc = inspect_project(str(BLOG), DJANGO_SETTINGS_MODULE="blog_site.settings")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"Project {str(BLOG)!r}\n  settings blog_site.settings, ")


def test_blog_prints_tree() -> None:
    proc = inspect_project(str(BLOG))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout.startswith(f"Project {str(BLOG)!r}\n  settings blog_site.settings, ")
    assert (
        "    m2m categories -> core.Category (auto-created; table core_post_categories; "
        "columns post_id, category_id; through pk BigAutoField; related_name 'posts')\n"
    ) in proc.stdout


def test_fleet_prints_json_snapshot() -> None:
    before = tree_state(FLEET)
    proc = inspect_project(str(FLEET), "--json")
    assert proc.returncode == 0, proc.stderr
    snapshot = json.loads(proc.stdout)
    assert snapshot["target"] == {
        "root": str(FLEET),
        "settings": "fleet_site.settings",
        "python": sys.executable,
    }
    assert snapshot["warnings"] == []
    plane = next(m for m in snapshot["models"] if m["label"] == "part1.Plane")
    assert [m["name"] for m in plane["m2m"]] == ["pilots"]
    assert tree_state(FLEET) == before


def test_settings_option_names_the_targets_settings(tmp_path: Path) -> None:
    root = make_target(tmp_path, models_py=MODELS)
    (root / "manage.py").write_text("# settings chosen elsewhere\n")
    proc = inspect_project(str(root), "--settings=target_site.settings", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["target"]["settings"] == "target_site.settings"


def test_missing_folder_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    assert_refused(
        inspect_project(str(missing)),
        f"The folder {str(missing)!r} does not exist; give the folder that holds manage.py.",
    )


def test_folder_without_manage_py_is_refused(tmp_path: Path) -> None:
    assert_refused(
        inspect_project(str(tmp_path)),
        f"There is no manage.py in {str(tmp_path)!r}; give the project's root folder "
        "(the one that holds manage.py).",
    )


def test_project_that_is_not_django_is_refused(tmp_path: Path) -> None:
    (tmp_path / "manage.py").write_text("import flask\n")
    assert_refused(
        inspect_project(str(tmp_path)),
        f"{str(tmp_path / 'manage.py')!r} does not set DJANGO_SETTINGS_MODULE, so this does not "
        "look like a Django project; pass --settings with the settings module "
        "(for example mysite.settings).",
    )


def test_settings_module_that_is_not_there_is_refused(tmp_path: Path) -> None:
    root = make_target(tmp_path, models_py=MODELS)
    assert_refused(
        inspect_project(str(root), "--settings", "mysite.settings"),
        "Could not import the settings module 'mysite.settings': ModuleNotFoundError: No module "
        "named 'mysite'. The target's folder has no module 'mysite': pass --settings the "
        "target's settings module (for example mysite.settings).",
    )


def test_settings_needing_a_missing_package_are_refused(tmp_path: Path) -> None:
    root = target_with_settings(tmp_path, "import environ\n")
    assert_refused(
        inspect_project(str(root)),
        "Could not import the settings module 'target_site.settings': ModuleNotFoundError: No "
        "module named 'environ'. Install the package that provides 'environ' into the target's "
        "interpreter, or pass --python the target's own python (for example .venv/bin/python).",
    )


def test_settings_needing_a_missing_environment_variable_are_refused(tmp_path: Path) -> None:
    root = target_with_settings(tmp_path, 'import os\nSECRET_KEY = os.environ["MW_TEST_SECRET"]\n')
    assert "MW_TEST_SECRET" not in os.environ
    assert_refused(
        inspect_project(str(root)),
        "Could not import the settings module 'target_site.settings': KeyError: "
        "'MW_TEST_SECRET'. The settings read the environment variable 'MW_TEST_SECRET', which is "
        "not set: set it in the environment you run the wizard from (it is passed on to the "
        "target).",
    )
    proc = inspect_project(str(root), MW_TEST_SECRET="from-the-caller")
    assert proc.returncode == 0, proc.stderr


def test_installed_app_that_is_missing_is_refused(tmp_path: Path) -> None:
    root = target_with_settings(tmp_path, 'INSTALLED_APPS += ["debug_toolbar"]\n')
    assert_refused(
        inspect_project(str(root)),
        "Django could not start the target with settings 'target_site.settings': "
        "ModuleNotFoundError: No module named 'debug_toolbar'. Install the package that provides "
        "'debug_toolbar' into the target's interpreter, or pass --python the target's own python "
        "(for example .venv/bin/python).",
    )


def test_settings_error_shows_targets_traceback_with_traceback_option(tmp_path: Path) -> None:
    root = target_with_settings(tmp_path, "import environ\n")
    proc = inspect_project(str(root), "--traceback")
    assert proc.returncode == 1
    assert "Traceback (most recent call last):" in proc.stderr
    assert proc.stderr.endswith(
        "CommandError: Could not import the settings module 'target_site.settings': "
        "ModuleNotFoundError: No module named 'environ'. Install the package that provides "
        "'environ' into the target's interpreter, or pass --python the target's own python "
        "(for example .venv/bin/python).\n"
    )


def test_missing_python_is_refused(tmp_path: Path) -> None:
    python = str(tmp_path / "venv" / "bin" / "python")
    assert_refused(
        inspect_project(str(BLOG), "--python", python),
        f"The interpreter {python!r} does not exist or is not executable; pass --python the "
        "target's own python (for example /path/to/project/.venv/bin/python).",
    )


def test_python_that_is_not_python_is_refused(tmp_path: Path) -> None:
    python = tmp_path / "python"
    python.write_text("#!/bin/sh\necho 'not today'\n")
    python.chmod(0o755)
    assert_refused(
        inspect_project(str(BLOG), "--python", str(python)),
        f"The interpreter {str(python)!r} is not a Python interpreter; pass --python the "
        "target's own python (for example /path/to/project/.venv/bin/python).",
    )


def test_python_without_django_is_refused(bare_python: str) -> None:
    assert_refused(
        inspect_project(str(BLOG), "--python", bare_python),
        f"Django is not installed in the interpreter {bare_python!r}; pass --python the target's "
        "own python (for example /path/to/project/.venv/bin/python).",
    )


def test_hanging_target_is_stopped(tmp_path: Path) -> None:
    root = target_with_settings(tmp_path, "import time\ntime.sleep(300)\n")
    assert_refused(
        inspect_project(str(root), "--timeout", "1"),
        "The target's process did not finish within 1 second (command 'inspect') and was "
        "stopped; check that importing its settings and models does not wait on a network "
        "service or input, or allow more time with --timeout or WIZARD_CHILD_TIMEOUT.",
    )


def test_timeout_from_environment_applies(tmp_path: Path) -> None:
    root = target_with_settings(tmp_path, "import time\ntime.sleep(300)\n")
    proc = inspect_project(str(root), WIZARD_CHILD_TIMEOUT="1.5")
    assert proc.stderr.startswith(
        "CommandError: The target's process did not finish within 1.5 seconds"
    )


@pytest.mark.slow
def test_target_with_django_42_virtualenv_loads(tmp_path: Path, django42_python: str) -> None:
    root = make_target(tmp_path, models_py=MODELS, python=django42_python)
    proc = inspect_project(str(root), "--python", django42_python)
    assert proc.returncode == 0, proc.stderr
    assert "Django 4.2." in proc.stdout.splitlines()[1]
    assert "  model core.Thing (table core_thing)\n" in proc.stdout
