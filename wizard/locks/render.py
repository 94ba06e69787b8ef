"""The lock report as Markdown (the bundle's README) and as the short lines make_bundle prints."""

from __future__ import annotations

from wizard.locks.model import NO_WORK, WORK_WORDS, LockReport, MigrationLocks, StatementLocks
from wizard.locks.report import SECONDS_PER_MILLION

MAX_SQL = 110


def by_migration(report: LockReport) -> list[MigrationLocks]:
    """Return the report's entries migration by migration (each on every database)."""
    order: list[tuple[str, str]] = []
    for migration in report.migrations:
        if (migration.app_label, migration.name) not in order:
            order.append((migration.app_label, migration.name))
    return [entry for key in order for entry in report.for_migration(*key)]


def summary_lines(report: LockReport) -> list[str]:
    """Return one line per migration: its plain-words sentence on each database."""
    lines = []
    seen: list[tuple[str, str]] = []
    for migration in report.migrations:
        key = (migration.app_label, migration.name)
        if key not in seen:
            seen.append(key)
    for app_label, name in seen:
        sentences = " ".join(m.summary for m in report.for_migration(app_label, name))
        lines.append(f"Locks of {app_label}.{name}: {sentences}")
    return lines


def markdown(report: LockReport) -> str:
    """Return the "Locks" section of the bundle's README."""
    lines = ["## Locks on PostgreSQL and MySQL/MariaDB\n"]
    if not report.migrations:
        lines.append("No PostgreSQL or MySQL/MariaDB database previewed this bundle.\n")
        return "\n".join(lines)
    hint = (
        ""
        if report.rows_from
        else " Make the bundle with `make_bundle --rows-from` and your database's URL for times "
        "at its own row counts."
    )
    lines.append(basis(report) + hint + "\n")
    ordered = by_migration(report)
    lines += [f"- `{m.label}`: {m.summary}" for m in ordered]
    lines.append("")
    for migration in ordered:
        lines.append(f"### Details: `{migration.label}` on {migration.vendor_name}\n")
        lines += _statements_table(migration)
        lines.append("")
    lines.append(_how_to_read())
    return "\n".join(lines)


def basis(report: LockReport) -> str:
    """Return what the report's times are based on, in one or two sentences."""
    if report.rows_from:
        counts = f"at the row counts of {report.rows_from} (catalog estimates, not counts)"
    else:
        counts = "per million rows of the table each statement works on"
    return (
        "Each statement, the lock it takes on which table, what it does to the rows, and how "
        f"long it would hold the lock, {counts}. Times come from a simple throughput model "
        "measured on a small 2-core machine: take them as an order of magnitude."
    )


def _statements_table(migration: MigrationLocks) -> list[str]:
    algorithm = migration.vendor == "mysql"
    head = (
        "| statement | lock | work | time |"
        if not algorithm
        else ("| statement | lock | ALGORITHM | work | time |")
    )
    rule = "|---|---|---|---|" if not algorithm else "|---|---|---|---|---|"
    rows = [head, rule]
    for statement in migration.statements:
        cells = [f"`` {_short(statement.sql)} ``", lock_text(statement)]
        if algorithm:
            cells.append(statement.algorithm or "-")
        cells += [work_text(statement), time_text(statement)]
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    if migration.transaction:
        rows.append("")
        rows.append("One transaction: every lock is held until its COMMIT.")
    return rows


def _short(sql: str) -> str:
    return sql if len(sql) <= MAX_SQL else sql[: MAX_SQL - 1] + "…"


def lock_text(statement: StatementLocks) -> str:
    if not statement.locks:
        return "none"
    parts = []
    for lock in statement.locks:
        blocks = "briefly blocks everything" if lock.brief else f"blocks {lock.blocks}"
        parts.append(f"{lock.mode} on {lock.table} ({blocks})")
    return "; ".join(parts)


def work_text(statement: StatementLocks) -> str:
    if statement.work == NO_WORK:
        return statement.note or WORK_WORDS[NO_WORK]
    words = WORK_WORDS[statement.work]
    if statement.work != NO_WORK and statement.work_table:
        words += f" of {statement.work_table}"
    return f"{words}: {statement.note}" if statement.note else words


def time_text(statement: StatementLocks) -> str:
    if statement.work == NO_WORK or statement.seconds is None:
        return "a moment"
    if statement.rows is not None and statement.seconds < 0.05:
        return "a moment"
    if statement.rows is None:
        return f"{statement.seconds:.1f} s per million rows"
    return f"{statement.seconds:.1f} s at {statement.rows:,} rows"


def _how_to_read() -> str:
    rates = "; ".join(
        f"{vendor}: "
        + ", ".join(f"{work} {seconds:g} s" for work, seconds in sorted(figures.items()))
        for vendor, figures in SECONDS_PER_MILLION.items()
    )
    return (
        "How to read it: on PostgreSQL, ACCESS EXCLUSIVE blocks reads and writes; SHARE and SHARE "
        "ROW EXCLUSIVE block writes; SHARE UPDATE EXCLUSIVE, ROW EXCLUSIVE and ACCESS SHARE block "
        "neither. A statement waiting for its lock also makes every later query on the table "
        "wait, so a long transaction already open on the table stretches any of them: set "
        "`lock_timeout` when you migrate a busy database. On MySQL/MariaDB every ALTER TABLE takes "
        "an exclusive metadata lock for a moment at its start and end (it waits for open "
        "transactions on the table); ALGORITHM=INSTANT and INPLACE let reads and writes go on in "
        "between, COPY lets only reads go on while it copies the table. Seconds per million rows "
        f"used ({rates}).\n"
    )
