"""The rows the rehearsal's concurrent writer wrote, after migrate: read where they live now
(their table, renamed or not, and the parents their key links to), then deleted.
Runs inside the target's interpreter: standard library + Django only, Python 3.8+.
"""

from __future__ import annotations

from . import db as rehearsal_db
from .writer_shapes import MAX_DEPTH, read_shape


def select_row(connection, shape, key):
    """Return ``{column: normalized value}`` of the row whose primary key is ``key``, or None."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT * FROM %s WHERE %s = %%s" % (quote(shape.table), quote(shape.pk)), [key]
        )
        row = cursor.fetchone()
        names = [column[0] for column in cursor.description]
    if row is None:
        return None
    return {name: rehearsal_db.normalize(value) for name, value in zip(names, row)}


def rows_now(connection, writes, tables):
    """Return, per row the writer wrote, its columns now ``{column: [value, table]}`` (None when
    the row is not there): in its table (or the one that table was renamed to) and in the
    tables its primary key links to (the parent a column moved to)."""
    found = []
    for table, key, chain in written_rows(connection, writes, tables):
        values: dict | None = None
        for shape in chain:
            row = select_row(connection, shape, key)
            if row is None:
                break
            values = values or {}
            for name, value in row.items():
                values.setdefault(name, [value, shape.table])
        found.append({"table": table, "key": key, "now": values})
    return found


def remove_rows(connection, writes, tables):
    """Delete every row the writer wrote (each with its parents), so the rehearsal's other
    checks see the seeded rows only; return the deletes that failed."""
    from django.db import DatabaseError

    quote = connection.ops.quote_name
    failed = []
    # Children before their parents: the longest chain of each key first.
    rows = sorted(written_rows(connection, writes, tables), key=lambda row: -len(row[2]))
    for _table, key, chain in rows:
        for shape in chain:
            try:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "DELETE FROM %s WHERE %s = %%s" % (quote(shape.table), quote(shape.pk)),
                        [key],
                    )
            except DatabaseError as exc:
                failed.append("%s pk %s: %s" % (shape.table, key, str(exc).strip()[:300]))
    return failed


def written_rows(connection, writes, tables):
    """Return ``[(table, key, [shape of its table now, of its parent…])]`` once per row written."""
    renamed = {before: after for before, after in tables if after}
    shapes = {}

    def shape(table):
        if table not in shapes:
            shapes[table] = read_shape(connection, table) if table else None
        return shapes[table]

    rows, seen = [], set()
    for write in writes:
        table, key = write["table"], write["key"]
        if (table, str(key)) in seen:
            continue
        seen.add((table, str(key)))
        chain: list = []
        now = shape(table) or shape(renamed.get(table))
        while now is not None and now.pk is not None and len(chain) <= MAX_DEPTH:
            chain.append(now)
            now = shape(now.parent) if now.parent else None
        rows.append((table, key, chain))
    return rows
