"""What a bundle is made of: its migrations, each operation's words, the SQL per database."""

from __future__ import annotations

from dataclasses import dataclass, field

from wizard.locks.model import LockReport
from wizard.plans import Explanation, Plan
from wizard.snapshot import Snapshot

VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL", "mysql": "MySQL/MariaDB"}


@dataclass(frozen=True)
class OperationNote:
    """One top-level operation of a generated migration and what it does, in plain words."""

    name: str  # the operation's class: "SeparateDatabaseAndState"
    explanation: str  # written by the builder next to the operation (child side)


@dataclass(frozen=True)
class GeneratedMigration:
    app_label: str
    name: str  # "0003_post_categories_through"
    path: str  # relative to the target's root: "core/migrations/0003_post_categories_through.py"
    source: str
    # Each operation with its sentence, in order (empty for a migration read back from a zip).
    operations: tuple[OperationNote, ...] = ()


@dataclass(frozen=True)
class MigrationSQL:
    app_label: str
    name: str
    sql: str

    def path(self, vendor: str) -> str:
        return f"sql/{vendor}/{self.app_label}/{self.name}.sql"


@dataclass(frozen=True)
class VendorPreview:
    """What one database said: the SQL of each new migration and the schema before/after."""

    vendor: str
    available: bool
    reason: str = ""  # why there is no preview, when not available
    database: str = ""  # "PostgreSQL 16.4"
    sql: list[MigrationSQL] = field(default_factory=list)
    schema_before: str = ""
    schema_after: str = ""
    # Model changes still missing from migrations, and serious system-check messages, once the
    # migrations and the patched models are in place: both must be empty for a correct bundle.
    pending_changes: list[dict[str, str]] = field(default_factory=list)
    check_errors: list[str] = field(default_factory=list)
    # Where a table, as this database has it, differs from the model the new migrations declare.
    schema_mismatches: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return VENDOR_NAMES.get(self.vendor, self.vendor)


@dataclass(frozen=True)
class Bundle:
    plan: Plan
    snapshot: Snapshot = field(repr=False)
    explanation: Explanation
    migrations: list[GeneratedMigration]
    patch: str
    previews: list[VendorPreview]
    schema_diff: str
    readme: str
    files: dict[str, bytes] = field(repr=False)
    # The tables the bundle touches before and after (schema.svg; empty without Graphviz), and
    # the same in words.
    schema_svg: str = field(default="", repr=False)
    schema_description: str = ""
    schema_svg_wide: str = field(default="", repr=False)
    # Which lock each statement takes, per migration and server database (wizard.locks).
    locks: LockReport = field(default_factory=LockReport)

    @property
    def zip_name(self) -> str:
        return f"{self.plan.slug}.zip"

    def preview(self, vendor: str) -> VendorPreview | None:
        return next((p for p in self.previews if p.vendor == vendor), None)

    def to_zip(self) -> bytes:
        from wizard.bundle.archive import zip_bytes

        return zip_bytes(self.files)
