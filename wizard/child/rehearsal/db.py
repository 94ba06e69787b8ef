"""What the rehearsal's child commands share: the own models, values as data, the catalogue.

Runs inside the target's interpreter: standard library + Django (4.2 to 6.x), Python 3.8+.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import json
import os
import time
import uuid

from ..schema_shapes import column_list, definitions, kind_of

SITE_DIRS = ("site-packages", "dist-packages")
STATEMENT_LIMIT = 200  # statements kept per migration; the rest are only counted
PARAMS_LIMIT = 20


def own_app_labels():
    """Return the labels of the apps whose code lives inside the target's folder."""
    from django.apps import apps

    root = os.path.realpath(os.getcwd())
    labels = set()
    for app in apps.get_app_configs():
        path = os.path.realpath(app.path)
        inside = path == root or path.startswith(root + os.sep)
        if inside and not set(path.split(os.sep)) & set(SITE_DIRS):
            labels.add(app.label)
    return labels


def own_models(include_auto_created=False):
    """Return the models of the target's own apps that have a table (no proxies), by label."""
    from django.apps import apps

    labels = own_app_labels()
    found = [
        model
        for model in apps.get_models(include_auto_created=include_auto_created)
        if model._meta.app_label in labels and not model._meta.proxy
    ]
    return sorted(found, key=lambda model: model._meta.label)


def with_tables(connection, models):
    """Return the models whose table is there: managed ones, and unmanaged ones whose table a
    migration or a person made (their rows are the target's data too)."""
    existing = set(table_names(connection))
    return [m for m in models if m._meta.managed or m._meta.db_table in existing]


def label(model):
    return model._meta.label


def normalize(value):
    """Return ``value`` as JSON data that compares equal exactly when the values are equal."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return (
            value if value == value and value not in (float("inf"), float("-inf")) else repr(value)
        )
    if isinstance(value, decimal.Decimal):
        return "Decimal:" + format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc)
        return value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return "timedelta:%d" % (value // datetime.timedelta(microseconds=1))
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "bytes:" + bytes(value).hex()
    if isinstance(value, (dict, list, tuple)):
        return "json:" + json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return "%s:%s" % (type(value).__name__, value)


def quote(connection, name):
    return connection.ops.quote_name(name)


class SqlRecorder:
    """An execute wrapper that records, per migration, the SQL a migrate run executes."""

    def __init__(self, direction):
        self.direction = direction
        self.migrations = []
        self.current = None

    def progress(self, action, migration=None, fake=False):
        """Receive migrate's progress callbacks: tag statements with the running migration."""
        if action in ("apply_start", "unapply_start"):
            self.current = {
                "direction": "forward" if action == "apply_start" else "backward",
                "app_label": migration.app_label,
                "name": migration.name,
                "seconds": 0.0,
                "statements": [],
                "total_statements": 0,
                "reads": 0,
                "started": time.monotonic(),
            }
            self.migrations.append(self.current)
        elif action in ("apply_success", "unapply_success") and self.current is not None:
            self.finish()

    def finish(self):
        if self.current is not None:
            self.current["seconds"] = round(time.monotonic() - self.current.pop("started"), 4)
            self.current = None

    def __call__(self, execute, sql, params, many, context):
        entry = self.current
        if entry is not None and "django_migrations" not in sql:
            entry["total_statements"] += 1
            if is_read(sql):
                entry["reads"] += 1
            elif len(entry["statements"]) < STATEMENT_LIMIT:
                text = sql.strip()
                entry["statements"].append({"sql": text, "params": short_params(params, many)})
        return execute(sql, params, many, context)


READ_PREFIXES = (
    "select",
    "savepoint",
    "release savepoint",
    "show",
    "describe",
    "pragma table_",
    "pragma index_",
    "pragma foreign_key_list",
    "pragma foreign_keys;",
)


def is_read(sql):
    """Return whether ``sql`` only reads (introspection, savepoints): counted, not listed."""
    text = " ".join(sql.split()).lower()
    return text.startswith(READ_PREFIXES) or text == "pragma foreign_keys"


def short_params(params, many):
    if params is None:
        return None
    if many:
        params = list(params)
        return ["%d rows" % len(params)]
    values = list(params)
    shown = [normalize(value) for value in values[:PARAMS_LIMIT]]
    if len(values) > PARAMS_LIMIT:
        shown.append("… %d more" % (len(values) - PARAMS_LIMIT))
    return shown


def migration_state(connection):
    """Return the applied migrations and, per app, the leaf nodes of the migration graph."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    leaves: dict = {}
    for app_label, name in loader.graph.leaf_nodes():
        leaves.setdefault(app_label, []).append(name)
    return {
        "applied": sorted([app_label, name] for app_label, name in loader.applied_migrations),
        "leaves": {app_label: sorted(names) for app_label, names in leaves.items()},
    }


def pending_changes():
    """Return what ``makemigrations --check`` reports, as ``app_label: operation`` lines."""
    from django.core.management import call_command

    output = Output()
    try:
        call_command(
            "makemigrations", check=True, dry_run=True, interactive=False, verbosity=1,
            stdout=output, stderr=output, no_color=True,
        )  # fmt: skip
    except SystemExit as exc:
        if not exc.code:
            return []
    else:
        return []
    changes = []
    app_label = ""
    for line in output.text().splitlines():
        line = line.strip()
        if line.startswith("Migrations for "):
            app_label = line[len("Migrations for ") :].strip("':")
        elif line[:2] in ("- ", "+ ", "~ ", "* "):
            changes.append("%s: %s" % (app_label, line[2:].strip()))
    return changes or [" ".join(output.text().split())]


class Output:
    """A stdout for call_command that keeps what was written."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass

    def text(self):
        return "".join(self.parts)


# -- the catalogue ----------------------------------------------------------------------------


def table_names(connection):
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def sqlite_type(declared):
    """Return a SQLite column's type as it stores values: any type naming INT is "integer".

    SQLite gives "integer", "bigint" and "smallint" the same INTEGER storage. A column keeps the
    name it was created with when Django later widens the key it points at (the foreign-key
    columns of an auto-created M2M table stay "integer"), and a table rebuilt from the migration
    state gets today's name: comparing the names would report differences no value has.
    """
    text = declared.lower()
    return "integer" if "int" in text else text


def columns(connection, table):
    """Return ``{column: [declared type, nullable]}`` of ``table`` as the database stores it."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("PRAGMA table_info(%s)" % quote(connection, table))
            return {
                row[1]: [sqlite_type(row[2]), not row[3] and not row[5]]
                for row in cursor.fetchall()
            }
        if vendor == "postgresql":
            cursor.execute(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull "
                "FROM pg_attribute a WHERE a.attrelid = to_regclass(%s) "
                "AND a.attnum > 0 AND NOT a.attisdropped",
                [quote(connection, table)],
            )
            return {row[0]: [row[1].lower(), bool(row[2])] for row in cursor.fetchall()}
        if vendor == "mysql":
            cursor.execute(
                "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE FROM information_schema.COLUMNS "
                "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = %s",
                [table],
            )
            return {row[0]: [row[1].lower(), row[2] == "YES"] for row in cursor.fetchall()}
        description = connection.introspection.get_table_description(cursor, table)
        return {col.name: [str(col.type_code), bool(col.null_ok)] for col in description}


def constraints(connection, table):
    """Return the table's constraints and indexes without names (names change on rebuilds)."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
        shapes = definitions(connection, cursor, table)
    described = set()
    for name, info in found.items():
        text = "%s (%s)" % (kind_of(info, shapes.get(name)), column_list(info))
        if info.get("foreign_key"):
            ref_table, ref_column = info["foreign_key"]
            text += " references %s(%s)" % (ref_table, ref_column or "")
        if name in shapes:
            text += " defined as %s" % shapes[name]
        described.add(text)
    return sorted(described)


def foreign_keys(connection, table):
    """Return ``[(column, referenced table, referenced column)]`` declared in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_key_list(%s)" % quote(connection, table))
            return sorted((row[3], row[2], row[4]) for row in cursor.fetchall())
        found = connection.introspection.get_constraints(cursor, table)
    keys = []
    for info in found.values():
        if info.get("foreign_key") and len(info.get("columns") or []) == 1:
            keys.append((info["columns"][0], info["foreign_key"][0], info["foreign_key"][1]))
    return sorted(keys)


def schema(connection):
    """Return every table's columns and constraints: what "the schema is back" compares."""
    described = {}
    for table in table_names(connection):
        if table in ("django_migrations", "sqlite_sequence"):
            continue
        described[table] = {
            "columns": columns(connection, table),
            "constraints": constraints(connection, table),
        }
    return described


def high_water_marks(connection, models):
    """Return, per model with an integer auto pk, the highest id its sequence has issued."""
    from django.db import models as django_models

    tables = {}
    existing = set(table_names(connection))
    for model in models:
        if not model._meta.managed or model._meta.db_table not in existing:
            continue
        pk = model._meta.pk
        if isinstance(pk, django_models.AutoField) or pk.get_internal_type().endswith("AutoField"):
            tables[model._meta.db_table] = (label(model), pk.column)
    marks: dict = {}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
            if not cursor.fetchall():
                return marks
            cursor.execute("SELECT name, seq FROM sqlite_sequence")
            for table, seq in cursor.fetchall():
                if table in tables:
                    marks[tables[table][0]] = int(seq)
        elif connection.vendor == "postgresql":
            for table, (model_label, column) in tables.items():
                cursor.execute(
                    "SELECT pg_get_serial_sequence(%s, %s)", [quote(connection, table), column]
                )
                sequence = cursor.fetchone()[0]
                if sequence:
                    cursor.execute("SELECT last_value, is_called FROM %s" % sequence)
                    last_value, is_called = cursor.fetchone()
                    marks[model_label] = int(last_value) if is_called else int(last_value) - 1
        elif connection.vendor == "mysql":
            # MariaDB has no such variable (its counter is read live); MySQL caches without it.
            with contextlib.suppress(Exception):
                cursor.execute("SET SESSION information_schema_stats_expiry = 0")
            cursor.execute(
                "SELECT TABLE_NAME, AUTO_INCREMENT FROM information_schema.TABLES "
                "WHERE TABLE_SCHEMA = DATABASE()"
            )
            for table, next_value in cursor.fetchall():
                if table in tables and next_value is not None:
                    marks[tables[table][0]] = int(next_value) - 1
    return marks
