"""Run ``migrate`` as a person would, recording the SQL each migration actually executes.

Payload ``targets``: ``null`` migrates everything forward; ``[[app_label, name_or_"zero"], …]``
migrates those apps back (or forward) to those migrations, in order. A failure is returned as
data (which migration, the error in one line) so the rehearsal can report it as a failed check.

Payload ``writer`` (``{"plan", "interval"}``, online bundles): a writer on its own connection
keeps inserting and updating rows of the plan's tables from before the first migration until
migrate ends; the result's ``writer`` holds its log and the rows it wrote as they are now.
"""

from __future__ import annotations

import traceback

from .. import bootstrap
from ..rehearsal import db as rehearsal_db
from ..rehearsal import writer as rehearsal_writer


def run(payload):
    bootstrap.setup(payload)
    from django.core.management import call_command
    from django.core.management.commands.migrate import Command as Migrate
    from django.db import connection

    recorder = rehearsal_db.SqlRecorder("forward" if payload.get("targets") is None else "backward")
    error = None
    writer = None
    if payload.get("writer"):
        writer = rehearsal_writer.start(payload["writer"], connection, recorder)
    with connection.execute_wrapper(recorder):
        try:
            for arguments in payload.get("targets") or [[]]:
                command = Migrate()
                # An attribute on this instance only: migrate passes it to its executor.
                command.migration_progress_callback = recorder.progress  # type: ignore[method-assign]
                # Django's system checks are compared before and after by the "django_checks"
                # check instead: run here, errors the project already had would fail the bundle.
                call_command(command, *arguments, interactive=False, verbosity=0)
        except Exception as exc:
            running = recorder.current
            error = {
                "migration": "%s.%s" % (running["app_label"], running["name"]) if running else None,
                "message": " ".join(("%s: %s" % (type(exc).__name__, exc)).split())[:1000],
                "traceback": traceback.format_exc()[-4000:],
            }
        finally:
            if writer is not None:
                rehearsal_writer.stop(writer)
            recorder.finish()
    outcome = {
        "migrations": recorder.migrations,
        "error": error,
        "state": rehearsal_db.migration_state(connection) if error is None else None,
    }
    if writer is not None:
        outcome["writer"] = rehearsal_writer.outcome(writer, connection, read=error is None)
    return outcome
