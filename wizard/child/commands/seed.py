"""Migrate the scratch database to the target's current state and fill it with synthetic rows.

Every model of the target's own apps gets about ``rows`` rows (``bulk_create``, in foreign-key
order), plus whatever models outside them its foreign keys need (``auth.User``…). Ids get gaps and
the sequences a high-water mark above the largest id, like a table that has lived; every M2M field
gets pairs. Models that cannot be filled are returned with the reason, never skipped silently.
"""

from __future__ import annotations

import time

from .. import bootstrap
from ..rehearsal.seeder import CHILD_OFFSET, Seeder
from ..rehearsal.signals import muted_model_signals


def run(payload):
    bootstrap.setup(payload)
    started = time.monotonic()
    migrate()
    migrated = time.monotonic() - started
    result = {"migrate_seconds": round(migrated, 3), "rows": {}, "pairs": {}, "unfilled": []}
    if payload.get("fill", True):
        seeder = Seeder(int(payload["rows"]))
        with muted_model_signals():
            seeder.run()
        result.update(rows=seeder.filled, pairs=seeder.pairs, unfilled=seeder.unfilled)
        result["outside"] = sorted(seeder.outside)
    result["seed_seconds"] = round(time.monotonic() - started - migrated, 3)
    return result


def first_unseeded_number():
    """Return a row number above every number the seeding gives, for rows of the insert check.

    The n-th multi-table child the seeding fills numbers its rows from ``CHILD_OFFSET * n``. Every
    model counts, not only today's children: a bundle may add a parent (one more child) or take
    one away (flatten_parent: one child fewer, and its parent may go too), and every child the
    seeding knew had a parent model beside it, so there were always more models than children.
    """
    from django.apps import apps

    return CHILD_OFFSET * (len(apps.get_models()) + 1)


def migrate():
    """Migrate the scratch database as the target's migrations say; their failure is the target's
    (or its Django's on this database), so it is said in those words, not as a bug of ours."""
    from django.core.management import call_command
    from django.db import connection

    try:
        call_command("migrate", interactive=False, verbosity=0, run_syncdb=True)
    except Exception as exc:
        raise bootstrap.ChildError(
            "The target's own migrations fail on %s (%s); run 'python manage.py migrate' in the "
            "target against a %s database to see the full error."
            % (connection.display_name, bootstrap.last_line(exc), connection.display_name)
        ) from exc
