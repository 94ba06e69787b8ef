"""Set Django up inside the target's process, and describe failures in one line."""

from __future__ import annotations

import os
import traceback


class ChildError(Exception):
    """A failure whose message is already written for the user."""


class SettingsImportError(ChildError):
    """The target's settings module could not be imported."""


def setup(payload):
    """Import the target's settings, apply database overrides and call ``django.setup()``."""
    settings_module = payload["settings"]
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    try:
        import django
    except ImportError:
        raise ChildError(
            "Django is not installed in the interpreter running the target; "
            "pass --python the target's own python (for example .venv/bin/python)."
        ) from None
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 - forces the settings module to import
    except Exception as exc:
        raise SettingsImportError(_settings_message(settings_module, exc)) from exc
    databases = payload.get("databases")
    if databases is not None:
        settings.DATABASES = databases
        settings.DATABASE_ROUTERS = []
    try:
        django.setup()
    except Exception as exc:
        raise ChildError(
            "Django could not start the target with settings %r: %s. %s"
            % (settings_module, _last_line(exc), _hint(exc))
        ) from exc


def _settings_message(settings_module, exc):
    return "Could not import the settings module %r: %s. %s" % (
        settings_module,
        _last_line(exc),
        _hint(exc),
    )


def _last_line(exc):
    text = "%s: %s" % (type(exc).__name__, exc)
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else type(exc).__name__


def _hint(exc):
    if isinstance(exc, ModuleNotFoundError):
        return (
            "Install the missing package into the target's interpreter (pass it with --python), "
            "or pass the right --settings."
        )
    if isinstance(exc, KeyError):
        return "The settings read an environment variable that is not set: set it and try again."
    from django.core.exceptions import ImproperlyConfigured

    if isinstance(exc, ImproperlyConfigured):
        return (
            "Fix the target's configuration (often a missing environment variable) and try again."
        )
    return "Run 'python manage.py check' in the target to see the full error."


def describe_failure(exc, formatted_traceback):
    """Return the JSON error document for ``exc``."""
    if isinstance(exc, ChildError):
        message = str(exc)
    else:
        message = "The target's process failed: %s. %s" % (_last_line(exc), _hint(exc))
    return {
        "kind": type(exc).__name__,
        "message": " ".join(message.split()),
        "traceback": formatted_traceback
        or "".join(traceback.format_exception_only(type(exc), exc)),
    }
