"""What an index or constraint is beyond its columns: expressions, conditions, include, opclasses,
deferral, exclusion. Two indexes on the same columns differ by these, so they are described too.

``definitions(connection, cursor, table)`` returns ``{name: definition}`` only for the indexes and
constraints whose columns do not say everything, each definition without its own name (names
change when a table is rebuilt). Runs inside the target's interpreter: stdlib + Django only.
"""

from __future__ import annotations

import re

# "CREATE UNIQUE INDEX name ON table" / "… ON public.table USING btree": what stays is the shape.
INDEX_HEAD = re.compile(
    r"^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?"
    r"(?:\"[^\"]*\"|`[^`]*`|\S+)\s+ON\s+(?:ONLY\s+)?(?:\"[^\"]*\"|`[^`]*`|\S+)\s*",
    re.IGNORECASE,
)

POSTGRESQL_INDEXES = """
SELECT c.relname, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = to_regclass(%s) AND (
    i.indexprs IS NOT NULL OR i.indpred IS NOT NULL OR i.indnkeyatts < i.indnatts
    OR EXISTS (
        SELECT 1 FROM unnest(i.indclass) AS k(opclass) JOIN pg_opclass o ON o.oid = k.opclass
        WHERE NOT o.opcdefault
    )
)
"""
# Foreign keys (Django makes every one deferrable) and checks are left out; a unique constraint
# is kept only when its definition says more than its columns (INCLUDE, NULLS NOT DISTINCT…).
POSTGRESQL_CONSTRAINTS = """
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
WHERE conrelid = to_regclass(%s) AND contype IN ('x', 'p', 'u')
"""
PLAIN_KEY = re.compile(r"^(?:UNIQUE|PRIMARY KEY) \([^()]*\)$")
MYSQL_EXPRESSIONS = """
SELECT index_name, seq_in_index, expression FROM information_schema.statistics
WHERE table_schema = DATABASE() AND table_name = %s AND expression IS NOT NULL
ORDER BY index_name, seq_in_index
"""


def definitions(connection, cursor, table):
    """Return ``{index or constraint name: definition}`` where the columns do not say it all."""
    vendor = connection.vendor
    if vendor == "sqlite":
        return sqlite_definitions(cursor, table)
    if vendor == "postgresql":
        return postgresql_definitions(connection, cursor, table)
    if vendor == "mysql":
        return mysql_definitions(connection, cursor, table)
    return {}


def without_name(sql):
    """Return an index's CREATE statement from its ``(columns)`` or ``USING`` on, one line."""
    return " ".join(INDEX_HEAD.sub("", sql, count=1).split())


def sqlite_definitions(cursor, table):
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
        "AND sql IS NOT NULL",
        [table],
    )
    found = {}
    for name, sql in cursor.fetchall():
        shape = without_name(sql)
        if re.search(r"\bWHERE\b", shape, re.IGNORECASE) or has_expression(cursor, name):
            found[name] = shape  # a plain column list is what get_constraints already says
    return found


def has_expression(cursor, index):
    cursor.execute("PRAGMA index_info(%s)" % quote_sqlite(index))
    return any(name is None for _seq, _cid, name in cursor.fetchall())


def quote_sqlite(name):
    return '"%s"' % name.replace('"', '""')


def postgresql_definitions(connection, cursor, table):
    quoted = connection.ops.quote_name(table)
    found = {}
    cursor.execute(POSTGRESQL_INDEXES, [quoted])
    for name, sql in cursor.fetchall():
        found[name] = without_name(sql)
    cursor.execute(POSTGRESQL_CONSTRAINTS, [quoted])
    for name, sql in cursor.fetchall():
        shape = " ".join(sql.split())
        if not PLAIN_KEY.match(shape):
            found[name] = shape
    return found


def mysql_definitions(connection, cursor, table):
    from django.db import DatabaseError

    if getattr(connection, "mysql_is_mariadb", False):
        return {}  # MariaDB has no functional key parts
    try:
        cursor.execute(MYSQL_EXPRESSIONS, [table])
    except DatabaseError:  # MySQL before 8.0.13: no functional key parts either
        return {}
    parts: dict = {}
    for name, _position, expression in cursor.fetchall():
        parts.setdefault(name, []).append(" ".join(str(expression).split()))
    return {name: "(%s)" % ", ".join(found) for name, found in parts.items()}


def kind_of(info, definition):
    """Return what an entry is (``constraint_kind``), telling exclusion constraints apart."""
    from .schema import constraint_kind

    if definition and definition.upper().startswith("EXCLUDE"):
        return "exclusion"
    return constraint_kind(info)


def column_list(info):
    """Return an introspected entry's columns as text, ``DESC`` where the index says so; an
    expression's column is ``<expression>`` (SQLite and MySQL report it as None)."""
    columns = list(info.get("columns") or [])
    orders = list(info.get("orders") or [])
    orders += [None] * (len(columns) - len(orders))
    return ", ".join(
        ("<expression>" if column is None else str(column)) + (" DESC" if order == "DESC" else "")
        for column, order in zip(columns, orders)
    )
