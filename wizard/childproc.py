"""Run code inside a target project's own interpreter, in a temporary copy of the project.

The child side lives in ``wizard/child`` and is started as ``python -m _migration_wizard_child
COMMAND RESULT_FILE`` with only a copy of that package on ``PYTHONPATH`` (never the wizard's
repository root: a target may have apps named ``wizard`` or ``examples``). The payload goes in as
JSON on stdin; the result comes back as JSON in RESULT_FILE, so whatever the target prints cannot
corrupt it.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from wizard.errors import (
    ChildTimeout,
    PlanError,
    TargetError,
    TargetLoadError,
    WizardBugError,
    WizardError,
)

CHILD_PACKAGE = "_migration_wizard_child"
CHILD_SOURCE = Path(__file__).resolve().parent / "child"
# Loading models is quick even for big projects; building, previewing and rehearsing run
# migrations and Django's checks, which take 170-220 s on a project of wagtail's size.
INSPECT_TIMEOUT = 120.0
DEFAULT_TIMEOUT = 600.0
QUICK_COMMANDS = frozenset({"inspect"})
PROGRESS_POLL = 0.25  # seconds between two looks at the child's progress file
TIMEOUT_VARIABLE = "WIZARD_CHILD_TIMEOUT"
OLDEST_PYTHON = (3, 8)
WORK_DIR_VARIABLE = "WIZARD_WORK_DIR"
CALLER_SETTINGS_VARIABLE = "WIZARD_CALLER_DJANGO_SETTINGS_MODULE"  # set by the wizard's manage.py
BUG_REPORTS_DIR = "migration-wizard-bugs"
MEMORY_DIR = "/dev/shm"
MEMORY_DIR_MIN_FREE = 2 * 1024**3

# Folders that are never part of a target's code: copying them would be slow or wrong.
IGNORED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "__pycache__",
        "node_modules",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".idea",
        ".vscode",
    }
)
DATABASE_SUFFIXES = (
    ".sqlite3",
    ".sqlite",
    ".db",
    ".sqlite3-journal",
    ".sqlite3-wal",
    ".sqlite3-shm",
)
# Child exception classes (their "kind" in the error document) that are refusals, not failures.
REFUSALS: dict[str, type[WizardError]] = {"PlanError": PlanError}


@functools.cache
def _child_path_dir() -> str:
    """Return a directory holding only a copy of the child package (made once per process).

    A copy, not a link: a child that runs for half an hour keeps the code this process started
    with, even when the wizard is updated on disk meanwhile (its engine code is loaded already).
    """
    holder = Path(tempfile.mkdtemp(prefix="mw-child-"))
    shutil.copytree(
        CHILD_SOURCE, holder / CHILD_PACKAGE, ignore=shutil.ignore_patterns("__pycache__")
    )
    atexit.register(shutil.rmtree, holder, ignore_errors=True)
    return str(holder)


def _ignore(include_databases: bool) -> Any:
    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = set()
        for name in names:
            path = os.path.join(folder, name)
            if name in IGNORED_DIRS or name.endswith(".pyc"):
                skipped.add(name)
            elif not (os.path.islink(path) or os.path.isfile(path) or os.path.isdir(path)):
                skipped.add(name)  # a socket or FIFO: reading it could block forever
            elif os.path.isdir(path) and os.path.exists(os.path.join(path, "pyvenv.cfg")):
                skipped.add(name)  # a virtualenv: run from where it is, never copied
            elif not include_databases and name.endswith(DATABASE_SUFFIXES):
                skipped.add(name)
        return skipped

    return ignore


def copy_target(root: Path, dest: Path, *, include_databases: bool = False) -> Path:
    """Copy the target's files (not its VCS, caches, virtualenvs or databases) into ``dest``."""
    shutil.copytree(root, dest, ignore=_ignore(include_databases), symlinks=True)
    return dest


def workspace_parent() -> str | None:
    """Return where temporary copies go: $WIZARD_WORK_DIR, else memory (/dev/shm) when roomy.

    Creating hundreds of small files on a disk can take longer than loading them (0.5 s for a
    300-migration target here, against 0.03 s in memory); None means the system's temp folder.
    """
    chosen = os.environ.get(WORK_DIR_VARIABLE)
    if chosen:
        return chosen
    try:
        stats = os.statvfs(MEMORY_DIR)
    except OSError:
        return None
    roomy = stats.f_bavail * stats.f_frsize >= MEMORY_DIR_MIN_FREE
    return MEMORY_DIR if roomy and os.access(MEMORY_DIR, os.W_OK | os.X_OK) else None


@contextlib.contextmanager
def workspace(root: Path, *, include_databases: bool = False) -> Iterator[Path]:
    """Yield a temporary copy of the target, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="mw-target-", dir=workspace_parent()) as tmp:
        yield copy_target(root, Path(tmp) / "project", include_databases=include_databases)


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Return the caller's environment plus what the child needs (targets read settings from it)."""
    env = dict(os.environ)
    # The wizard's own settings never reach the target; the value the caller's shell had does
    # (manage.py keeps it aside), though the payload names the settings the child loads.
    env.pop("DJANGO_SETTINGS_MODULE", None)
    caller_settings = env.pop(CALLER_SETTINGS_VARIABLE, "")
    if caller_settings:
        env["DJANGO_SETTINGS_MODULE"] = caller_settings
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (_child_path_dir(), env.get("PYTHONPATH", "")) if p
    )
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra or {})
    return env


def child_timeout(timeout: float | None = None, *, command: str = "") -> float:
    """Return ``timeout``, else ``WIZARD_CHILD_TIMEOUT``, else the default of ``command``.

    The default is 120 s for loading a project (``inspect``) and 600 s for every other command.
    """
    if timeout is not None:
        return timeout
    value = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not value:
        return INSPECT_TIMEOUT if command in QUICK_COMMANDS else DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise TargetError(
            f"{TIMEOUT_VARIABLE} is {value!r}, not a positive number of seconds; "
            "set it to for example 120."
        )
    return seconds


def run_child(
    python: str,
    command: str,
    payload: dict[str, Any],
    *,
    cwd: Path,
    timeout: float | None = None,
    env: dict[str, str] | None = None,
    on_progress: Callable[[dict[str, Any]], None] | None = None,
) -> Any:
    """Run ``command`` in the child with ``payload``; return its result or raise TargetError.

    ``on_progress`` is called, from another thread, with each event the child tells while it
    runs (``wizard/child/progress.py``), and with the last ones before this returns.
    """
    timeout = child_timeout(timeout, command=command)
    with tempfile.TemporaryDirectory(prefix="mw-result-") as tmp:
        result_file = Path(tmp) / "result.json"
        argv = [python, "-m", CHILD_PACKAGE, command, str(result_file)]
        if on_progress is not None:
            payload = {**payload, "progress_file": str(Path(tmp) / "progress.jsonl")}
        try:
            with _watching(payload.get("progress_file"), on_progress):
                proc = _run_in_own_group(argv, json.dumps(payload), cwd, child_env(env), timeout)
        except subprocess.TimeoutExpired:
            raise ChildTimeout(timeout_message(command, timeout)) from None
        except OSError as exc:
            raise TargetError(
                f"Could not start the interpreter {python!r} ({exc.strerror}); "
                "pass --python the target's own python (for example .venv/bin/python)."
            ) from None
        return _read_result(python, command, proc, result_file)


@contextlib.contextmanager
def _watching(
    path: str | None, on_progress: Callable[[dict[str, Any]], None] | None
) -> Iterator[None]:
    """Pass the child's progress events on as they are written, until the block ends."""
    if path is None or on_progress is None:
        yield
        return
    reader = _ProgressReader(Path(path), on_progress)
    stop = threading.Event()
    thread = threading.Thread(target=reader.follow, args=(stop,), name="child-progress")
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


class _ProgressReader:
    """Read the complete lines the child appended since the last look."""

    def __init__(self, path: Path, on_progress: Callable[[dict[str, Any]], None]) -> None:
        self.path = path
        self.on_progress = on_progress
        self.position = 0

    def follow(self, stop: threading.Event) -> None:
        while not stop.wait(PROGRESS_POLL):
            self.read()
        self.read()

    def read(self) -> None:
        try:
            with self.path.open("rb") as handle:
                handle.seek(self.position)
                chunk = handle.read()
        except FileNotFoundError:
            return
        complete = chunk[: chunk.rfind(b"\n") + 1]
        self.position += len(complete)
        for line in complete.splitlines():
            try:
                event = json.loads(line)
            except ValueError:
                continue
            self.on_progress(event)


def timeout_message(command: str, timeout: float) -> str:
    """Return what to do about ``command`` running out of time: its likely cause comes first."""
    stopped = (
        f"The target's process did not finish within {timeout:g} second"
        f"{'' if timeout == 1 else 's'} (command {command!r}) and was stopped; "
    )
    if command in QUICK_COMMANDS:
        return stopped + (
            "check that importing its settings and models does not wait on a network service "
            f"or input, or allow more time with --timeout or {TIMEOUT_VARIABLE}."
        )
    return stopped + (
        "a large project can take longer than that to migrate and check, so allow more time "
        f"with --timeout SECONDS or the environment variable {TIMEOUT_VARIABLE} (for example "
        "1200)."
    )


def _run_in_own_group(
    argv: list[str], stdin: str, cwd: Path, env: dict[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    """Run ``argv``; on timeout kill its whole process group (the target may start children)."""
    with subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        cwd=cwd,
        env=env,
        start_new_session=True,
    ) as proc:
        try:
            stdout, stderr = proc.communicate(stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            proc.communicate()
            raise
        except BaseException:
            _kill_group(proc)
            raise
    return subprocess.CompletedProcess(argv, proc.returncode, stdout, stderr)


def _kill_group(proc: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def _read_result(
    python: str, command: str, proc: subprocess.CompletedProcess[str], result_file: Path
) -> Any:
    if not result_file.exists():
        raise _crash_error(python, command, proc)
    document = json.loads(result_file.read_text(encoding="utf-8"))
    if document.get("ok"):
        return document["result"]
    error = document["error"]
    if error.get("ours"):
        raise _bug_error(python, command, error)
    if error.get("kind") in REFUSALS:
        # A refusal the child wrote for the person (a plan its Django cannot build): as it is.
        raise REFUSALS[error["kind"]](error["message"])
    raise TargetLoadError(error["message"], detail=error.get("traceback", ""))


def bug_reports_dir() -> Path:
    """Return where tracebacks of the wizard's own failures are kept: outside every target."""
    parent = os.environ.get(WORK_DIR_VARIABLE) or tempfile.gettempdir()
    return Path(parent) / BUG_REPORTS_DIR


def _bug_error(python: str, command: str, error: dict[str, Any]) -> WizardBugError:
    """Keep the traceback of a failure of the wizard's own code in a file; say it is our bug."""
    folder = bug_reports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    handle, name = tempfile.mkstemp(prefix=f"{stamp}-{command}-", suffix=".txt", dir=folder)
    detail = error.get("traceback", "")
    with os.fdopen(handle, "w", encoding="utf-8") as report:
        report.write(f"Migration Wizard: helper command {command!r} failed\n")
        report.write(f"Interpreter: {python}\n\n{detail}")
    return WizardBugError(
        f"The wizard's own code failed inside the target's process while running {command!r} "
        f"({error['message']}); this is a bug in the wizard, not in your project. The full "
        f"traceback is in {name}; please report it.",
        detail=detail,
    )


def _crash_error(python: str, command: str, proc: subprocess.CompletedProcess[str]) -> TargetError:
    """Explain a child that wrote no result: not a Python, too old a Python, or a hard crash."""
    version = python_version(python)
    if version is None:
        return TargetError(
            f"The interpreter {python!r} is not a Python interpreter; pass --python the target's "
            "own python (for example /path/to/project/.venv/bin/python)."
        )
    if version < OLDEST_PYTHON:
        return TargetError(
            f"The interpreter {python!r} runs Python {version[0]}.{version[1]}, which is too old "
            "for the wizard's helper; pass --python an interpreter with Python 3.8 or newer."
        )
    if proc.returncode < 0:
        return TargetLoadError(
            f"The target's process was stopped by signal {-proc.returncode} while running "
            f"{command!r} (killed from outside, or out of memory); nothing points at the "
            "project's code: run the command again.",
            detail=proc.stderr[-4000:],
        )
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    last = lines[-1].strip().rstrip(".") if lines else f"exit status {proc.returncode}"
    return TargetLoadError(
        f"The target's process stopped while running {command!r} ({last}); "
        "run 'python manage.py check' in the target to see the full error.",
        detail=proc.stderr[-4000:],
    )


def python_version(python: str) -> tuple[int, int] | None:
    """Return the (major, minor) version of the interpreter ``python``, or None if it is not one."""
    probe = "import sys; sys.stdout.write('mw-python %d %d' % sys.version_info[:2])"
    try:
        proc = subprocess.run(
            [python, "-c", probe], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    words = proc.stdout.split()
    if len(words) != 3 or words[0] != "mw-python" or not all(w.isdigit() for w in words[1:]):
        return None
    return int(words[1]), int(words[2])
