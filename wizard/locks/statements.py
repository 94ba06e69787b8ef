"""Read ``sqlmigrate`` output as statements, and follow the tables they change.

The classifiers need what a statement does not say: a column's type before ``ALTER COLUMN … TYPE``,
the table of an index being dropped, the foreign keys that point at a column, and the rows a table
holds at that point of the bundle (a new parent table holds the child's rows once they are copied).
``Tables`` starts from the preview's ``schema_before`` and the given row counts and is updated
statement by statement.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

IDENT = r'(?:"[^"]+"|`[^`]+`|[A-Za-z_][\w$]*)'


# An online copy's INSERT … SELECT runs once per batch of ids, between placeholders.
BATCH = "<= %s"


def name(identifier: str) -> str:
    """Return an identifier without its quotes."""
    return identifier.strip().strip('"`')


def split_sql(text: str) -> tuple[list[str], bool]:
    """Return the statements of ``sqlmigrate`` output and whether it runs in one transaction.

    Only when every statement is inside BEGIN … COMMIT: an online bundle's copy runs a short
    transaction (its trigger), then statements of their own (its batches).
    """
    statements: list[str] = []
    inside = outside = 0
    open_transaction = False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("--"):
            continue
        for statement in _split_line(stripped):
            upper = statement.upper()
            if upper in ("BEGIN", "START TRANSACTION"):
                open_transaction = True
            elif upper == "COMMIT":
                open_transaction = False
            else:
                statements.append(statement)
                if open_transaction:
                    inside += 1
                else:
                    outside += 1
    return statements, bool(inside) and not outside


# A MySQL trigger whose body is BEGIN … END holds semicolons of its own.
COMPOUND = re.compile(r"^CREATE\s+(?:DEFINER\s*=\s*\S+\s+)?TRIGGER\b.*\bBEGIN\b", re.I | re.S)


def _split_line(line: str) -> list[str]:
    """Split a line on semicolons that are outside quotes (one line may hold two statements).

    PostgreSQL's dollar quotes (``$tag$ … $tag$``, a function's body) count as quotes.
    """
    if COMPOUND.match(line):
        return [line.rstrip().rstrip(";").strip()]
    parts: list[str] = []
    current: list[str] = []
    quote = ""
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            if line.startswith(quote, index):
                current.append(quote)
                index += len(quote)
                quote = ""
                continue
        elif char == "$" and (tag := re.match(r"\$[A-Za-z_]*\$", line[index:])):
            quote = tag[0]
            current.append(quote)
            index += len(quote)
            continue
        elif char in "'\"`":
            quote = char
        elif char == ";":
            parts.append("".join(current).strip())
            current = []
            index += 1
            continue
        current.append(char)
        index += 1
    parts.append("".join(current).strip())
    return [part for part in parts if part]


TYPE_ALIASES = {
    "int": "integer",
    "int4": "integer",
    "int8": "bigint",
    "int2": "smallint",
    "character varying": "varchar",
    "bool": "boolean",
    "tinyint(1)": "boolean",
}


def normal_type(text: str) -> str:
    """Return a column type in one spelling: ``int(11)`` and ``integer`` are both ``integer``."""
    kind = " ".join(text.lower().replace(" unsigned", "").split())
    kind = re.sub(r"^(int|bigint|smallint|tinyint|mediumint)\(\d+\)", r"\1", kind)
    if kind == "tinyint(1)":
        return "boolean"
    base, paren, rest = kind.partition("(")
    return TYPE_ALIASES.get(base.strip(), base.strip()) + (paren + rest if paren else "")


@dataclass
class Column:
    type: str
    not_null: bool


@dataclass
class Table:
    columns: dict[str, Column] = field(default_factory=dict)
    indexes: dict[str, list[str]] = field(default_factory=dict)  # name -> columns
    # name -> (column, referenced table, referenced column)
    foreign_keys: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    rows: int | None = None


COLUMN_LINE = re.compile(r"^  column (\S+) (.+?) (NOT NULL|NULL)(?: |$)")
ENTRY_LINE = re.compile(
    r"^  (primary key|foreign key|unique|index|check|exclusion) (\S+) \(([^)]*)\)"
    r"(?: references (\S+)\((\S+)\))?"
)


class Tables:
    """The tables of one database as the bundle's statements change them, with their rows."""

    def __init__(self, schema: str, row_counts: Mapping[str, int] | None) -> None:
        self.tables: dict[str, Table] = {}
        self.counted = row_counts is not None
        current: Table | None = None
        for line in schema.splitlines():
            if line.startswith("table "):
                current = self.tables.setdefault(line[len("table ") :].strip(), Table())
            elif current is not None and (match := COLUMN_LINE.match(line)):
                current.columns[match[1]] = Column(normal_type(match[2]), match[3] == "NOT NULL")
            elif current is not None and (match := ENTRY_LINE.match(line)):
                columns = [c.strip() for c in match[3].split(",") if c.strip()]
                current.indexes[match[2]] = columns
                if match[1] == "foreign key" and match[4]:
                    first = columns[0] if columns else ""
                    current.foreign_keys[match[2]] = (first, match[4], match[5])
        for table_name, table in self.tables.items():
            table.rows = (row_counts or {}).get(table_name, 0 if self.counted else None)

    def get(self, table: str) -> Table:
        return self.tables.setdefault(table, Table(rows=0 if self.counted else None))

    def rows(self, table: str) -> int | None:
        return self.get(table).rows

    def column(self, table: str, column: str) -> Column | None:
        return self.get(table).columns.get(column)

    def table_of_index(self, index: str) -> str:
        return next((t for t, info in self.tables.items() if index in info.indexes), "")

    def references_to(self, table: str, column: str) -> list[str]:
        """Return the tables whose foreign keys point at ``table.column``."""
        return sorted(
            {
                other
                for other, info in self.tables.items()
                for _col, target, target_col in info.foreign_keys.values()
                if (target, target_col) == (table, column) and other != table
            }
        )

    def referenced_by(self, table: str, column: str) -> list[str]:
        """Return the tables that ``table.column``'s own foreign keys point at."""
        return sorted(
            {
                target
                for col, target, _target_col in self.get(table).foreign_keys.values()
                if col == column and target != table
            }
        )

    def foreign_key_target(self, table: str, constraint: str) -> str:
        found = self.get(table).foreign_keys.get(constraint)
        return found[1] if found else ""

    def rename(self, old: str, new: str) -> None:
        self.tables[new] = self.tables.pop(old, Table(rows=0 if self.counted else None))
        for info in self.tables.values():
            info.foreign_keys = {
                key: (col, new if target == old else target, target_col)
                for key, (col, target, target_col) in info.foreign_keys.items()
            }

    def rename_column(self, table: str, old: str, new: str) -> None:
        info = self.get(table)
        if old in info.columns:
            info.columns[new] = info.columns.pop(old)
        for other in self.tables.values():
            other.foreign_keys = {
                key: (col, target, new if (target, target_col) == (table, old) else target_col)
                for key, (col, target, target_col) in other.foreign_keys.items()
            }

    def set_rows(self, table: str, rows: int | None) -> None:
        self.get(table).rows = rows
