"""The metadata lock and online-DDL ALGORITHM of each statement on MySQL/MariaDB.

Every ALTER TABLE takes an exclusive metadata lock for a moment at its start and its end (it waits
behind any open transaction that used the table, and everyone waits behind it). In between,
INSTANT changes only the data dictionary, INPLACE works with reads and writes going on (LOCK=NONE),
and COPY rebuilds the table row by row while only reads go on (LOCK=SHARED). The algorithm of each
shape was read from MariaDB 10.11 by asking for ``ALGORITHM=INSTANT``, then NOCOPY, INPLACE, COPY,
and keeping the first it accepted (``tests/wizard/test_locks_servers.py`` does it again).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from wizard.locks.model import (
    COPY_ROWS,
    DELETE_ROWS,
    INDEX,
    NO_WORK,
    NOTHING,
    READS_AND_WRITES,
    REWRITE,
    UPDATE_ROWS,
    WRITES,
    StatementLocks,
    TableLock,
)
from wizard.locks.statements import BATCH, IDENT, Tables, name, normal_type

MDL = "exclusive metadata lock"
INSTANT = "INSTANT"
INPLACE = "INPLACE, LOCK=NONE"
NOCOPY = "INPLACE (no rebuild), LOCK=NONE"
COPY = "COPY, LOCK=SHARED"

Classifier = Callable[[re.Match[str], str, Tables], StatementLocks]


def online(table: str) -> TableLock:
    """The lock of an INSTANT or INPLACE change: exclusive, for a moment at the start and end."""
    return TableLock(table, MDL, READS_AND_WRITES, brief=True)


def _ddl(
    sql: str,
    shape: str,
    table: str,
    algorithm: str,
    tables: Tables,
    work: str = NO_WORK,
    note: str = "",
) -> StatementLocks:
    locks: tuple[TableLock, ...] = (online(table),)
    if algorithm == COPY:
        locks += (TableLock(table, "shared metadata lock (no writes) while it copies", WRITES),)
    rows = tables.rows(table) if work != NO_WORK else None
    return StatementLocks(
        sql, shape, locks, work, table if work != NO_WORK else "", algorithm, note, rows
    )


def _create_table(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    table = name(m[1])
    tables.set_rows(table, 0)
    return StatementLocks(
        sql, "create table", (TableLock(table, MDL, NOTHING),), note="a new table nobody uses yet"
    )


def _rename_table(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    old, new = name(m[1]), name(m[2])
    tables.rename(old, new)
    return StatementLocks(sql, "rename table", (online(old),), algorithm=INSTANT)


# An online bundle states the algorithm: the server refuses the statement rather than copy.
STATED = re.compile(r",\s*ALGORITHM\s*=\s*(\w+)(?:\s*,\s*LOCK\s*=\s*(\w+))?\s*$", re.I)


def _alter_table(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    table, action = name(m[1]), m[2].strip()
    stated = STATED.search(action)
    if stated:
        action = action[: stated.start()]
    for pattern, classify in ALTER_ACTIONS:
        if found := re.match(pattern, action, re.IGNORECASE | re.DOTALL):
            result = classify(table, found, sql, tables)
            return _as_stated(result, table, stated) if stated else result
    return StatementLocks(
        sql,
        "alter table",
        (TableLock(table, MDL, READS_AND_WRITES),),
        algorithm=COPY,
        note="not a shape the report knows: assumed to copy the table",
        known=False,
    )


def _as_stated(result: StatementLocks, table: str, stated: re.Match[str]) -> StatementLocks:
    algorithm = stated[1].upper()
    if algorithm == "COPY":
        return result
    if algorithm == "INPLACE" and result.algorithm in (INPLACE, NOCOPY):
        return result
    return replace(
        result,
        locks=(online(table),),
        algorithm=INSTANT if algorithm == "INSTANT" else INPLACE,
        work=NO_WORK if algorithm == "INSTANT" else result.work,
        rows=None if algorithm == "INSTANT" else result.rows,
        work_table="" if algorithm == "INSTANT" else result.work_table,
        note="stated: the server refuses it rather than copy the table",
    )


def _instant(shape: str, note: str = "") -> Callable[..., StatementLocks]:
    def classify(table: str, m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
        return _ddl(sql, shape, table, INSTANT, tables, note=note)

    return classify


def _rename_column(table: str, m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    tables.rename_column(table, name(m[1]), name(m[2]))
    return _ddl(sql, "rename column", table, INSTANT, tables)


def _drop_column(table: str, m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    column = name(m[1])
    indexed = any(column in cols for cols in tables.get(table).indexes.values())
    tables.get(table).columns.pop(column, None)
    if indexed:
        return _ddl(sql, "drop column", table, NOCOPY, tables, note="the column is in an index")
    return _ddl(sql, "drop column", table, INSTANT, tables)


def _modify(table: str, m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    column, definition = name(m[1]), m[2]
    new_type = normal_type(re.split(r"\s+(?:NOT NULL|NULL|AUTO_INCREMENT)\b", definition)[0])
    not_null = bool(re.search(r"\bNOT NULL\b", definition, re.IGNORECASE))
    current = tables.column(table, column)
    if current is None:
        return _ddl(
            sql, "modify column", table, COPY, tables, REWRITE, "column unknown: assumed a copy"
        )
    if current.type != new_type:
        current.type, current.not_null = new_type, not_null
        return _ddl(sql, "modify column", table, COPY, tables, REWRITE, "the type changes")
    if current.not_null != not_null:
        current.not_null = not_null
        return _ddl(sql, "modify column", table, INPLACE, tables, REWRITE, "NULL-ness changes")
    return _ddl(sql, "modify column", table, INSTANT, tables, note="same type and NULL-ness")


def _add_foreign_key(table: str, m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    return _ddl(
        sql,
        "add foreign key",
        table,
        COPY,
        tables,
        REWRITE,
        "with foreign_key_checks on, only COPY can add a foreign key",
    )


def _add_index(table: str, m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    return _ddl(sql, "add index", table, NOCOPY, tables, INDEX, "reads and writes go on")


def _add_check(table: str, m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    return _ddl(sql, "add check constraint", table, COPY, tables, REWRITE, "")


ALTER_ACTIONS: list[tuple[str, Callable[..., StatementLocks]]] = [
    (rf"RENAME COLUMN ({IDENT}) TO ({IDENT})", _rename_column),
    (rf"RENAME TO ({IDENT})", _instant("rename table")),
    (rf"DROP COLUMN ({IDENT})", _drop_column),
    (rf"ADD COLUMN ({IDENT})(?!.*\b(?:UNIQUE|PRIMARY KEY)\b)", _instant("add column")),
    (rf"ADD COLUMN ({IDENT})", _add_index),
    (rf"ALTER COLUMN ({IDENT}) (?:DROP|SET) DEFAULT", _instant("alter column default")),
    (rf"(?:MODIFY|CHANGE)(?: COLUMN)? ({IDENT}) (.+)", _modify),
    (rf"ADD CONSTRAINT {IDENT} FOREIGN KEY", _add_foreign_key),
    (r"ADD (?:CONSTRAINT \S+ )?(?:UNIQUE|PRIMARY KEY|INDEX|KEY)", _add_index),
    (r"ADD (?:CONSTRAINT \S+ )?CHECK", _add_check),
    (rf"DROP (?:FOREIGN KEY|INDEX|KEY|CONSTRAINT|CHECK) ({IDENT})", _instant("drop constraint")),
    (r"AUTO_INCREMENT\s*=", _instant("set the AUTO_INCREMENT counter")),
]


def _create_index(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    table = name(m[2])
    tables.get(table).indexes[name(m[1])] = []
    return _ddl(sql, "create index", table, NOCOPY, tables, INDEX, "reads and writes go on")


def _drop_index(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    return _ddl(sql, "drop index", name(m[2]), NOCOPY, tables)


def _insert_select(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    target, source = name(m[1]), name(m[2])
    copied, before = tables.rows(source), tables.rows(target)
    if BATCH in sql:  # an online copy: once per batch of ids, each its own transaction
        tables.set_rows(target, None if copied is None or before is None else before + copied)
        return StatementLocks(
            sql,
            "insert … select, in batches",
            (TableLock(source, "shared row locks on one batch's rows", NOTHING),),
            note=f"one short transaction per batch of {source}'s ids; reads and writes go on",
        )
    result = StatementLocks(
        sql,
        "insert … select",
        (
            TableLock(target, "row locks on the new rows", NOTHING),
            TableLock(source, "shared row locks on every row read (REPEATABLE READ)", WRITES),
        ),
        COPY_ROWS,
        source,
        note=f"one row into {target} per row of {source}",
        rows=copied,
    )
    tables.set_rows(target, None if copied is None or before is None else before + copied)
    return result


def _rows(shape: str, work: str) -> Classifier:
    def classify(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
        table = name(m[1])
        rows = tables.rows(table)
        if work == DELETE_ROWS and " WHERE " not in sql.upper():
            tables.set_rows(table, 0 if tables.counted else None)
        locked = TableLock(table, "row locks on every row it changes", WRITES)
        return StatementLocks(sql, shape, (locked,), work, table, rows=rows)

    return classify


def _insert(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    return StatementLocks(sql, "insert", (TableLock(name(m[1]), "row locks", NOTHING),))


def _prepared_alter(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    return StatementLocks(
        sql,
        "prepare ALTER TABLE … AUTO_INCREMENT",
        (online(name(m[1])),),
        algorithm=INSTANT,
        note="run by the EXECUTE that follows",
    )


def _delete_orphans(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    return StatementLocks(
        sql,
        "delete the rows a trigger recorded",
        (TableLock(name(m[2]), "row locks on the rows it deletes", NOTHING),),
        note="by the ids of a small table: a moment",
    )


def _create_trigger(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    return StatementLocks(sql, "create trigger", (online(name(m[2])),))


def _drop_trigger(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    return StatementLocks(
        sql, "drop trigger", note="a brief exclusive metadata lock on the trigger's table"
    )


def _session(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    return StatementLocks(sql, "session statement", note="no table lock of its own")


def _drop_table(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    return StatementLocks(sql, "drop table", (TableLock(name(m[1]), MDL, READS_AND_WRITES),))


SHAPES: list[tuple[re.Pattern[str], Classifier]] = [
    (re.compile(p, re.IGNORECASE | re.DOTALL), c)
    for p, c in [
        (rf"^CREATE TABLE (?:IF NOT EXISTS )?({IDENT})", _create_table),
        (rf"^RENAME TABLE ({IDENT}) TO ({IDENT})", _rename_table),
        (rf"^ALTER TABLE ({IDENT}) (.*)$", _alter_table),
        (rf"^CREATE (?:UNIQUE )?INDEX ({IDENT}) ON ({IDENT})", _create_index),
        (rf"^DROP INDEX ({IDENT}) ON ({IDENT})", _drop_index),
        (rf"^INSERT INTO ({IDENT}).*?\bSELECT\b.*?\bFROM ({IDENT})", _insert_select),
        (rf"^INSERT INTO ({IDENT})", _insert),
        (rf"^UPDATE ({IDENT})", _rows("update", UPDATE_ROWS)),
        (rf"^DELETE (\w+) FROM ({IDENT}) \1 (?:LEFT )?JOIN", _delete_orphans),
        (rf"^DELETE FROM ({IDENT})", _rows("delete", DELETE_ROWS)),
        (rf"^SET @\w+ = CONCAT\('ALTER TABLE ({IDENT}) AUTO_INCREMENT", _prepared_alter),
        (rf"^CREATE TRIGGER ({IDENT}) .*? ON ({IDENT})", _create_trigger),
        (rf"^DROP TRIGGER (?:IF EXISTS )?({IDENT})", _drop_trigger),
        (r"^(?:SET|SELECT|PREPARE|EXECUTE|DEALLOCATE)\b", _session),
        (rf"^DROP TABLE (?:IF EXISTS )?({IDENT})", _drop_table),
    ]
]


def classify(sql: str, tables: Tables) -> StatementLocks:
    """Return the locks and algorithm of one MySQL/MariaDB statement, updating ``tables``."""
    for pattern, classifier in SHAPES:
        if match := pattern.match(sql):
            return classifier(match, sql, tables)
    found = re.search(rf"\b(?:TABLE|ON|INTO|FROM) ({IDENT})", sql, re.IGNORECASE)
    table = name(found[1]) if found else "(unknown table)"
    return StatementLocks(
        sql,
        "unknown",
        (TableLock(table, MDL, READS_AND_WRITES),),
        algorithm=COPY,
        note="not a shape the report knows: assumed to block reads and writes",
        known=False,
    )
