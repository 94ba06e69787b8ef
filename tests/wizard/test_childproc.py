"""The child process: the temporary copy, the environment, the timeout and crashes."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.targets import make_target, tree_state
from wizard.childproc import (
    CALLER_SETTINGS_VARIABLE,
    CHILD_PACKAGE,
    bug_reports_dir,
    child_env,
    child_timeout,
    copy_target,
    run_child,
    workspace,
)
from wizard.errors import ChildTimeout, TargetError, TargetLoadError, WizardBugError
from wizard.target import load_target

MODELS = """\
from django.db import models


class Thing(models.Model):
    name = models.CharField(max_length=20)
"""


def write(path: Path, text: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def add_to_settings(root: Path, code: str) -> None:
    settings = root / "target_site" / "settings.py"
    settings.write_text(settings.read_text() + code)


def fake_python(tmp_path: Path, script: str) -> str:
    path = write(tmp_path / "bin" / "python", "#!/bin/sh\n" + script)
    path.chmod(0o755)
    return str(path)


def test_copy_target_leaves_out_caches_vcs_virtualenvs_and_databases(tmp_path: Path) -> None:
    root = tmp_path / "project"
    for name in [
        "manage.py",
        "app/models.py",
        "app/__pycache__/models.cpython-311.pyc",
        "app/stale.pyc",
        ".git/HEAD",
        "node_modules/x/index.js",
        ".venv/pyvenv.cfg",
        "env2/pyvenv.cfg",
        "db.sqlite3",
        "data/other.db",
    ]:
        write(root / name)
    copy = copy_target(root, tmp_path / "copy")
    assert sorted(str(p.relative_to(copy)) for p in copy.rglob("*") if p.is_file()) == [
        "app/models.py",
        "manage.py",
    ]
    with_databases = copy_target(root, tmp_path / "copy2", include_databases=True)
    assert (with_databases / "db.sqlite3").is_file()
    assert (with_databases / "data" / "other.db").is_file()


def test_workspace_is_removed_afterwards(tmp_path: Path) -> None:
    write(tmp_path / "project" / "manage.py")
    with workspace(tmp_path / "project") as copy:
        assert (copy / "manage.py").is_file()
    assert not copy.exists()


def test_child_env_passes_the_callers_environment_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MW_TEST_TOKEN", "s3cret")
    monkeypatch.setenv("PYTHONPATH", "/somewhere")
    env = child_env({"EXTRA": "1"})
    assert env["MW_TEST_TOKEN"] == "s3cret"
    assert env["EXTRA"] == "1"
    assert "DJANGO_SETTINGS_MODULE" not in env  # the wizard's own, never the target's
    first, rest = env["PYTHONPATH"].split(os.pathsep)
    assert os.listdir(first) == [CHILD_PACKAGE] and rest == "/somewhere"
    assert env["PYTHONDONTWRITEBYTECODE"] == "1"


def test_child_env_hands_the_callers_settings_variable_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # manage.py keeps the shell's DJANGO_SETTINGS_MODULE aside and runs on the wizard's settings.
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "config.settings")
    monkeypatch.setenv(CALLER_SETTINGS_VARIABLE, "mysite.settings.dev")
    env = child_env()
    assert env["DJANGO_SETTINGS_MODULE"] == "mysite.settings.dev"
    assert CALLER_SETTINGS_VARIABLE not in env


def test_child_timeout_comes_from_argument_environment_or_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("WIZARD_CHILD_TIMEOUT", raising=False)
    assert child_timeout(command="inspect") == 120
    # Building, previewing and rehearsing a project of wagtail's size take 170-220 s.
    assert child_timeout(command="build") == 600
    assert child_timeout(command="preview") == 600
    assert child_timeout(command="seed") == 600
    monkeypatch.setenv("WIZARD_CHILD_TIMEOUT", "7.5")
    assert child_timeout(command="inspect") == 7.5
    assert child_timeout(command="build") == 7.5
    assert child_timeout(3) == 3
    monkeypatch.setenv("WIZARD_CHILD_TIMEOUT", "soon")
    with pytest.raises(TargetError) as info:
        child_timeout()
    assert str(info.value) == (
        "WIZARD_CHILD_TIMEOUT is 'soon', not a positive number of seconds; "
        "set it to for example 120."
    )


def test_loading_never_writes_into_the_target(tmp_path: Path) -> None:
    root = make_target(tmp_path, models_py=MODELS)
    write(root / "db.sqlite3", "not really a database")
    write(root / "core" / "__pycache__" / "old.cpython-311.pyc", "stale")
    before = tree_state(root)
    snapshot = load_target(root)
    assert snapshot.model("core.Thing") is not None
    assert tree_state(root) == before


def test_target_output_does_not_corrupt_the_result(tmp_path: Path) -> None:
    root = make_target(tmp_path, models_py=MODELS)
    add_to_settings(root, "print('{\"ok\": false}')\nimport sys\nsys.stdout.write('noise')\n")
    assert load_target(root).model("core.Thing") is not None


def test_target_folder_comes_first_on_sys_path(tmp_path: Path) -> None:
    # An app named like a module of the standard library must still be the target's own.
    root = make_target(tmp_path, models_py=MODELS)
    write(root / "calendar" / "__init__.py", "")
    write(root / "calendar" / "models.py", MODELS.replace("Thing", "Day"))
    add_to_settings(root, 'INSTALLED_APPS += ["calendar"]\n')
    snapshot = load_target(root)
    app = snapshot.app("calendar")
    assert app is not None and app.own


def test_hanging_target_is_stopped_after_timeout(tmp_path: Path) -> None:
    root = make_target(tmp_path, models_py=MODELS)
    pid_file = tmp_path / "grandchild.pid"
    add_to_settings(
        root,
        "import subprocess, time\n"
        f"with open({str(pid_file)!r}, 'w') as f:\n"
        "    f.write(str(subprocess.Popen(['sleep', '300']).pid))\n"
        "time.sleep(300)\n",
    )
    started = time.monotonic()
    with pytest.raises(ChildTimeout) as info:
        load_target(root, timeout=1.5)
    assert time.monotonic() - started < 10
    assert str(info.value) == (
        "The target's process did not finish within 1.5 seconds (command 'inspect') and was "
        "stopped; check that importing its settings and models does not wait on a network "
        "service or input, or allow more time with --timeout or WIZARD_CHILD_TIMEOUT."
    )
    grandchild = int(pid_file.read_text())
    assert not running(grandchild)  # the target's own child was stopped too


def test_slow_build_is_blamed_on_size_not_on_the_network(tmp_path: Path) -> None:
    root = make_target(tmp_path, models_py=MODELS)
    add_to_settings(root, "import time\ntime.sleep(300)\n")
    payload = {"settings": "target_site.settings", "plan": {"kind": "m2m_through"}}
    with pytest.raises(ChildTimeout) as info:
        run_child(sys.executable, "build", payload, cwd=root, timeout=1.5)
    assert str(info.value) == (
        "The target's process did not finish within 1.5 seconds (command 'build') and was "
        "stopped; a large project can take longer than that to migrate and check, so allow more "
        "time with --timeout SECONDS or the environment variable WIZARD_CHILD_TIMEOUT (for "
        "example 1200)."
    )


def running(pid: int) -> bool:
    """Return whether process `pid` runs (a killed one may linger as a zombie until reaped)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return False
        if state in ("Z", "X"):
            return False
        time.sleep(0.05)
    return True


def test_target_calling_sys_exit_is_reported(tmp_path: Path) -> None:
    root = make_target(tmp_path, models_py=MODELS)
    add_to_settings(root, "import sys\nsys.exit(3)\n")
    with pytest.raises(TargetLoadError) as info:
        load_target(root)
    assert str(info.value) == (
        "The target's code called sys.exit(3) while loading; run 'python manage.py check' in the "
        "target to see why."
    )


def test_target_killing_its_process_is_reported(tmp_path: Path) -> None:
    root = make_target(tmp_path, models_py=MODELS)
    add_to_settings(root, "import os, sys\nsys.stderr.write('bye\\n')\nos._exit(5)\n")
    with pytest.raises(TargetLoadError) as info:
        load_target(root)
    assert str(info.value) == (
        "The target's process stopped while running 'inspect' (bye); run 'python manage.py "
        "check' in the target to see the full error."
    )


def test_interpreter_that_is_not_python_is_refused(tmp_path: Path) -> None:
    python = fake_python(tmp_path, "echo hello\n")
    write(tmp_path / "project" / "manage.py")
    with pytest.raises(TargetError) as info:
        run_child(python, "inspect", {}, cwd=tmp_path / "project")
    assert str(info.value) == (
        f"The interpreter {python!r} is not a Python interpreter; pass --python the target's own "
        "python (for example /path/to/project/.venv/bin/python)."
    )


def test_file_that_cannot_be_executed_is_refused(tmp_path: Path) -> None:
    python = write(tmp_path / "python", "just text")
    python.chmod(0o755)
    with pytest.raises(TargetError) as info:
        run_child(str(python), "inspect", {}, cwd=tmp_path)
    assert str(info.value) == (
        f"Could not start the interpreter {str(python)!r} (Exec format error); pass --python the "
        "target's own python (for example .venv/bin/python)."
    )


def test_too_old_python_is_refused(tmp_path: Path) -> None:
    # Answers the version probe like Python 3.6, and fails on the helper like it would.
    python = fake_python(
        tmp_path,
        'case "$1" in -c) printf "mw-python 3 6";; *) echo "SyntaxError: invalid syntax" >&2; '
        "exit 1;; esac\n",
    )
    with pytest.raises(TargetError) as info:
        run_child(python, "inspect", {}, cwd=tmp_path)
    assert str(info.value) == (
        f"The interpreter {python!r} runs Python 3.6, which is too old for the wizard's helper; "
        "pass --python an interpreter with Python 3.8 or newer."
    )


def test_python_without_django_is_refused(tmp_path: Path, bare_python: str) -> None:
    root = make_target(tmp_path, models_py=MODELS)
    with pytest.raises(TargetLoadError) as info:
        load_target(root, python=bare_python)
    assert str(info.value) == (
        f"Django is not installed in the interpreter {bare_python!r}; pass --python the target's "
        "own python (for example /path/to/project/.venv/bin/python)."
    )


def test_unknown_child_command_is_reported(tmp_path: Path) -> None:
    with pytest.raises(TargetLoadError) as info:
        run_child(sys.executable, "nothing", {}, cwd=tmp_path)
    assert str(info.value) == (
        "The wizard's helper has no command 'nothing'; this is a bug in the wizard, please "
        "report it."
    )


def test_workspace_goes_where_wizard_work_dir_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "project" / "manage.py")
    monkeypatch.setenv("WIZARD_WORK_DIR", str(tmp_path / "work"))
    (tmp_path / "work").mkdir()
    with workspace(tmp_path / "project") as copy:
        assert copy.parent.parent == tmp_path / "work"


def test_copy_target_leaves_out_fifos(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write(root / "manage.py")
    os.mkfifo(root / "events.fifo")
    copy = copy_target(root, tmp_path / "copy")
    assert sorted(p.name for p in copy.iterdir()) == ["manage.py"]


# -- who failed: the target, or the wizard's own code -----------------------------------------


def failing_build(root: Path) -> WizardBugError:
    """Run the child's build with a plan that has no kind: our code fails after the setup."""
    with workspace(root) as copy, pytest.raises(WizardBugError) as info:
        run_child(
            sys.executable, "build", {"settings": "target_site.settings", "plan": {}}, cwd=copy
        )
    return info.value


def test_failure_of_the_wizards_own_code_is_reported_as_its_bug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_target(tmp_path, models_py=MODELS)
    (tmp_path / "work").mkdir()
    monkeypatch.setenv("WIZARD_WORK_DIR", str(tmp_path / "work"))
    before = tree_state(root)
    error = failing_build(root)
    [kept] = (tmp_path / "work" / "migration-wizard-bugs").iterdir()
    assert kept.name.endswith(".txt") and "-build-" in kept.name
    assert str(error) == (
        "The wizard's own code failed inside the target's process while running 'build' "
        "(KeyError: 'builder'); this is a bug in the wizard, not in your project. The full "
        f"traceback is in {kept}; please report it."
    )
    text = kept.read_text()
    assert text.startswith(
        f"Migration Wizard: helper command 'build' failed\nInterpreter: {sys.executable}\n\n"
        "Traceback (most recent call last):\n"
    )
    assert text.rstrip().endswith("KeyError: 'builder'")
    assert "_migration_wizard_child/commands/build.py" in error.detail
    assert tree_state(root) == before


def test_bug_reports_go_to_the_system_temp_folder_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WIZARD_WORK_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert bug_reports_dir() == tmp_path / "migration-wizard-bugs"


ODD_FIELD = """\
import os

from django.db import models


class OddField(models.CharField):
    def deconstruct(self):
        if os.environ.get("ODD_FIELD_FAILS"):
            raise RuntimeError("the odd field cannot say what it is")
        return super().deconstruct()


class Thing(models.Model):
    name = OddField(max_length=20)
"""


def test_target_code_failing_after_setup_is_still_the_targets_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_target(tmp_path, models_py=ODD_FIELD)
    monkeypatch.setenv("ODD_FIELD_FAILS", "1")
    (tmp_path / "work").mkdir()
    monkeypatch.setenv("WIZARD_WORK_DIR", str(tmp_path / "work"))
    with pytest.raises(TargetLoadError) as info:
        load_target(root)
    assert str(info.value) == (
        "The target's process failed: RuntimeError: the odd field cannot say what it is. Run "
        "'python manage.py check' in the target to see the full error."
    )
    assert not (tmp_path / "work" / "migration-wizard-bugs").exists()


BROKEN_GRAPH = """\
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0009_nowhere")]
"""


def test_django_refusing_the_targets_migrations_is_the_targets_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_target(tmp_path, models_py=MODELS)
    write(root / "core" / "migrations" / "0002_lost.py", BROKEN_GRAPH)
    (tmp_path / "work").mkdir()
    monkeypatch.setenv("WIZARD_WORK_DIR", str(tmp_path / "work"))
    with pytest.raises(TargetLoadError) as info:
        load_target(root)
    assert str(info.value) == (
        "The target's process failed: NodeNotFoundError: Migration core.0002_lost dependencies "
        "reference nonexistent parent node ('core', '0009_nowhere'). Run 'python manage.py "
        "check' in the target to see the full error."
    )
    assert not (tmp_path / "work" / "migration-wizard-bugs").exists()


def test_a_database_errors_detail_follows_the_error_itself() -> None:
    from wizard.child.bootstrap import last_line

    error = RuntimeError(
        "cannot alter type of a column used by a view or rule\n"
        'DETAIL:  rule _RETURN on materialized view hierarchy depends on column "id"\n'
    )
    assert last_line(error) == (
        "RuntimeError: cannot alter type of a column used by a view or rule. DETAIL: rule "
        '_RETURN on materialized view hierarchy depends on column "id"'
    )
    assert last_line(ValueError("first\nsecond.")) == "second"


def test_a_child_killed_by_a_signal_is_not_blamed_on_the_project() -> None:
    import subprocess

    from wizard.childproc import _crash_error

    proc = subprocess.CompletedProcess(["python"], -9, "", "UserWarning: API_TOKEN_PEPPERS\n")
    error = _crash_error(sys.executable, "seed", proc)
    assert str(error) == (
        "The target's process was stopped by signal 9 while running 'seed' (killed from "
        "outside, or out of memory); nothing points at the project's code: run the command again."
    )
