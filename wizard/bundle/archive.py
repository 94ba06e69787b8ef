"""The bundle as a zip: its entries, written the same bytes every time, and read back safely."""

from __future__ import annotations

import io
import json
import posixpath
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wizard.bundle.model import GeneratedMigration, MigrationSQL, VendorPreview
from wizard.errors import BundleError
from wizard.plans import Plan

ZIP_DATE = (1980, 1, 1, 0, 0, 0)


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
