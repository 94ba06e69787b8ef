"""What django-migration-linter says of a bundle, and its settings that record why it is safe.

The linter reads ``sqlmigrate`` and flags what breaks code still running against the old schema.
Its ignore mechanisms are an ``IgnoreMigration`` operation (which would make the migration import
the linter) and its settings: ``MIGRATION_LINTER_OPTIONS = {"ignore_name": [...]}`` in the
project's settings, which keeps the migrations Django-only, so the bundle gives that, with the
checks each migration trips and why each is intended, as comments.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.locks.model import LockReport, StatementLocks

# The linter's check codes (django_migration_linter/sql_analyser) for the statement shapes the
# wizard emits, and why each is intended in a bundle.
REASONS = {
    "RENAME_TABLE": 'the table takes the new model\'s name (the plan\'s "table": "rename"; '
    '"keep" has no DDL); no row moves',
    "RENAME_COLUMN": "the primary key becomes the link to the parent; every value and every "
    "foreign key pointing at it is kept",
    "DROP_COLUMN": "the moved fields' values are already in the parent table, copied by the "
    "migration before",
    "ALTER_COLUMN": "the column keeps its values: its identity/AUTO_INCREMENT goes or its type "
    "follows the table it now points at (see Locks for what it costs)",
    "NOT_NULL": "every existing row gets the plan's value for the new column",
    "ADD_UNIQUE": "the constraint existed before on the same columns; it moves with them",
    "CREATE_INDEX": "the index existed before on the same columns; it moves with them",
    "DROP_INDEX": "the index is created again where its columns now live",
    "DROP_TABLE": "the table's rows live on in the table that replaces it",
}
WARNINGS = frozenset({"CREATE_INDEX", "DROP_INDEX"})


@dataclass(frozen=True)
class LinterFinding:
    app_label: str
    name: str
    codes: tuple[str, ...]


def linter_findings(report: LockReport) -> list[LinterFinding]:
    """Return the migrations the linter flags on PostgreSQL or MySQL/MariaDB, with the checks."""
    found: dict[tuple[str, str], list[str]] = {}
    for migration in report.migrations:
        codes = found.setdefault((migration.app_label, migration.name), [])
        for statement in migration.statements:
            for code in statement_codes(statement):
                if code not in codes:
                    codes.append(code)
    return [LinterFinding(app, name, tuple(codes)) for (app, name), codes in found.items() if codes]


def statement_codes(statement: StatementLocks) -> list[str]:
    shape, sql = statement.shape, statement.sql.upper()
    codes = {
        "rename table": ["RENAME_TABLE"],
        "rename column": ["RENAME_COLUMN"],
        "drop column": ["DROP_COLUMN"],
        "alter column type": ["ALTER_COLUMN"],
        "modify column": ["ALTER_COLUMN"],
        "add unique constraint": ["ADD_UNIQUE"],
        "create index": ["CREATE_INDEX"],
        "drop index": ["DROP_INDEX"] if "ON " not in sql else [],
        "drop table": ["DROP_TABLE"],
    }.get(shape, [])
    if shape == "add column" and "NOT NULL" in sql:
        codes = ["NOT_NULL"]
    if shape == "add index" and "UNIQUE" in sql:
        codes = ["ADD_UNIQUE"]
    return codes


def linter_settings(findings: list[LinterFinding]) -> str:
    """Return the lines to add to the project's settings so the linter passes, with the reasons."""
    lines = ["MIGRATION_LINTER_OPTIONS = {", '    "ignore_name": [']
    for finding in findings:
        lines.append(f"        # {finding.app_label}.{finding.name}:")
        for code in finding.codes:
            kind = "warning" if code in WARNINGS else "error"
            lines.append(f"        #   {code} ({kind}): {REASONS.get(code, 'see Locks')}.")
        lines.append(f'        "{finding.name}",')
    lines += ["    ],", "}"]
    return "\n".join(lines)
