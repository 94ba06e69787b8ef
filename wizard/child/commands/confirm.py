"""Confirm, read-only, that a person's own database has the tables a bundle starts from.

Payload: ``{"settings", "databases": {"default": <entry>} (optional: else the target's own),
"migrations": [{"app_label", "name"}, ...]}`` run in a copy that holds the bundle's migrations and
patched models. Nothing is written: the connection is put in read-only mode before any query, and
only the catalog and ``django_migrations`` are read.

Two comparisons, each per column (type family, NULL, foreign key):
- the tables of the changed apps against their models as the migrations *before* the bundle
  declare them (drift the bundle would inherit);
- the models the bundle declares over existing tables (``SeparateDatabaseAndState`` state
  operations, such as a through model over an auto-created M2M table) against those tables.
"""

from __future__ import annotations

from .. import bootstrap
from .preview import database_label, model_mismatches, parent_keys


def run(payload):
    bootstrap.setup(payload)
    from django.db import connections
    from django.db.migrations.loader import MigrationLoader

    connection = connections["default"]
    read_only(connection)
    new = [(m["app_label"], m["name"]) for m in payload["migrations"]]
    labels = sorted({label for label, _name in new})
    loader = MigrationLoader(connection, replace_migrations=False)
    applied = set(loader.applied_migrations or ())
    result = {"vendor": connection.vendor, "database": database_label(connection), "tables": []}
    done = [key for key in new if key in applied]
    if done:
        return dict(result, applied=["%s.%s" % key for key in done], problems=[])
    parents = sorted(parent_keys(loader, new))
    missing = [key for key in parents if key not in applied]
    if missing:
        return dict(
            result,
            applied=[],
            problems=[
                "the database is not migrated up to %s yet; run 'python manage.py migrate' "
                "before applying the bundle" % ", ".join("%s.%s" % key for key in missing)
            ],
        )
    state = loader.project_state(nodes=parents, at_end=True)
    before = [m for m in state.apps.get_models() if m._meta.app_label in labels]
    declared = declared_over_tables(loader, state, new)
    models = before + declared
    result["tables"] = sorted({m._meta.db_table for m in declared})
    return dict(result, applied=[], problems=model_mismatches(connection, models))


def read_only(connection):
    """Put the connection in read-only mode before anything else reads or writes."""
    vendor = connection.vendor
    if vendor == "sqlite":
        # A URI with mode=ro opens the file read-only (Django's SQLite backend passes uri=True).
        name = str(connection.settings_dict["NAME"])
        if not name.startswith("file:"):
            connection.settings_dict["NAME"] = "file:%s?mode=ro" % original_file(name)
        return
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        elif vendor == "mysql":
            cursor.execute("SET SESSION TRANSACTION READ ONLY")


def original_file(name):
    """Return the person's own SQLite file: a path inside this copy names the one in the target."""
    import os

    from .. import paths

    here = os.path.realpath(os.getcwd())
    path = os.path.realpath(os.path.join(here, name))
    if paths.original_roots and path.startswith(here + os.sep):
        return os.path.join(paths.original_roots[0], os.path.relpath(path, here))
    return path


def declared_over_tables(loader, state, new):
    """Return the models the bundle's leading state-only operations declare over existing tables.

    Reading stops at the first operation that changes the database: after it, the tables are no
    longer the ones the person has now.
    """
    from django.db.migrations.operations.special import SeparateDatabaseAndState

    later = state.clone()
    created = []  # type: list
    for key in new:
        for operation in loader.graph.nodes[key].operations:
            if not isinstance(operation, SeparateDatabaseAndState) or operation.database_operations:
                return [later.apps.get_model(label, name) for label, name in created]
            for inner in operation.state_operations:
                inner.state_forwards(key[0], later)
                if type(inner).__name__ == "CreateModel":
                    created.append((key[0], inner.name.lower()))  # type: ignore[attr-defined]
    return [later.apps.get_model(label, name) for label, name in created]
