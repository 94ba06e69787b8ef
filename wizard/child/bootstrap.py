"""Set Django up inside the target's process, and describe failures in one line."""

from __future__ import annotations

import contextlib
import copy
import os
import sys
import traceback


class ChildError(Exception):
    """A failure whose message is already written for the user."""


class SettingsImportError(ChildError):
    """The target's settings module could not be imported."""


class StepFailed(Exception):
    """A step of a command failed: the message says which step, the cause why.

    Whose failure it is (the wizard's or the target's) is judged from the cause.
    """


# Set once django.setup() has loaded the target: from then on a failure that the target's own
# code did not raise is a failure of the wizard's code.
state = {"ready": False}


def setup(payload):
    """Import the target's settings, apply database overrides and call ``django.setup()``."""
    from . import paths

    settings_module = payload["settings"]
    paths.set_original_root(payload.get("target_root"))
    # The target's folder (our cwd) comes first, as with manage.py, even under PYTHONSAFEPATH.
    root = os.getcwd()
    if root not in sys.path:
        sys.path.insert(0, root)
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    try:
        import django
    except ImportError:
        raise ChildError(
            "Django is not installed in the interpreter %r; pass --python the target's own python "
            "(for example /path/to/project/.venv/bin/python)." % sys.executable
        ) from None
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 - forces the settings module to import
    except Exception as exc:
        raise SettingsImportError(
            "Could not import the settings module %r: %s. %s"
            % (settings_module, last_line(exc), hint(exc, settings_module))
        ) from exc
    databases = payload.get("databases")
    if databases is not None:
        settings.DATABASES = every_alias(databases, settings.DATABASES)
        settings.DATABASE_ROUTERS = [OneDatabaseRouter()]
    try:
        django.setup()
    except Exception as exc:
        raise ChildError(
            "Django could not start the target with settings %r: %s. %s"
            % (settings_module, last_line(exc), hint(exc, settings_module))
        ) from exc
    state["ready"] = True


_ran_makemigrations: list = []  # one entry once it ran in this process


def run_project_makemigrations():
    """Run the target's own ``makemigrations`` once in this process (a dry run, every answer
    the default, nothing written), when the project overrides it.

    Overrides change what the autodetector sees when their module is imported (netbox patches
    ``Field.deconstruct``) or only inside ``handle()`` (pretix patches ``Field.deconstruct`` and
    ``AlterModelOptions``); those patches stay for the rest of the process, so the wizard's own
    autodetector then agrees with the project's command. The command's output and verdict are
    not used. Only processes that migrate nothing afterwards call it: a patched
    ``AlterModelOptions`` changes what historical models look like while migrating.
    """
    from io import StringIO

    from django.core.management import call_command, get_commands

    if _ran_makemigrations or get_commands().get("makemigrations", "django.core") == "django.core":
        return
    _ran_makemigrations.append(True)
    output = StringIO()
    # Its verdict is not what we read (it may exit, or fail on the target's own problem); its
    # patches are.
    with contextlib.suppress(Exception, SystemExit):
        call_command(
            "makemigrations", dry_run=True, check_changes=True, interactive=False, verbosity=0,
            stdout=output, stderr=output,
        )  # fmt: skip


def makemigrations_autodetector():
    """Return the autodetector class the target's ``makemigrations`` uses (Django 5.2 made it a
    class attribute a project may override), else Django's."""
    from django.core.management import get_commands, load_command_class
    from django.db.migrations.autodetector import MigrationAutodetector

    try:
        app_name = get_commands().get("makemigrations", "django.core")
        command = load_command_class(app_name, "makemigrations")
    except Exception:  # the target's own module: its command fails the same way
        return MigrationAutodetector
    return getattr(command, "autodetector", MigrationAutodetector)


class OneDatabaseRouter:
    """The router of a scratch database that every alias points at (``every_alias``).

    The target's own routers would send models to aliases by name (and leave tables uncreated
    where they say ``allow_migrate`` False); here every read, write and migration goes to
    ``default`` unless the code names an alias, and a relation between objects read through
    different aliases is allowed, since they are rows of one database (Django's default answer
    compares alias names, which refused a relation the project's router allows: a site read
    from ``replica`` given a menu written to ``default``).
    """

    def db_for_read(self, model, **hints):
        return "default"

    def db_for_write(self, model, **hints):
        return "default"  # one connection writes, as SQLite needs (a second one would wait)

    def allow_relation(self, obj1, obj2, **hints):
        return True


def every_alias(databases, own):
    """Return ``databases`` with every other alias of the target's own ``DATABASES`` pointing at
    the same database as ``databases["default"]``, as a test mirror does: code that asks for
    ``.using("replica")`` still finds a connection (routers stay off)."""
    entries = dict(databases)
    for alias in own if isinstance(own, dict) else ():
        if alias not in entries:
            entries[alias] = copy.deepcopy(databases["default"])
    return entries


def last_line(exc):
    """Return the last line of ``Type: message``, as Python prints it under a traceback.

    A database error whose later lines are its ``DETAIL:``/``HINT:`` (PostgreSQL's) keeps its
    first line, the error itself, with those after it.
    """
    text = "%s: %s" % (type(exc).__name__, exc)
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    notes = [line for line in lines[1:] if line.startswith(("DETAIL:", "HINT:"))]
    if notes:
        return " ".join([lines[0].rstrip(".") + ".", *notes]).rstrip(".")
    return lines[-1].rstrip(".")


def hint(exc, settings_module=None):
    """Return one sentence that says how to fix ``exc``."""
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        if settings_module and (settings_module + ".").startswith(exc.name + "."):
            return (
                "The target's folder has no module %r: pass --settings the target's settings "
                "module (for example mysite.settings)." % exc.name
            )
        top = exc.name.split(".")[0]
        if os.path.exists(top) or os.path.exists(top + ".py"):
            return "The target's own package %r has no module %r: fix the import." % (
                top,
                exc.name,
            )
        return (
            "Install the package that provides %r into the target's interpreter, or pass --python "
            "the target's own python (for example .venv/bin/python)." % top
        )
    variable = missing_environment_variable(exc)
    if variable:
        return (
            "The settings read the environment variable %r, which is not set: set it in the "
            "environment you run the wizard from (it is passed on to the target)." % variable
        )
    from django.core.exceptions import ImproperlyConfigured

    if isinstance(exc, ImproperlyConfigured):
        return (
            "Fix the target's configuration (often an environment variable that is not set) and "
            "try again."
        )
    return "Run 'python manage.py check' in the target to see the full error."


def missing_environment_variable(exc):
    """Return the name ``os.environ[NAME]`` failed on, when that is what raised ``exc``."""
    if not isinstance(exc, KeyError) or not exc.args or not isinstance(exc.args[0], str):
        return None
    frames = traceback.extract_tb(exc.__traceback__)
    # os is a frozen module from Python 3.11 on.
    if frames and frames[-1].filename in (os.__file__, "<frozen os>"):
        return exc.args[0]
    return None


# The names other child commands used first.
_last_line = last_line
_hint = hint


def describe_failure(exc, formatted_traceback):
    """Return the JSON error document for ``exc``.

    ``ours`` is true when the wizard's own code failed after the target had loaded, and no frame
    of the target's own code raised it: the wizard process then reports a bug of the wizard.
    """
    judged = exc.__cause__ if isinstance(exc, StepFailed) and exc.__cause__ else exc
    ours = (
        state["ready"]
        and not isinstance(exc, ChildError)
        and not raised_by_target(judged)
        and not about_the_project(judged)
    )
    said = str(exc) if isinstance(exc, StepFailed) else last_line(exc)
    if isinstance(exc, ChildError):
        message = str(exc)
    elif ours:
        message = said
    else:
        message = "The target's process failed: %s. %s" % (said, hint(judged))
    return {
        "kind": type(exc).__name__,
        "ours": ours,
        "message": " ".join(message.split()),
        "traceback": formatted_traceback
        or "".join(traceback.format_exception_only(type(exc), exc)),
    }


# Raised by Django about the project itself (its migrations, its configuration), whoever asked.
PROJECT_ERROR_MODULES = ("django.db.migrations.exceptions",)
CONNECTING_FRAMES = ("ensure_connection", "get_new_connection")


def about_the_project(exc):
    """Return whether Django raised ``exc`` about the project's migrations, configuration or
    database connection, not about how the wizard called it."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    if isinstance(exc, ImproperlyConfigured) or type(exc).__module__ in PROJECT_ERROR_MODULES:
        return True
    frames = traceback.extract_tb(exc.__traceback__)
    return isinstance(exc, DatabaseError) and any(f.name in CONNECTING_FRAMES for f in frames)


def raised_by_target(exc):
    """Return whether a frame of the target's own code (its folder, no site-packages) raised it."""
    root = os.path.realpath(os.getcwd())
    for frame in traceback.extract_tb(exc.__traceback__):
        path = os.path.realpath(frame.filename)
        inside = path.startswith(root + os.sep)
        if inside and not {"site-packages", "dist-packages"} & set(path.split(os.sep)):
            return True
    return False
