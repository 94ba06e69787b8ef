"""What the lock report is made of: each statement's locks and work, each migration's summary."""

from __future__ import annotations

from dataclasses import dataclass, field

# What a lock stops other sessions from doing while it is held, weakest first.
NOTHING = "nothing"
WRITES = "writes"
READS_AND_WRITES = "reads and writes"
BLOCKS_ORDER = (NOTHING, WRITES, READS_AND_WRITES)

# What a statement does to a table's rows, which is what makes it take longer on a bigger table.
NO_WORK = "none"  # the catalog only: the same milliseconds at any size
SCAN = "scan"  # reads every row (validating a foreign key or a CHECK)
REWRITE = "rewrite"  # writes a new copy of the table (and its indexes)
INDEX = "index"  # builds an index: reads and sorts every row
COPY_ROWS = "copy"  # INSERT … SELECT: writes one row per row read
DELETE_ROWS = "delete"
UPDATE_ROWS = "update"

WORK_WORDS = {
    NO_WORK: "changes the catalog only",
    SCAN: "scans every row",
    REWRITE: "rewrites the whole table",
    INDEX: "builds an index over every row",
    COPY_ROWS: "copies every row",
    DELETE_ROWS: "deletes every row",
    UPDATE_ROWS: "updates every row",
}


def stronger(a: str, b: str) -> str:
    """Return the one of two ``blocks`` values that stops more."""
    return a if BLOCKS_ORDER.index(a) >= BLOCKS_ORDER.index(b) else b


@dataclass(frozen=True)
class TableLock:
    """One lock a statement takes: on which table, its name, and what it keeps others from."""

    table: str
    mode: str  # "ACCESS EXCLUSIVE" on PostgreSQL; "exclusive metadata lock" on MySQL/MariaDB
    blocks: str  # NOTHING, WRITES or READS_AND_WRITES, while it is held
    brief: bool = False  # held for a moment only (MySQL's metadata lock around online DDL)


@dataclass(frozen=True)
class StatementLocks:
    """One statement of a migration's SQL on one database: its locks and the work it does."""

    sql: str
    shape: str  # a few words naming the statement's shape: "add foreign key"
    locks: tuple[TableLock, ...] = ()
    work: str = NO_WORK
    work_table: str = ""  # the table whose rows the work is proportional to
    algorithm: str = ""  # MySQL/MariaDB: INSTANT, INPLACE or COPY, with its LOCK
    note: str = ""  # why, in a few words
    rows: int | None = None  # the rows of work_table, when known
    seconds: float | None = None  # estimated at ``rows``; per million rows when rows is None
    known: bool = True  # False when the shape is not one the report knows (assumed the worst)


@dataclass(frozen=True)
class TableBlock:
    """How long one migration keeps others from one table, in all."""

    table: str
    blocks: str
    seconds: float | None  # at the known rows; per million rows of each table when None
    rows: int | None
    per_million: float | None = None  # seconds per million rows, when rows are unknown
    why: str = ""
    work_table: str = ""  # whose rows the time depends on (may be another table)


@dataclass(frozen=True)
class MigrationLocks:
    """The lock report of one migration on one database."""

    app_label: str
    name: str
    vendor: str
    vendor_name: str
    transaction: bool  # the whole migration runs in one transaction (locks held to COMMIT)
    statements: list[StatementLocks] = field(default_factory=list)
    blocked: list[TableBlock] = field(default_factory=list)
    summary: str = ""  # the plain-words sentence

    @property
    def label(self) -> str:
        return f"{self.app_label}.{self.name}"


@dataclass(frozen=True)
class LockReport:
    """Every migration on every previewed server database, and where the row counts came from."""

    migrations: list[MigrationLocks] = field(default_factory=list)
    rows_from: str = ""  # "" when no row counts were given: estimates are per million rows

    def for_migration(self, app_label: str, name: str) -> list[MigrationLocks]:
        return [m for m in self.migrations if (m.app_label, m.name) == (app_label, name)]
