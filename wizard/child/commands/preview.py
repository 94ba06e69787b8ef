"""Preview new migrations on a scratch database: the SQL each runs and the schema before/after.

Payload: ``{"settings", "databases": {"default": <scratch entry>}, "migrations": [{"app_label",
"name"}, ...]}`` with the new migration files (and the patched models) already in the working copy.
The scratch database is migrated to the target's current leaves, described ("before"); then each
new migration's SQL is collected the way ``sqlmigrate`` does against the database migrated up to its
predecessor, and the migration is really applied; finally the database is described again ("after").
The result also lists model changes that are still not in migrations and serious check errors, so
the wizard can refuse a bundle after which ``makemigrations --check`` would not be clean.

What fails on this database because of the target itself (its own migrations, or its apps starting
on this backend: a PostgreSQL-only project on SQLite) makes the preview unavailable, with the reason
(``"target_failed": true``); a failure of one of the new migrations raises ``StepFailed``, naming
the migration and the database.
"""

from __future__ import annotations

from .. import bootstrap, schema, system_checks, writer


class TargetMigrationFailed(Exception):
    """One of the target's own migrations failed on this database."""

    def __init__(self, migration):
        super().__init__(migration)
        self.migration = migration


def run(payload):
    unavailable = start(payload)
    if unavailable:
        return unavailable
    from django.db import connections

    connection = connections["default"]
    new = [(m["app_label"], m["name"]) for m in payload["migrations"]]
    try:
        migrate_all_but(connection, new)
    except TargetMigrationFailed as failed:
        return target_failed(
            "the target's own migration '%s.%s' fails on %s: %s"
            % (
                failed.migration.app_label,
                failed.migration.name,
                connection.display_name,
                bootstrap.last_line(failed.__cause__),
            )
        )
    before = schema.describe(connection)
    labels = {label for label, _name in new}
    mismatched = model_mismatches(connection, state_models(connection, new, labels))
    sql = [sqlmigrate_and_apply(connection, key) for key in new]
    from django.apps import apps

    after = model_mismatches(
        connection, [m for m in apps.get_models() if m._meta.app_label in labels]
    )
    return {
        "available": True,
        "vendor": connection.vendor,
        "database": database_label(connection),
        "schema_before": before,
        "schema_after": schema.describe(connection),
        "sql": sql,
        "pending_changes": writer.pending_changes(),
        "check_errors": system_checks.serious_messages(labels),
        # What the new migrations declare that the database, as migrated, does not have.
        "schema_mismatches": [problem for problem in after if problem not in mismatched],
    }


def start(payload):
    """Set Django up on the scratch database and connect; return why not, or None."""
    missing = missing_driver(payload["databases"]["default"])
    if missing:
        return {"available": False, "vendor": "", "reason": missing}
    try:
        bootstrap.setup(payload)
    except bootstrap.SettingsImportError:
        raise
    except bootstrap.ChildError as exc:  # an app whose ready() needs another backend
        cause = bootstrap.last_line(exc.__cause__ or exc)
        return target_failed("the target's apps do not start on %s: %s" % (display_name(), cause))
    from django.db import connection

    try:
        connection.ensure_connection()
    except Exception as exc:  # a missing driver or an unreachable server: say so, do not guess
        return {"available": False, "vendor": "", "reason": bootstrap.last_line(exc)}
    return None


def target_failed(reason):
    """Return the result of a database the target itself fails on: not previewed, and why."""
    return {"available": False, "vendor": "", "reason": reason, "target_failed": True}


def sqlmigrate_and_apply(connection, key):
    """Return the SQL of new migration ``key`` and apply it; a failure names it and the database."""
    try:
        sql = sqlmigrate(connection, key)
        apply(connection, key)
    except Exception as exc:
        raise bootstrap.StepFailed(
            "the new migration '%s.%s' fails on %s: %s"
            % (key[0], key[1], connection.display_name, bootstrap.last_line(exc))
        ) from exc
    return {"app_label": key[0], "name": key[1], "sql": sql}


def parent_keys(loader, new):
    """Return the migrations the new ones follow (the state the bundle starts from)."""
    new_keys = set(new)
    return {
        parent.key
        for key in new
        for parent in loader.graph.node_map[key].parents
        if parent.key not in new_keys
    }


def state_models(connection, new, labels):
    """Return the models of ``labels`` as the migrations before the new ones declare them."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection, replace_migrations=False)
    parents = parent_keys(loader, new)
    state = loader.project_state(nodes=sorted(parents), at_end=True)
    return [m for m in state.apps.get_models() if m._meta.app_label in labels]


def model_mismatches(connection, models):
    """Return where the tables of managed, concrete ``models`` differ from what they declare."""
    from .fingerprint import model_mismatches as mismatches

    tabled = [m for m in models if m._meta.managed and not m._meta.proxy and not m._meta.swapped]
    return mismatches(connection, tabled)


def missing_driver(entry):
    """Return why the database backend cannot load here (a driver not installed), or ''."""
    import importlib

    try:
        importlib.import_module(entry["ENGINE"] + ".base")
    except Exception as exc:  # ImproperlyConfigured "Error loading psycopg2 or psycopg module"
        return bootstrap._last_line(exc)
    return ""


def display_name():
    """Return the name of the scratch database's backend, even when Django did not start."""
    from django.conf import settings
    from django.db import connections

    try:
        return connections["default"].display_name
    except Exception:  # the backend needs a connection to know (MySQL or MariaDB)
        return settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]


def migrate_all_but(connection, new):
    """Apply every migration of the target except the new ones; raise TargetMigrationFailed
    when one of them fails (not when the wizard's code around them does)."""
    from django.db.migrations.executor import MigrationExecutor

    running = []

    def progress(action, migration=None, fake=False):
        if action == "apply_start":
            running.append(migration)
        elif action == "apply_success":
            running.pop()

    executor = MigrationExecutor(connection, progress)
    full_plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    skipped = set(new)
    plan = [
        (migration, False)
        for migration, _backwards in full_plan
        if (migration.app_label, migration.name) not in skipped
    ]
    try:
        executor.migrate([], plan=plan)
    except Exception as exc:
        if not running:
            raise
        raise TargetMigrationFailed(running[-1]) from exc


def sqlmigrate(connection, key):
    """Return the forward SQL of migration ``key`` exactly as ``sqlmigrate`` prints it."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection, replace_migrations=False)
    migration = loader.graph.nodes[key]
    statements = loader.collect_sql([(migration, False)])  # type: ignore[attr-defined]
    output = "\n".join(statements)
    if migration.atomic and connection.features.can_rollback_ddl:
        output = "%s\n%s\n%s" % (
            connection.ops.start_transaction_sql(),
            output,
            connection.ops.end_transaction_sql(),
        )
    return output + "\n"


def apply(connection, key):
    from django.db.migrations.executor import MigrationExecutor

    MigrationExecutor(connection).migrate([key])


def database_label(connection):
    version = getattr(connection, "get_database_version", lambda: ())()
    name = connection.display_name
    return ("%s %s" % (name, ".".join(str(part) for part in version))).strip()
