"""The lock each statement takes on PostgreSQL, and the work it does while holding it.

Lock levels are PostgreSQL's own (docs: "Explicit Locking", "ALTER TABLE"); a test runs each shape
the wizard emits in an open transaction and reads ``pg_locks`` from a second connection.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from wizard.locks.model import (
    COPY_ROWS,
    DELETE_ROWS,
    INDEX,
    NOTHING,
    READS_AND_WRITES,
    REWRITE,
    SCAN,
    UPDATE_ROWS,
    WRITES,
    StatementLocks,
    TableLock,
)
from wizard.locks.statements import BATCH, IDENT, Tables, name, normal_type

ACCESS_EXCLUSIVE = "ACCESS EXCLUSIVE"
SHARE_ROW_EXCLUSIVE = "SHARE ROW EXCLUSIVE"
SHARE = "SHARE"
SHARE_UPDATE_EXCLUSIVE = "SHARE UPDATE EXCLUSIVE"
ROW_EXCLUSIVE = "ROW EXCLUSIVE"
ACCESS_SHARE = "ACCESS SHARE"
# What each level keeps plain SELECT / INSERT, UPDATE, DELETE from doing.
BLOCKS = {
    ACCESS_EXCLUSIVE: READS_AND_WRITES,
    "EXCLUSIVE": WRITES,
    SHARE_ROW_EXCLUSIVE: WRITES,
    SHARE: WRITES,
    SHARE_UPDATE_EXCLUSIVE: NOTHING,
    ROW_EXCLUSIVE: NOTHING,
    "ROW SHARE": NOTHING,
    ACCESS_SHARE: NOTHING,
}
# Functions whose default makes ADD COLUMN rewrite the table (a volatile default).
VOLATILE = re.compile(r"\b(random|clock_timestamp|gen_random_uuid|uuid_generate_v\d|nextval)\s*\(")

Classifier = Callable[[re.Match[str], str, Tables], StatementLocks]


def lock(table: str, mode: str) -> TableLock:
    return TableLock(table, mode, BLOCKS[mode])


def _create_table(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    table = name(m[1])
    tables.set_rows(table, 0)
    referenced = sorted({name(r) for r in re.findall(rf"REFERENCES ({IDENT})", sql)} - {table})
    return StatementLocks(
        sql,
        "create table",
        (
            TableLock(table, ACCESS_EXCLUSIVE, NOTHING),
            *(lock(r, SHARE_ROW_EXCLUSIVE) for r in referenced),
        ),
        note="a new table nobody uses yet",
    )


def _rename_table(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    old, new = name(m[1]), name(m[2])
    tables.rename(old, new)
    return StatementLocks(sql, "rename table", (lock(old, ACCESS_EXCLUSIVE),))


def _alter_table(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    """ALTER TABLE: ACCESS EXCLUSIVE, except the sub-commands PostgreSQL lets through weaker."""
    table, action = name(m[1]), m[2].strip()
    for pattern, classify in ALTER_ACTIONS:
        if found := re.match(pattern, action, re.IGNORECASE | re.DOTALL):
            return classify(table, found, sql, tables)
    return StatementLocks(
        sql, "alter table", (lock(table, ACCESS_EXCLUSIVE),), note="not a shape the report knows"
    )


def _catalog(shape: str, note: str = "") -> Callable[..., StatementLocks]:
    def classify(table: str, m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
        return StatementLocks(sql, shape, (lock(table, ACCESS_EXCLUSIVE),), note=note)

    return classify


def _rename_column(table: str, m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    tables.rename_column(table, name(m[1]), name(m[2]))
    return StatementLocks(sql, "rename column", (lock(table, ACCESS_EXCLUSIVE),))


def _add_column(table: str, m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    definition = m[2]
    locks = (lock(table, ACCESS_EXCLUSIVE),)
    if VOLATILE.search(definition):
        return _work(sql, "add column", locks, REWRITE, table, tables, "a volatile default")
    if re.search(r"\b(UNIQUE|PRIMARY KEY)\b", definition, re.IGNORECASE):
        return _work(sql, "add column", locks, INDEX, table, tables, "a unique index")
    if re.search(r"\bCHECK\b", definition, re.IGNORECASE):
        return _work(sql, "add column", locks, SCAN, table, tables, "the CHECK is verified")
    return StatementLocks(sql, "add column", locks, note="no rewrite (PostgreSQL 11+)")


def _alter_type(table: str, m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    column, new_type = name(m[1]), normal_type(re.split(r"\s+USING\s", m[2], flags=re.I)[0])
    current = tables.column(table, column)
    # The foreign keys from and to the column are re-attached: the tables at their other end are
    # locked too, even when the type does not change (seen in pg_locks).
    referencing = tables.references_to(table, column) + tables.referenced_by(table, column)
    locks = (
        lock(table, ACCESS_EXCLUSIVE),
        *(lock(other, ACCESS_EXCLUSIVE) for other in referencing),
    )
    if current is not None and _binary_coercible(current.type, new_type):
        return StatementLocks(sql, "alter column type", locks, note="same storage: no rewrite")
    if current is not None:
        current.type = new_type
    return _work(sql, "alter column type", locks, REWRITE, table, tables, "the type changes")


def _binary_coercible(old: str, new: str) -> bool:
    if old == new or (old.startswith("varchar") and new in ("text", "varchar")):
        return True
    widths = [re.fullmatch(r"varchar\((\d+)\)", kind) for kind in (old, new)]
    return bool(widths[0] and widths[1] and int(widths[1][1]) >= int(widths[0][1]))


def _set_not_null(table: str, m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    locks = (lock(table, ACCESS_EXCLUSIVE),)
    return _work(sql, "set not null", locks, SCAN, table, tables, "every row is checked")


def _add_foreign_key(table: str, m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    target = name(m[1])
    locks = (lock(table, SHARE_ROW_EXCLUSIVE), lock(target, SHARE_ROW_EXCLUSIVE))
    if re.search(r"\bNOT VALID\b", sql, re.IGNORECASE):
        return StatementLocks(sql, "add foreign key", locks, note="NOT VALID: no scan")
    return _work(
        sql, "add foreign key", locks, SCAN, table, tables, "every row is looked up in the parent"
    )


def _add_unique(table: str, m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    locks = (lock(table, ACCESS_EXCLUSIVE),)
    return _work(sql, "add unique constraint", locks, INDEX, table, tables, "a unique index")


def _add_check(table: str, m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    locks = (lock(table, ACCESS_EXCLUSIVE),)
    if re.search(r"\bNOT VALID\b", sql, re.IGNORECASE):
        return StatementLocks(sql, "add check constraint", locks, note="NOT VALID: no scan")
    return _work(sql, "add check constraint", locks, SCAN, table, tables, "every row is checked")


def _validate(table: str, m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    locks = (lock(table, SHARE_UPDATE_EXCLUSIVE),)
    return _work(sql, "validate constraint", locks, SCAN, table, tables, "reads and writes go on")


def _drop_constraint(table: str, m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    constraint = name(m[1])
    target = tables.foreign_key_target(table, constraint)
    tables.get(table).foreign_keys.pop(constraint, None)
    locks: tuple[TableLock, ...] = (lock(table, ACCESS_EXCLUSIVE),)
    if target and target != table:
        # Its triggers on the referenced table go too (seen in pg_locks).
        locks += (lock(target, ACCESS_EXCLUSIVE),)
    return StatementLocks(sql, "drop constraint", locks)


ALTER_ACTIONS: list[tuple[str, Callable[..., StatementLocks]]] = [
    (rf"RENAME COLUMN ({IDENT}) TO ({IDENT})", _rename_column),
    (r"RENAME CONSTRAINT", _catalog("rename constraint")),
    (rf"DROP COLUMN (?:IF EXISTS )?({IDENT})", _catalog("drop column", "no rewrite")),
    (rf"ADD COLUMN (?:IF NOT EXISTS )?({IDENT})(.*)", _add_column),
    (rf"ALTER COLUMN ({IDENT}) (?:SET DATA )?TYPE (.+)", _alter_type),
    (rf"ALTER COLUMN ({IDENT}) SET NOT NULL", _set_not_null),
    (rf"ALTER COLUMN ({IDENT}) ", _catalog("alter column")),
    (rf"ADD CONSTRAINT {IDENT} FOREIGN KEY \(.*?\) REFERENCES ({IDENT})", _add_foreign_key),
    (rf"ADD CONSTRAINT {IDENT} (?:UNIQUE|PRIMARY KEY|EXCLUDE)", _add_unique),
    (rf"ADD CONSTRAINT {IDENT} CHECK", _add_check),
    (rf"VALIDATE CONSTRAINT ({IDENT})", _validate),
    (rf"DROP CONSTRAINT (?:IF EXISTS )?({IDENT})", _drop_constraint),
]


def _create_index(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    table = name(m[3])
    tables.get(table).indexes[name(m[2])] = []
    if m[1]:
        return _work(
            sql,
            "create index concurrently",
            (lock(table, SHARE_UPDATE_EXCLUSIVE),),
            INDEX,
            table,
            tables,
            "reads and writes go on; two passes over the table",
        )
    return _work(sql, "create index", (lock(table, SHARE),), INDEX, table, tables, "")


def _drop_index(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    table = tables.table_of_index(name(m[2])) or "(the index's table)"
    mode = SHARE_UPDATE_EXCLUSIVE if m[1] else ACCESS_EXCLUSIVE
    return StatementLocks(sql, "drop index", (lock(table, mode),))


def _insert_select(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    target, source = name(m[1]), name(m[2])
    if BATCH in sql:
        return _batch(sql, target, source, tables)
    result = _work(
        sql,
        "insert … select",
        (lock(target, ROW_EXCLUSIVE), lock(source, ACCESS_SHARE)),
        COPY_ROWS,
        source,
        tables,
        f"one row into {target} per row of {source}",
    )
    copied, before = tables.rows(source), tables.rows(target)
    tables.set_rows(target, None if copied is None or before is None else before + copied)
    return result


def _batch(sql: str, target: str, source: str, tables: Tables) -> StatementLocks:
    copied, before = tables.rows(source), tables.rows(target)
    tables.set_rows(target, None if copied is None or before is None else before + copied)
    return StatementLocks(
        sql,
        "insert … select, in batches",
        (lock(target, ROW_EXCLUSIVE), lock(source, ACCESS_SHARE)),
        note=f"one short transaction per batch of {source}'s ids; reads and writes go on",
    )


def _insert(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    return StatementLocks(sql, "insert", (lock(name(m[1]), ROW_EXCLUSIVE),))


def _update(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    table = name(m[1])
    return _work(sql, "update", (lock(table, ROW_EXCLUSIVE),), UPDATE_ROWS, table, tables, "")


def _delete_recorded(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    return StatementLocks(
        sql,
        "delete the rows a trigger recorded",
        (lock(name(m[1]), ROW_EXCLUSIVE),),
        note="by the ids of a small table: a moment",
    )


def _delete(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    table = name(m[1])
    result = _work(sql, "delete", (lock(table, ROW_EXCLUSIVE),), DELETE_ROWS, table, tables, "")
    if " WHERE " not in sql.upper():
        tables.set_rows(table, 0 if tables.counted else None)
    return result


def _select(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    read = sorted({name(t) for t in re.findall(rf"\bFROM ({IDENT})", sql)})
    return StatementLocks(
        sql, "select", tuple(lock(t, ACCESS_SHARE) for t in read), note="reads an index"
    )


def _drop_table(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    return StatementLocks(sql, "drop table", (lock(name(m[1]), ACCESS_EXCLUSIVE),))


def _create_trigger(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    table = name(m[2])
    return StatementLocks(sql, "create trigger", (lock(table, SHARE_ROW_EXCLUSIVE),))


def _drop_trigger(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    return StatementLocks(sql, "drop trigger", (lock(name(m[2]), ACCESS_EXCLUSIVE),))


def _function(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    return StatementLocks(sql, "create or drop function", note="no table lock")


def _session(m: re.Match[str], sql: str, tables: Tables) -> StatementLocks:
    return StatementLocks(sql, "session setting", note="no table lock")


def _work(
    sql: str,
    shape: str,
    locks: tuple[TableLock, ...],
    work: str,
    table: str,
    tables: Tables,
    note: str,
) -> StatementLocks:
    return StatementLocks(
        sql, shape, locks, work=work, work_table=table, note=note, rows=tables.rows(table)
    )


SHAPES: list[tuple[re.Pattern[str], Classifier]] = [
    (re.compile(p, re.IGNORECASE | re.DOTALL), c)
    for p, c in [
        (rf"^CREATE TABLE (?:IF NOT EXISTS )?({IDENT})", _create_table),
        (rf"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?({IDENT}) RENAME TO ({IDENT})", _rename_table),
        (rf"^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?({IDENT}) (.*)$", _alter_table),
        (
            rf"^CREATE (?:UNIQUE )?INDEX (CONCURRENTLY )?(?:IF NOT EXISTS )?({IDENT}) ON "
            rf"(?:ONLY )?({IDENT})",
            _create_index,
        ),
        (rf"^DROP INDEX (CONCURRENTLY )?(?:IF EXISTS )?({IDENT})", _drop_index),
        (rf"^INSERT INTO ({IDENT}).*?\bSELECT\b.*?\bFROM ({IDENT})", _insert_select),
        (rf"^INSERT INTO ({IDENT})", _insert),
        (rf"^UPDATE (?:ONLY )?({IDENT})", _update),
        (rf"^DELETE FROM ({IDENT}) WHERE .*? IN \(SELECT .*? FROM \"mw_gone_", _delete_recorded),
        (rf"^DELETE FROM (?:ONLY )?({IDENT})", _delete),
        (r"^SELECT\b", _select),
        (rf"^CREATE (?:OR REPLACE )?TRIGGER ({IDENT}) .*? ON (?:ONLY )?({IDENT})", _create_trigger),
        (rf"^DROP TRIGGER (?:IF EXISTS )?({IDENT}) ON ({IDENT})", _drop_trigger),
        (r"^(?:CREATE (?:OR REPLACE )?|DROP )FUNCTION\b", _function),
        (rf"^(?:DROP TABLE|TRUNCATE)(?: TABLE)? (?:IF EXISTS )?({IDENT})", _drop_table),
        (r"^(?:SET|ALTER SEQUENCE|RESET)\b", _session),
    ]
]


def classify(sql: str, tables: Tables) -> StatementLocks:
    """Return the locks and work of one PostgreSQL statement, updating ``tables``."""
    for pattern, classifier in SHAPES:
        if match := pattern.match(sql):
            return classifier(match, sql, tables)
    found = re.search(rf"\b(?:TABLE|ON|INTO|FROM|UPDATE) ({IDENT})", sql, re.IGNORECASE)
    table = name(found[1]) if found else "(unknown table)"
    return StatementLocks(
        sql,
        "unknown",
        (lock(table, ACCESS_EXCLUSIVE),),
        note="not a shape the report knows: assumed to block reads and writes",
        known=False,
    )
