"""Turn a plan into a bundle: migrations, models.patch, SQL per database, schema diff, README.

The pipeline (docs/ENGINE.md): snapshot → validated plan → migrations built by the target's own
Django (child ``build``) → models.patch (libcst) → both written into a temporary copy →
per-database preview (child ``preview``, databases in parallel) → README, zip. Nothing is written
into the target.

- ``pipeline``: ``build_bundle`` and the preview per database;
- ``model``: what a bundle holds (migrations with each operation's words, SQL, previews);
- ``archive``: the zip, the same bytes every time, and reading one back safely;
- ``apply``: what a person does with it (write the files, apply models.patch);
- ``readme``: the bundle's README.md.
"""

from __future__ import annotations

from wizard.bundle.apply import apply_patch, patch_tool, unpack, write_files
from wizard.bundle.archive import (
    BundleContents,
    bundle_files,
    read_bundle,
    safe_path,
    zip_bytes,
)
from wizard.bundle.model import (
    VENDOR_NAMES,
    Bundle,
    GeneratedMigration,
    MigrationSQL,
    OperationNote,
    VendorPreview,
)
from wizard.bundle.pipeline import (
    PREVIEW_VENDORS,
    build_bundle,
    build_migrations,
    check_previews,
    child,
    preview,
    preview_all,
    preview_vendors,
    schema_diff,
)

__all__ = [
    "PREVIEW_VENDORS",
    "VENDOR_NAMES",
    "Bundle",
    "BundleContents",
    "GeneratedMigration",
    "MigrationSQL",
    "OperationNote",
    "VendorPreview",
    "apply_patch",
    "build_bundle",
    "build_migrations",
    "bundle_files",
    "check_previews",
    "child",
    "patch_tool",
    "preview",
    "preview_all",
    "preview_vendors",
    "read_bundle",
    "safe_path",
    "schema_diff",
    "unpack",
    "write_files",
    "zip_bytes",
]
