"""Build the lock report of a bundle's SQL and say it in plain words, then in detail.

Time grows with the rows a statement works on; ``SECONDS_PER_MILLION`` is the throughput model,
calibrated by ``benchmarks/bench_locks.py`` on the wizard's own test machine (2 cores, PostgreSQL
and MariaDB 10.11; see README "Locks"). It is an order of magnitude, not a promise: a server with
faster disks and more memory is quicker, one under load slower, and wide rows cost more than the
benchmark's narrow ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from wizard.locks import mysql, postgresql
from wizard.locks.model import (
    BLOCKS_ORDER,
    COPY_ROWS,
    DELETE_ROWS,
    INDEX,
    NO_WORK,
    NOTHING,
    READS_AND_WRITES,
    REWRITE,
    SCAN,
    UPDATE_ROWS,
    WORK_WORDS,
    WRITES,
    LockReport,
    MigrationLocks,
    StatementLocks,
    TableBlock,
)
from wizard.locks.statements import Tables, split_sql

if TYPE_CHECKING:
    from wizard.bundle.model import VendorPreview

# Seconds per million rows of each kind of work: benchmarks/bench_locks.py at 1,000,000 narrow
# rows, PostgreSQL 15 and MariaDB 10.11 on 2 cores at load average 5 to 8 (shared machine).
SECONDS_PER_MILLION: dict[str, dict[str, float]] = {
    "postgresql": {
        SCAN: 1.6,
        REWRITE: 3.6,
        INDEX: 4.1,
        COPY_ROWS: 3.1,
        DELETE_ROWS: 1.1,
        UPDATE_ROWS: 11.4,
    },
    "mysql": {
        REWRITE: 7.4,
        INDEX: 2.3,
        COPY_ROWS: 5.9,
        DELETE_ROWS: 18.4,
        UPDATE_ROWS: 18.4,
    },
}
CLASSIFIERS: dict[str, Callable[[str, Tables], StatementLocks]] = {
    "postgresql": postgresql.classify,
    "mysql": mysql.classify,
}


def lock_report(
    previews: Sequence[VendorPreview],
    row_counts: Mapping[str, int] | None = None,
    rows_from: str = "",
) -> LockReport:
    """Return the lock report of every migration on every previewed PostgreSQL/MySQL database."""
    migrations = []
    for preview in previews:
        if preview.available and preview.vendor in CLASSIFIERS:
            tables = Tables(preview.schema_before, row_counts)
            for entry in preview.sql:
                migrations.append(
                    migration_locks(
                        preview.vendor, preview.name, entry.app_label, entry.name, entry.sql, tables
                    )
                )
    return LockReport(migrations, rows_from if row_counts is not None else "")


def migration_locks(
    vendor: str, vendor_name: str, app_label: str, name: str, sql: str, tables: Tables
) -> MigrationLocks:
    """Return one migration's report on one database; ``tables`` follows it to the next."""
    texts, transaction = split_sql(sql)
    transaction = transaction and vendor == "postgresql"
    statements = [estimate(vendor, CLASSIFIERS[vendor](text, tables)) for text in texts]
    blocked = blocked_tables(statements, transaction)
    return MigrationLocks(
        app_label,
        name,
        vendor,
        vendor_name,
        transaction,
        statements,
        blocked,
        summary(vendor_name, blocked, statements),
    )


def estimate(vendor: str, statement: StatementLocks) -> StatementLocks:
    """Return the statement with its time: at its rows, or per million rows when unknown."""
    if statement.work == NO_WORK:
        return replace(statement, seconds=0.0)
    rates = SECONDS_PER_MILLION[vendor]
    rate = rates.get(statement.work, rates[REWRITE])
    rows = statement.rows
    return replace(statement, seconds=rate if rows is None else rate * rows / 1_000_000)


def blocked_tables(statements: list[StatementLocks], transaction: bool) -> list[TableBlock]:
    """Return how long each table is kept from readers or writers, strongest first.

    In one transaction (PostgreSQL) a lock is held from its statement until COMMIT, so the time
    runs from there to the end; otherwise each statement holds its locks while it runs.
    """
    found: dict[str, TableBlock] = {}
    for index, statement in enumerate(statements):
        held = statements[index:] if transaction else [statement]
        for taken in statement.locks:
            if taken.blocks == NOTHING or taken.brief:
                continue
            seconds, unknown_rows, why, rows, work_table = _time_of(held)
            previous = found.get(taken.table)
            if previous and BLOCKS_ORDER.index(previous.blocks) > BLOCKS_ORDER.index(taken.blocks):
                continue
            if previous and previous.blocks == taken.blocks:
                if transaction:
                    continue  # the first lock of that level is held to the end already
                # Another statement of its own: the waits add up (per million rows when the
                # rows of either are unknown).
                seconds += (
                    previous.seconds if previous.seconds is not None else previous.per_million
                ) or 0.0
                unknown_rows = unknown_rows or previous.seconds is None
                why = previous.why or why
            found[taken.table] = TableBlock(
                taken.table,
                taken.blocks,
                None if unknown_rows else seconds,
                rows,
                seconds if unknown_rows else None,
                why if work_table in ("", taken.table) else _of(why, work_table, rows),
                work_table,
            )
    for statement in statements:
        for lock in statement.locks:
            if lock.brief:
                found.setdefault(lock.table, TableBlock(lock.table, "brief", 0.0, None))
    order = {READS_AND_WRITES: 0, WRITES: 1, "brief": 2}
    return sorted(
        found.values(),
        key=lambda b: (order.get(b.blocks, 3), b.work_table not in ("", b.table), b.table),
    )


def _of(why: str, table: str, rows: int | None) -> str:
    return f"{why} of {table}" + (f", {rows:,} rows" if rows else "")


def _time_of(statements: list[StatementLocks]) -> tuple[float, bool, str, int | None, str]:
    """Return the seconds of ``statements``, whether any rows were unknown, why (the slowest
    statement), and the rows and table it works on."""
    seconds = sum(s.seconds or 0.0 for s in statements)
    unknown = any(s.rows is None and s.work != NO_WORK for s in statements)
    slowest = max(statements, key=lambda s: s.seconds or 0.0)
    why = f"{slowest.shape} {WORK_WORDS[slowest.work]}" if slowest.seconds else ""
    return seconds, unknown, why, slowest.rows, slowest.work_table if slowest.seconds else ""


def duration(block: TableBlock) -> str:
    """Return "about 4 s at 8,000,000 rows", "about 0.9 s per million rows" or "a moment"."""
    if block.seconds is not None:
        if block.seconds < 0.05:
            return "a moment"
        at = f" at {block.rows:,} rows" if block.rows else ""
        if block.work_table and block.work_table != block.table:
            at = ""  # the reason names the table whose rows take the time
        return f"about {_seconds(block.seconds)}{at}"
    if block.per_million is not None and block.per_million >= 0.05:
        return f"about {_seconds(block.per_million)} per million rows"
    return "a moment"


def _seconds(value: float) -> str:
    if value >= 60:
        return f"{value / 60:.0f} min"
    return f"{value:.1f} s" if value < 10 else f"{value:.0f} s"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def summary(vendor_name: str, blocked: list[TableBlock], statements: list[StatementLocks]) -> str:
    """Return the plain-words sentence of one migration on one database."""
    long = [b for b in blocked if b.blocks in (READS_AND_WRITES, WRITES)]
    brief = [b.table for b in blocked if b.blocks == "brief"]
    parts = []
    moments: dict[str, list[str]] = {}
    for block in long:
        if duration(block) == "a moment":
            moments.setdefault(block.blocks, []).append(block.table)
            continue
        why = f" ({block.why})" if block.why else ""
        parts.append(f"blocks {block.blocks} of {block.table} for {duration(block)}{why}")
    for blocks, tables in moments.items():
        parts.append(f"blocks {blocks} of {_and(tables)} for a moment")
    others = sorted(set(brief) - {b.table for b in long})
    if others:
        parts.append(f"takes a brief exclusive metadata lock on {', '.join(others)}")
    unknown = [s for s in statements if not s.known]
    if unknown:
        parts.append(f"{len(unknown)} statement(s) of a shape the report does not know")
    if not parts:
        return f"{vendor_name}: takes no lock that keeps others waiting."
    return f"{vendor_name}: " + "; ".join(parts) + "."
