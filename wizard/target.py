"""A target project (folder, settings, interpreter) and the typed snapshot of its models."""

from __future__ import annotations

import ast
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from wizard.childproc import run_child, workspace
from wizard.errors import TargetError
from wizard.snapshot import Snapshot

MODULE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


@dataclass(frozen=True)
class Target:
    root: Path
    settings: str
    python: str
    # Seconds each of the target's processes may take (None: WIZARD_CHILD_TIMEOUT, else 120 to
    # load and 600 for other steps: wizard.childproc.child_timeout).
    timeout: float | None = field(default=None, compare=False)

    @classmethod
    def resolve(
        cls,
        root: str | os.PathLike[str],
        *,
        settings: str | None = None,
        python: str | None = None,
        timeout: float | None = None,
    ) -> Target:
        """Check the folder, find its settings module and interpreter, or raise TargetError."""
        folder = Path(root).expanduser()
        if folder.is_file():
            raise TargetError(f"{str(folder)!r} is a file; give the folder that holds manage.py.")
        if not folder.is_dir():
            raise TargetError(
                f"The folder {str(folder)!r} does not exist; give the folder that holds manage.py."
            )
        folder = folder.resolve()
        manage = folder / "manage.py"
        if not manage.is_file():
            raise TargetError(
                f"There is no manage.py in {str(folder)!r}; give the project's root folder "
                "(the one that holds manage.py)."
            )
        if settings and not MODULE_NAME.match(settings):
            raise TargetError(
                f"The settings module {settings!r} is not a dotted module name; pass it as "
                "Python imports it (for example mysite.settings, not mysite/settings.py)."
            )
        return cls(
            folder,
            settings or settings_from_manage(manage),
            resolve_python(python),
            check_timeout(timeout),
        )


def resolve_python(python: str | None) -> str:
    """Return an absolute interpreter path, the wizard's own when none is given."""
    if not python:
        return sys.executable
    path = Path(python).expanduser()
    if not path.is_file() or not os.access(path, os.X_OK):
        raise TargetError(
            f"The interpreter {python!r} does not exist or is not executable; pass --python the "
            "target's own python (for example /path/to/project/.venv/bin/python)."
        )
    # Keep a virtualenv's symlinked python as given: resolving it would lose the virtualenv.
    return str(path.absolute())


def check_timeout(timeout: float | None) -> float | None:
    """Return ``timeout`` when it is a positive number of seconds (or None), else raise."""
    if timeout is not None and not timeout > 0:
        raise TargetError(
            f"The timeout {timeout!r} is not a positive number of seconds; pass for example 60."
        )
    return timeout


def settings_from_manage(manage: Path) -> str:
    """Return the DJANGO_SETTINGS_MODULE that manage.py sets, or raise TargetError."""
    try:
        tree = ast.parse(manage.read_text(encoding="utf-8"), filename=str(manage))
    except (SyntaxError, UnicodeDecodeError) as exc:
        raise TargetError(
            f"Could not read {str(manage)!r} ({exc.__class__.__name__}); "
            "pass --settings explicitly."
        ) from None
    for node in ast.walk(tree):
        found = _settings_in(node)
        if found:
            return found
    raise TargetError(
        f"{str(manage)!r} does not set DJANGO_SETTINGS_MODULE, so this does not look like a Django "
        "project; pass --settings with the settings module (for example mysite.settings)."
    )


def _settings_in(node: ast.AST) -> str | None:
    """Return the module of ``os.environ.setdefault("DJANGO_SETTINGS_MODULE", "m")``-like code.

    Also ``os.environ["DJANGO_SETTINGS_MODULE"] = "m"``.
    """
    key: ast.expr | None = None
    value: ast.expr | None = None
    if isinstance(node, ast.Call) and len(node.args) == 2:
        key, value = node.args
    elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript):
        key, value = node.targets[0].slice, node.value
    if (
        isinstance(key, ast.Constant)
        and key.value == "DJANGO_SETTINGS_MODULE"
        and isinstance(value, ast.Constant)
        and isinstance(value.value, str)
    ):
        return value.value
    return None


def load_target(
    root: str | os.PathLike[str],
    *,
    settings: str | None = None,
    python: str | None = None,
    timeout: float | None = None,
) -> Snapshot:
    """Load the target's models in its own process (on a temporary copy) and return a Snapshot."""
    target = Target.resolve(root, settings=settings, python=python, timeout=timeout)
    return inspect_target(target)


def inspect_target(target: Target, *, timeout: float | None = None) -> Snapshot:
    """Return the Snapshot of an already resolved target."""
    with workspace(target.root) as copy:
        data = run_child(
            target.python,
            "inspect",
            {"settings": target.settings, "target_root": str(target.root)},
            cwd=copy,
            timeout=target.timeout if timeout is None else timeout,
        )
    return Snapshot.from_json(target, data)
