"""Build small, real target projects under a test's `tmp_path`.

    root = make_target(tmp_path, models_py=MODELS)                  # one app, `core`
    root = make_target(tmp_path, apps=[App("shop.catalog", MODELS, label="catalog")],
                       settings_extra='AUTH_USER_MODEL = "catalog.Customer"')

Each project has `manage.py`, a settings package (`target_site`), SQLite in the project folder, and
migrations made by the real `makemigrations` (run in a throwaway copy, so no database file or
`__pycache__` is left in the project). Generated migrations are cached per input for the session.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SETTINGS_PACKAGE = "target_site"
CONTRIB_APPS = (
    "django.contrib.auth",
    "django.contrib.contenttypes",
)
MANAGE_PY = """\
#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{settings}")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
"""
SETTINGS_PY = """\
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "only-for-tests"
INSTALLED_APPS = {installed_apps!r}
DATABASES = {{
    "default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}},
}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
"""
APPS_PY = """\
from django.apps import AppConfig


class {class_name}(AppConfig):
    name = {module!r}
    label = {label!r}
"""

# A models.py that uses most of what a snapshot describes: an abstract base, multi-table
# inheritance, a proxy, an unmanaged model, an explicit through model, a to_field, Meta ordering,
# unique_together, indexes (fields and expressions) and constraints (with conditions).
PLACES_MODELS = """\
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower


class Stamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Tag(models.Model):
    label = models.CharField(max_length=20)
    group = models.CharField(max_length=20)

    class Meta:
        unique_together = [("group", "label")]


class Place(Stamped):
    code = models.CharField(max_length=10, unique=True)
    name = models.CharField(max_length=50, default="")
    tags = models.ManyToManyField(Tag, through="Tagging", related_name="places")

    class Meta:
        ordering = ["name", "-code"]
        indexes = [
            models.Index(fields=["name", "-created"], name="place_name_idx"),
            models.Index(Lower("name"), name="place_lower_name_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(code__startswith="X"), name="place_unique_x_name"
            ),
            models.CheckConstraint(
                condition=Q(name__gt="") | Q(code=F("name")), name="place_named"
            ),
        ]


class Tagging(models.Model):
    place = models.ForeignKey(Place, models.CASCADE)
    tag = models.ForeignKey(Tag, models.CASCADE)
    weight = models.IntegerField(default=1)


class Restaurant(Place):
    seats = models.PositiveIntegerField(null=True)


class PlaceProxy(Place):
    class Meta:
        proxy = True


class Visit(models.Model):
    place = models.ForeignKey(PlaceProxy, models.CASCADE, null=True)


class Legacy(models.Model):
    place = models.ForeignKey(Place, models.CASCADE, to_field="code", db_column="place_code")

    class Meta:
        managed = False
        db_table = "legacy_rows"
"""

_migrations_cache: dict[str, dict[str, bytes]] = {}


@dataclass(frozen=True)
class App:
    """One of the target's own apps: its dotted module, models source and (optional) label."""

    module: str
    models_py: str
    label: str | None = None
    migrations: bool = True


def make_target(
    tmp_path: Path,
    *,
    models_py: str | None = None,
    apps: Sequence[App] = (),
    settings_extra: str = "",
    installed_apps: Sequence[str] = CONTRIB_APPS,
    files: Mapping[str, str] | None = None,
    name: str = "target",
    python: str = sys.executable,
) -> Path:
    """Write a target project into `tmp_path / name` and return its root (the manage.py folder).

    `models_py` is the models of an app `core`; `apps` adds more own apps. `files` writes or
    overwrites any file (relative path -> text) after everything else, before migrations are made.
    `python` makes the migrations (use the target's own interpreter for another Django version).
    """
    own = list(apps)
    if models_py is not None:
        own.insert(0, App("core", models_py))
    root = tmp_path / name
    root.mkdir(parents=True)
    installed = [*installed_apps, *(app.module for app in own)]
    _write(root / "manage.py", MANAGE_PY.format(settings=f"{SETTINGS_PACKAGE}.settings"))
    _write(root / SETTINGS_PACKAGE / "__init__.py", "")
    settings = SETTINGS_PY.format(installed_apps=installed)
    _write(root / SETTINGS_PACKAGE / "settings.py", settings + textwrap.dedent(settings_extra))
    for app in own:
        _write_app(root, app)
    for relative, text in (files or {}).items():
        _write(root / relative, text)
    make_migrations(root, [app for app in own if app.migrations], python=python)
    return root


def _write_app(root: Path, app: App) -> None:
    folder = root.joinpath(*app.module.split("."))
    for depth in range(1, len(app.module.split("."))):
        package = root.joinpath(*app.module.split(".")[:depth]) / "__init__.py"
        if not package.exists():
            _write(package, "")
    _write(folder / "__init__.py", "")
    _write(folder / "models.py", textwrap.dedent(app.models_py))
    _write(folder / "migrations" / "__init__.py", "")
    if app.label:
        class_name = "".join(part.title() for part in app.label.split("_")) + "Config"
        _write(
            folder / "apps.py",
            APPS_PY.format(class_name=class_name, module=app.module, label=app.label),
        )


def make_migrations(root: Path, apps: Sequence[App], *, python: str = sys.executable) -> None:
    """Run `makemigrations` for `apps` in a copy of `root` and copy the new migrations back."""
    if not apps:
        return
    labels = [app.label or app.module.rsplit(".", 1)[-1] for app in apps]
    key = _tree_digest(root, python)
    if key not in _migrations_cache:
        _migrations_cache[key] = _generate_migrations(root, labels, python)
    for relative, content in _migrations_cache[key].items():
        (root / relative).write_bytes(content)


def _generate_migrations(root: Path, labels: list[str], python: str) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory(prefix="mw-make-target-") as tmp:
        copy = Path(tmp) / root.name
        shutil.copytree(root, copy)
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        proc = subprocess.run(
            [python, "manage.py", "makemigrations", "--no-input", *labels],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"makemigrations failed in {root}:\n{proc.stdout}{proc.stderr}")
        return {
            str(path.relative_to(copy)): path.read_bytes()
            for path in sorted(copy.rglob("migrations/*.py"))
            if not (root / path.relative_to(copy)).exists()
        }


def _tree_digest(root: Path, python: str) -> str:
    digest = hashlib.sha256(python.encode())
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def tree_state(root: Path) -> dict[str, bytes | str]:
    """Return every entry under `root` (files with their bytes, links with their target)."""
    state: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        relative = str(path.relative_to(root))
        if path.is_symlink():
            state[relative] = f"-> {os.readlink(path)}"
        elif path.is_dir():
            state[relative] = "<dir>"
        else:
            state[relative] = path.read_bytes()
    return state


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
