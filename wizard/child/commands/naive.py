"""What plain ``makemigrations`` does with the patched models, for comparison with the bundle.

Payload: ``{"settings", "databases": {"default": <scratch SQLite entry>}, "apps": [labels]}``, run
in a copy of the target whose models files already carry the bundle's models.patch (and none of
its migrations). Steps, as a person would take them:

1. ``makemigrations APPS --dry-run --noinput -v 3``: its output, or where it stops;
2. ``makemigrations APPS`` for real in the copy: without prompts when step 1 went through,
   otherwise answering every prompt like a hurried person (a one-off default of 1, "no" to
   renames); the transcript is kept;
3. per written migration: its operations (which ones destroy data and why) and ``sqlmigrate``'s
   SQL, or the error it raises.
"""

from __future__ import annotations

import builtins
import importlib
import io
import os
import sys

from .. import bootstrap

MAX_ANSWERS = 20


def run(payload):
    bootstrap.setup(payload)
    apps = list(payload["apps"])
    dry = makemigrations(apps, ["--dry-run", "--noinput", "-v", "3"], interactive=False)
    answered = None
    if dry["stopped"]:
        answered = makemigrations(apps, [], interactive=True)
        written = answered.pop("written")
    else:
        written = makemigrations(apps, ["--noinput"], interactive=False)["written"]
    dry.pop("written")
    return {
        "dry_run": dry,
        "answered": answered,
        "migrations": [describe_migration(path) for path in written],
    }


def makemigrations(apps, flags, interactive):
    """Run makemigrations; return its command line, output, exit code and written files."""
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.core.management.commands.makemigrations import Command

    out = io.StringIO()
    command = Command(stdout=out, stderr=out)
    exit_code = 0
    saved_input = builtins.input
    if interactive:
        builtins.input = HurriedPerson(out)
    try:
        call_command(command, *apps, *flags, interactive=interactive)
    except SystemExit as exc:
        exit_code = exc.code if isinstance(exc.code, int) else 1
    except CommandError as exc:
        out.write("CommandError: %s\n" % exc)
        exit_code = 1
    except Exception as exc:
        out.write("%s\n" % bootstrap._last_line(exc))
        exit_code = 1
    finally:
        builtins.input = saved_input
    shown = ["python", "manage.py", "makemigrations", *apps, *flags]
    return {
        "command": " ".join(shown),
        "output": out.getvalue(),
        "exit_code": exit_code,
        "stopped": exit_code != 0,
        "written": [os.path.relpath(p) for p in getattr(command, "written_files", [])],
    }


class HurriedPerson:
    """Answer makemigrations' prompts the way the stories did: take the first fix, default 1."""

    def __init__(self, out):
        self.out = out
        self.answers = 0

    def __call__(self, prompt=""):
        self.out.write(prompt)
        self.answers += 1
        if self.answers > MAX_ANSWERS:
            raise EOFError("too many questions")
        asked = self.out.getvalue()[-200:].rstrip().lower()
        answer = "n" if asked.endswith(("[y/n]", "yes or no:")) else "1"
        self.out.write(answer + "\n")
        return answer


def describe_migration(path):
    """Return a written migration's source, operations and SQL (or the error sqlmigrate raises)."""
    from django.db.migrations.loader import MigrationLoader

    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    importlib.invalidate_caches()  # the file was written by this process a moment ago
    loader = MigrationLoader(None, ignore_no_migrations=True)
    wanted = os.path.realpath(path)
    app_label, name = next(
        key
        for key, found in loader.disk_migrations.items()
        if os.path.realpath(sys.modules[type(found).__module__].__file__ or "") == wanted
    )
    migration = loader.get_migration(app_label, name)
    state = loader.project_state((app_label, name), at_end=False)
    sql, error = sqlmigrate(app_label, name)
    return {
        "app_label": app_label,
        "name": name,
        "path": path,
        "source": source,
        "operations": [
            judge(op, state, app_label, migration.operations) for op in migration.operations
        ],
        "sql": sql,
        "sql_error": error,
    }


def sqlmigrate(app_label, name):
    from django.core.management import call_command

    out = io.StringIO()
    try:
        call_command("sqlmigrate", app_label, name, stdout=out)
    except Exception as exc:
        return "", bootstrap._last_line(exc)
    return out.getvalue(), ""


def judge(operation, state, app_label, operations):
    """Return the operation's description, and whether (and why) it loses or breaks data."""
    kind = type(operation).__name__
    why = ""
    if kind == "RemoveField":
        why = "drops the column %r and every value in it" % operation.name
    elif kind == "DeleteModel":
        why = "drops the table of %s and every row in it" % operation.name
    elif kind == "AlterField":
        why = altered_field_harm(old_field(state, app_label, operation), operation.field)
    elif kind == "AddField" and not getattr(operation, "preserve_default", True):
        field = operation.field
        if field.primary_key or getattr(field, "one_to_one", False):
            why = (
                "gives every existing row the same one-off value %r, so they all point at one "
                "row" % (field.default,)
            )
    elif kind == "CreateModel" and is_new_through(operation, operations):
        why = "creates a new, empty table: the existing links stay behind in the old one"
    return {"kind": kind, "description": operation.describe(), "destructive": bool(why), "why": why}


def altered_field_harm(old, new):
    """Return why altering ``old`` into ``new`` fails or breaks rows, or ""."""
    if old is None:
        return ""
    if old.many_to_many != new.many_to_many or (
        old.many_to_many and bool(old.remote_field.through) != bool(new.remote_field.through)
    ):
        return "cannot be applied: Django refuses to add through= to an existing M2M field"
    old_to, new_to = related_label(old), related_label(new)
    if old_to and new_to and old_to != new_to:
        # Altering only the target of an auto-created M2M or a foreign key is allowed, but the
        # column's values are still ids of the old target's rows.
        return (
            "points the relation at %s instead of %s: the existing values are ids of %s's rows, "
            "so its foreign key fails on them" % (new_to, old_to, old_to)
        )
    return ""


def related_label(field):
    target = getattr(getattr(field, "remote_field", None), "model", None)
    if target is None:
        return ""
    if isinstance(target, str):
        return target.lower()
    return target._meta.label_lower


def old_field(state, app_label, operation):
    model = state.models.get((app_label, operation.model_name_lower))
    if model is None:
        return None
    return model.fields.get(operation.name)


def is_new_through(create, operations):
    for operation in operations:
        field = getattr(operation, "field", None)
        through = getattr(getattr(field, "remote_field", None), "through", None)
        if (
            type(operation).__name__ == "AlterField"
            and isinstance(through, str)
            and through.split(".")[-1].lower() == create.name_lower
        ):
            return True
    return False
