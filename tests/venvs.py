"""Virtualenvs that target projects run in, built once and cached under `.cache/venvs/`.

A virtualenv is keyed on its name and requirement: it is rebuilt only when the requirement changes
(or a build was interrupted). A file lock keeps parallel test sessions from building it twice.
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
VENVS_DIR = REPO_ROOT / ".cache" / "venvs"
READY_FILE = "mw-ready.txt"


def cached_venv(name: str, base_python: str, requirement: str) -> Path:
    """Return the python of `.cache/venvs/NAME` with `requirement` installed (built if needed)."""
    folder = VENVS_DIR / name
    python = folder / "bin" / "python"
    VENVS_DIR.mkdir(parents=True, exist_ok=True)
    with open(VENVS_DIR / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        ready = folder / READY_FILE
        if ready.is_file() and ready.read_text() == requirement and python.exists():
            return python
        shutil.rmtree(folder, ignore_errors=True)
        _run([find_interpreter(base_python), "-m", "venv", str(folder)])
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        _run([*pip, requirement])
        ready.write_text(requirement)
    return python


def find_interpreter(name: str) -> str:
    """Return an interpreter called `name` that runs: on PATH, else one of pyenv's versions.

    pyenv's shim for `python3.8` is on PATH even when 3.8 is not a selected version, and then
    fails; the interpreter itself still lives under ~/.pyenv/versions/.
    """
    candidates = [shutil.which(name)]
    candidates += [str(p) for p in sorted(Path.home().glob(f".pyenv/versions/*/bin/{name}"))]
    for candidate in candidates:
        if candidate and subprocess.run([candidate, "-c", ""], capture_output=True).returncode == 0:
            return candidate
    return name


def _run(command: list[str]) -> None:
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)!r} failed with exit status {proc.returncode}:\n{proc.stderr}"
        )
