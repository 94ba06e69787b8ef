"""Turn a plan into a bundle: migrations, models.patch, SQL per database, schema diff, README.

The pipeline (docs/ENGINE.md): ``wizard.verdict.check_plan`` (snapshot → validated plan → models
patch → migrations built by the target's own Django → both written into a temporary copy →
Django's checks there) → per-database preview of that copy (child ``preview``, databases in
parallel) → README, zip. Nothing is written into the target.
"""

from __future__ import annotations

import difflib
import io
import json
import posixpath
import subprocess
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard import patching
from wizard.bundle_readme import render_readme
from wizard.childproc import run_child, workspace
from wizard.errors import BundleError, DatabaseServerError
from wizard.kinds import get_kind
from wizard.plans import Explanation, Plan
from wizard.scratch import VENDORS, scratch_database
from wizard.snapshot import Snapshot
from wizard.target import Target
from wizard.verdict import check_plan

Progress = Callable[[str], None]
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL", "mysql": "MySQL/MariaDB"}
# What make_bundle and the web wizard preview on unless told otherwise.
PREVIEW_VENDORS: tuple[str, ...] = VENDORS


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

    @property
    def zip_name(self) -> str:
        return f"{self.plan.slug}.zip"

    def preview(self, vendor: str) -> VendorPreview | None:
        return next((p for p in self.previews if p.vendor == vendor), None)

    def to_zip(self) -> bytes:
        return zip_bytes(self.files)


def build_bundle(
    target: Target,
    raw_plan: Mapping[str, Any],
    *,
    vendors: Sequence[str] = PREVIEW_VENDORS,
    progress: Progress | None = None,
) -> Bundle:
    """Return the bundle of ``raw_plan`` for ``target``, or raise a WizardError (one line)."""
    say = progress or (lambda message: None)
    with workspace(target.root) as copy:
        checked = check_plan(target, raw_plan, copy=copy, progress=say)
        plan, snapshot, migrations = checked.plan, checked.snapshot, checked.migrations
        previews = preview_all(target, copy, migrations, vendors, say)
    check_previews(previews)
    explanation: Explanation = get_kind(plan.kind).module.explain(plan, snapshot)
    patch_text = patching.unified_diff(checked.sources, checked.patched)
    diff = schema_diff(previews)
    readme = render_readme(plan, snapshot, explanation, migrations, previews)
    files = bundle_files(plan, readme, patch_text, migrations, previews, diff)
    return Bundle(
        plan, snapshot, explanation, migrations, patch_text, previews, diff, readme, files
    )


def preview_vendors(values: Sequence[str]) -> tuple[str, ...]:
    """Return the vendors that ``--database`` values name (each repeated or comma-separated), in
    the order of VENDORS; all of them when there are none."""
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in VENDORS]
    if unknown:
        raise BundleError(
            f"--database {unknown[0]!r} is not a database the wizard previews on; use sqlite, "
            "postgresql or mysql, repeated or separated by commas."
        )
    return tuple(vendor for vendor in VENDORS if vendor in names) or PREVIEW_VENDORS


def child(target: Target, command: str, payload: dict[str, Any], cwd: Path) -> Any:
    """Run a child command of the target (a PlanError there arrives as one, as structured data)."""
    return run_child(
        target.python,
        command,
        {"settings": target.settings, **payload},
        cwd=cwd,
        timeout=getattr(target, "timeout", None),
    )


def build_migrations(target: Target, plan: Plan, copy: Path) -> list[GeneratedMigration]:
    payload = {"plan": plan.to_json(), **get_kind(plan.kind).child_payload()}
    result = child(target, "build", payload, copy)
    return [
        GeneratedMigration(
            m["app_label"],
            m["name"],
            m["path"],
            m["source"],
            tuple(OperationNote(**note) for note in m["operations"]),
        )
        for m in result["migrations"]
    ]


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Write ``files`` ({relative path: content}) under ``root``, creating folders."""
    for path, content in files.items():
        destination = root / safe_path(path)
        destination.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        destination.write_bytes(data)


def preview_all(
    target: Target,
    copy: Path,
    migrations: list[GeneratedMigration],
    vendors: Sequence[str],
    say: Progress,
) -> list[VendorPreview]:
    """Preview on every vendor at once (each in its own process and scratch database)."""
    payload = {"migrations": [{"app_label": m.app_label, "name": m.name} for m in migrations]}

    def one(vendor: str) -> VendorPreview:
        say(f"Previewing on {VENDOR_NAMES.get(vendor, vendor)}")
        return preview(target, copy, vendor, payload)

    with ThreadPoolExecutor(max_workers=max(1, len(vendors))) as pool:
        return list(pool.map(one, vendors))


def preview(target: Target, copy: Path, vendor: str, payload: dict[str, Any]) -> VendorPreview:
    try:
        with scratch_database(vendor, purpose="preview") as entry:
            result = child(target, "preview", {"databases": {"default": entry}, **payload}, copy)
    except DatabaseServerError as exc:
        return VendorPreview(vendor, False, reason=str(exc))
    if not result["available"]:
        # The target's own migrations or apps failing on this database say so themselves.
        if result.get("target_failed"):
            return VendorPreview(vendor, False, reason=result["reason"])
        return VendorPreview(
            vendor,
            False,
            reason=f"the target's interpreter could not connect: {result['reason']}",
        )
    return VendorPreview(
        vendor,
        True,
        database=result["database"],
        sql=[MigrationSQL(**s) for s in result["sql"]],
        schema_before=result["schema_before"],
        schema_after=result["schema_after"],
        pending_changes=result["pending_changes"],
        check_errors=result["check_errors"],
        schema_mismatches=result.get("schema_mismatches", []),
    )


def check_previews(previews: list[VendorPreview]) -> None:
    """Refuse a bundle no database could preview, or whose models differ from the tables.

    Everything else about the plan was judged before the previews, by check_plan.
    """
    available = [p for p in previews if p.available]
    if not available:
        reasons = "; ".join(f"{p.vendor}: {p.reason}" for p in previews)
        raise BundleError(f"No database could preview the migrations ({reasons}).")
    for preview in available:
        if preview.schema_mismatches:
            raise BundleError(
                f"On {preview.name} the new models would not match the tables the target's "
                f"migrations made ({'; '.join(preview.schema_mismatches)}); this is a bug in the "
                "wizard: please report it with the plan."
            )


def schema_diff(previews: Iterable[VendorPreview]) -> str:
    """Return the before/after schema of every previewed database as one unified diff."""
    chunks: list[str] = []
    for preview in previews:
        if not preview.available:
            continue
        chunks += difflib.unified_diff(
            preview.schema_before.splitlines(keepends=True),
            preview.schema_after.splitlines(keepends=True),
            fromfile=f"a/{preview.vendor}.schema",
            tofile=f"b/{preview.vendor}.schema",
        )
    return "".join(chunks)


def bundle_files(
    plan: Plan,
    readme: str,
    patch_text: str,
    migrations: list[GeneratedMigration],
    previews: list[VendorPreview],
    diff: str,
) -> dict[str, bytes]:
    files = {
        "README.md": readme,
        "plan.json": json.dumps(plan.to_json(), indent=2, ensure_ascii=False) + "\n",
        "models.patch": patch_text,
        "schema.diff": diff,
    }
    files |= {m.path: m.source for m in migrations}
    for preview in previews:
        files |= {s.path(preview.vendor): s.sql for s in preview.sql}
    return {path: text.encode("utf-8") for path, text in sorted(files.items())}


def zip_bytes(files: Mapping[str, bytes]) -> bytes:
    """Return a zip of ``files`` that is the same bytes for the same files (sorted, fixed dates)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, files[path])
    return buffer.getvalue()


def safe_path(path: str) -> str:
    """Return ``path`` if it is a relative path that stays inside the folder, else raise."""
    normal = posixpath.normpath(path)
    if path.startswith(("/", "\\")) or normal.startswith("..") or ":" in path or normal == ".":
        raise BundleError(f"The bundle entry {path!r} would be written outside the target.")
    return normal


@dataclass(frozen=True)
class BundleContents:
    """A bundle read back from its zip (what the rehearsal needs)."""

    files: dict[str, bytes] = field(repr=False)
    plan: dict[str, Any]
    migrations: list[GeneratedMigration]
    patch: str
    readme: str
    schema_diff: str
    sql: dict[str, list[MigrationSQL]]  # vendor -> the SQL of each migration, in order

    def to_zip(self) -> bytes:
        return zip_bytes(self.files)


REQUIRED_ENTRIES = ("README.md", "plan.json", "models.patch", "schema.diff")


def read_bundle(source: str | Path | bytes) -> BundleContents:
    """Return the contents of a bundle zip (a path or its bytes), or raise BundleError."""
    name = "the bundle" if isinstance(source, bytes) else str(source)
    try:
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            files = {
                safe_path(info.filename): archive.read(info)
                for info in archive.infolist()
                if not info.is_dir()
            }
    except OSError as exc:
        raise BundleError(f"Cannot read the bundle {name!r}: {exc.strerror}.") from None
    except zipfile.BadZipFile:
        raise BundleError(
            f"{name!r} is not a zip file; give the .zip that make_bundle wrote."
        ) from None
    missing = [entry for entry in REQUIRED_ENTRIES if entry not in files]
    if missing:
        raise BundleError(
            f"{name!r} is not a Migration Wizard bundle: it has no {', '.join(missing)}."
        )
    try:
        plan = json.loads(files["plan.json"])
        texts = {path: files[path].decode("utf-8") for path in files}
    except (ValueError, UnicodeDecodeError):
        raise BundleError(f"{name!r} has a plan.json or text file that cannot be read.") from None
    return BundleContents(
        files=files,
        plan=plan,
        migrations=bundle_migrations(texts),
        patch=texts["models.patch"],
        readme=texts["README.md"],
        schema_diff=texts["schema.diff"],
        sql=bundle_sql(texts),
    )


def bundle_sql(texts: Mapping[str, str]) -> dict[str, list[MigrationSQL]]:
    sql: dict[str, list[MigrationSQL]] = {}
    for path in sorted(texts):
        parts = path.split("/")
        if len(parts) == 4 and parts[0] == "sql" and parts[3].endswith(".sql"):
            vendor, app_label, name = parts[1], parts[2], parts[3][: -len(".sql")]
            sql.setdefault(vendor, []).append(MigrationSQL(app_label, name, texts[path]))
    return sql


def bundle_migrations(texts: Mapping[str, str]) -> list[GeneratedMigration]:
    """Return the migration files of a bundle; their app labels come from the SQLite SQL paths."""
    labels = {s.name: s.app_label for entries in bundle_sql(texts).values() for s in entries}
    found = []
    for path in sorted(texts):
        folder, _, filename = path.rpartition("/")
        if "/migrations" not in "/" + folder or not filename.endswith(".py"):
            continue
        if filename == "__init__.py" or path.startswith("sql/"):
            continue
        name = filename[: -len(".py")]
        app_label = labels.get(name) or posixpath.basename(posixpath.dirname(folder))
        found.append(GeneratedMigration(app_label, name, path, texts[path]))
    return sorted(found, key=lambda m: (m.name, m.app_label))


def unpack(contents: BundleContents | Bundle, root: Path) -> None:
    """Do what a person does with a bundle: write its migrations, then ``patch -p1``."""
    write_files(root, {m.path: m.source for m in contents.migrations})
    apply_patch(root, contents.patch)


def apply_patch(root: Path, patch_text: str) -> None:
    """Apply a models.patch in ``root`` with ``patch -p1``, or raise BundleError."""
    if not patch_text:
        return
    proc = subprocess.run(
        ["patch", "-p1", "--batch", "--forward", "--no-backup-if-mismatch"],
        input=patch_text,
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
    )
    if proc.returncode != 0:
        last = (proc.stdout + proc.stderr).strip().splitlines()[-1:] or ["no output"]
        raise BundleError(
            f"models.patch does not apply to {str(root)!r} ({last[0]}); the models files "
            "changed since the bundle was made: make the bundle again."
        )
