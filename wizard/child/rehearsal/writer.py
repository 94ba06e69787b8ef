"""A writer that keeps inserting and updating rows of the plan's tables while ``migrate`` runs.

An online bundle is applied while the site keeps writing; ``Writer`` plays the site: a thread
with its own database connection that, every ``interval`` seconds (the engine says 20 ms),
inserts a row or updates one in the table's shape of the moment (``writer_shapes``), reads back
what it wrote in the same transaction and keeps it in its log. A statement the shape no longer
fits (a column gone, the table renamed, a new NOT NULL link to a parent) is refused and the
shape read again; in a table whose key links to a parent, an insert is a parent row, then the
child row with its id. It updates only rows it inserted (a few before the first migration
starts), so the seeded rows stay as the rehearsal's other checks fingerprinted them. After
migrate, ``writer_rows`` reads every row the writer wrote, where it lives now, and deletes them.
Runs inside the target's interpreter: standard library + Django only, Python 3.8+.
"""

from __future__ import annotations

import threading
import time
import traceback

from . import db as rehearsal_db
from .writer_rows import remove_rows, rows_now, select_row
from .writer_shapes import (
    MAX_DEPTH,
    ShapeChanged,
    column_value,
    model_fields,
    read_shape,
    state_before,
    written_tables,
)

FIRST_NUMBER = 7000000  # row numbers of the writer's values: above every seeded row's
ATTEMPTS = 3  # numbers an insert tries when a unique value or pair is taken already
RESHAPE_EVERY = 10  # turns between two readings of a shape, failures aside
JOIN_SECONDS = 60
WARM_UP = 6  # turns before migrate starts: rows that exist before the first migration


def start(spec, connection, recorder):
    """Start a Writer on the plan's tables; return it once it has written a few rows."""

    def running():
        current = recorder.current
        return "%s.%s" % (current["app_label"], current["name"]) if current else None

    before = state_before(connection).apps
    tables = written_tables(spec["plan"], before)
    writer = Writer(tables, model_fields(before), float(spec["interval"]), running)
    writer.start()
    writer.ready.wait(JOIN_SECONDS)
    return writer


def stop(writer):
    writer.stopping.set()
    writer.join(JOIN_SECONDS)


def outcome(writer, connection, read):
    """Return the stopped ``writer``'s log, and (``read``) every row it wrote as it is now."""
    result = writer.result()
    result["stuck"] = writer.is_alive()
    if read and not writer.is_alive():
        result["now"] = rows_now(connection, writer.writes, writer.tables)
        result["not_removed"] = remove_rows(connection, writer.writes, writer.tables)
    return result


class Writer(threading.Thread):
    def __init__(self, tables, fields, interval, running):
        super().__init__(name="rehearsal-writer", daemon=True)
        self.tables = tables  # [[table before the bundle, table after]]
        self.fields = fields  # {table: {column: the field a model declares there}}
        self.interval = interval
        self.running = running  # the migration running now ("app.name"), or None
        self.stopping = threading.Event()
        self.ready = threading.Event()
        self.writes = []
        self.refusals = {}  # first line of each refusal -> how many times
        self.longest_wait = 0.0
        self.longest_during = None  # the migration running when the longest wait began
        self.turns = 0
        self.shapes = {}
        self.own = []  # keys of the rows the writer inserted in the plan's tables
        self.number = FIRST_NUMBER
        self.began = time.monotonic()
        self.failure = None

    def result(self):
        return {
            "tables": self.tables,
            "writes": self.writes,
            "turns": self.turns,
            "refusals": self.refusals,
            "longest_wait": round(self.longest_wait, 3),
            "longest_wait_during": self.longest_during,
            "failure": self.failure,
        }

    def run(self):
        from django.db import connections

        connection = connections["default"]  # this thread's own connection
        try:
            while True:
                self.turn(connection)
                if self.turns >= WARM_UP:
                    self.ready.set()
                if self.stopping.wait(self.interval):
                    break
        except Exception:  # the writer's own bug: kept for the report, never hangs migrate
            self.failure = traceback.format_exc()[-2000:]
        finally:
            self.ready.set()
            connection.close()

    def turn(self, connection):
        from django.db import DatabaseError, transaction

        if self.turns % RESHAPE_EVERY == 0:
            self.shapes.clear()
        tables = self.tables[self.turns % len(self.tables)] if self.tables else []
        inserting = self.turns % 2 == 0
        self.turns += 1
        during, started = self.running(), time.monotonic()
        try:
            with transaction.atomic(using=connection.alias):
                shape = self.current_shape(connection, tables)
                entries = []
                if shape is not None and not inserting:
                    entries = self.update(connection, shape)
                if shape is not None and not entries:
                    entries = self.insert(connection, shape)
            if entries and entries[-1]["action"] == "insert":
                self.own.append(entries[-1]["key"])
        except (DatabaseError, ShapeChanged) as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
            self.refusals[first] = self.refusals.get(first, 0) + 1
            self.shapes.clear()  # the shape may have changed under the statement
            entries = []
        waited = time.monotonic() - started
        if waited > self.longest_wait:
            self.longest_wait, self.longest_during = waited, during
        at = round(started - self.began, 3)
        for entry in entries:
            entry.update(at=at, during=during, turn=self.turns)
        self.writes += entries

    # -- shapes -----------------------------------------------------------------------------

    def shape(self, connection, table):
        if table not in self.shapes:
            self.shapes[table] = read_shape(connection, table, self.fields.get(table))
        return self.shapes[table]

    def current_shape(self, connection, tables):
        """Return the shape of the table as it is called now (before, else after the bundle)."""
        for table in dict.fromkeys(t for t in tables if t):
            shape = self.shape(connection, table)
            if shape is not None:
                return shape
        return None

    # -- writes -----------------------------------------------------------------------------

    def insert(self, connection, shape, depth=0):
        """Insert a row (its parents first); return the log entries, parents first."""
        from django.db import IntegrityError, transaction

        for attempt in range(ATTEMPTS):
            try:
                with transaction.atomic(using=connection.alias):
                    return self.insert_once(connection, shape, depth)
            except IntegrityError:
                if attempt == ATTEMPTS - 1:
                    raise
        return []

    def insert_once(self, connection, shape, depth):
        number = self.next_number()
        entries, names, params = [], [], []
        parent = self.shape(connection, shape.parent) if shape.parent else None
        if parent is not None and depth < MAX_DEPTH:
            entries = self.insert(connection, parent, depth + 1)
            names.append(shape.pk)
            params.append(entries[-1]["key"])
        divisor = 1
        for column in shape.columns:
            if column.name in names:
                continue
            if column.name in shape.links:
                keys = self.link_keys(connection, shape, column)
                if keys:
                    names.append(column.name)
                    params.append(keys[(number // divisor) % len(keys)])
                    divisor *= len(keys)  # successive numbers walk every combination
            elif column.field is not None:
                names.append(column.name)
                params.append(column_value(column, connection, number))
        key = self.execute_insert(connection, shape, names, params)
        return [*entries, self.read_back(connection, shape, key, "insert")]

    def link_keys(self, connection, shape, column):
        """Return the keys a reference may take (none for a nullable one: NULL is a value)."""
        table, target = shape.links[column.name]
        linked = self.shape(connection, table)
        if column.nullable or linked is None or target != linked.pk:
            return []
        return linked.keys

    def execute_insert(self, connection, shape, names, params):
        quote = connection.ops.quote_name
        sql = "INSERT INTO %s (%s) VALUES (%s)" % (
            quote(shape.table),
            ", ".join(quote(name) for name in names),
            ", ".join(["%s"] * len(params)),
        )
        returning = shape.auto and connection.features.can_return_columns_from_insert
        if returning:
            sql += " RETURNING %s" % quote(shape.pk)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            if returning:
                return cursor.fetchone()[0]
            if shape.auto:
                return cursor.lastrowid
        return params[names.index(shape.pk)]

    def update(self, connection, shape):
        """Give one of the writer's rows new values; return its entry (none when it cannot).

        When the table has nothing left to update but its key links to a parent, the parent's
        row with the same key is updated (the columns moved there).
        """
        if not self.own:
            return []
        key = self.own[(self.turns // 2) % len(self.own)]
        for _depth in range(MAX_DEPTH):
            if shape is None or shape.updatable():
                break
            shape = self.shape(connection, shape.parent) if shape.parent else None
        if shape is None:
            return []
        number = self.next_number()
        columns = shape.updatable()
        quote = connection.ops.quote_name
        sql = "UPDATE %s SET %s WHERE %s = %%s" % (
            quote(shape.table),
            ", ".join("%s = %%s" % quote(column.name) for column in columns),
            quote(shape.pk),
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [column_value(c, connection, number) for c in columns] + [key])
            if cursor.rowcount != 1:
                return []
        return [self.read_back(connection, shape, key, "update")]

    def read_back(self, connection, shape, key, action):
        """Return the log entry of a write: the row as the database holds it, by column."""
        row = select_row(connection, shape, key)
        if row is None:
            raise LookupError("%s pk %r vanished inside its own transaction" % (shape.table, key))
        return {
            "action": action,
            "table": shape.table,
            "key": rehearsal_db.normalize(key),
            "values": row,
        }

    def next_number(self):
        self.number += 1
        return self.number
