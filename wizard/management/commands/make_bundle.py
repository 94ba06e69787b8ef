"""`make_bundle TARGET_DIR --plan PLAN.json --out BUNDLE.zip`: turn a plan into a bundle zip."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from wizard.bundle import Bundle, build_bundle, preview_vendors
from wizard.errors import BundleError
from wizard.locks.render import summary_lines
from wizard.locks.row_counts import catalog_row_counts, database_label
from wizard.management.base import WizardCommand
from wizard.plans import read_plan_file


class Command(WizardCommand):
    help = "Turn a plan (JSON) into a bundle: migrations, models.patch, SQL, schema diff, README."

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_target_arguments(parser)
        parser.add_argument("--plan", required=True, metavar="PLAN.json", help="the plan file")
        parser.add_argument("--out", required=True, metavar="BUNDLE.zip", help="the zip to write")
        parser.add_argument(
            "--database",
            action="append",
            default=[],
            metavar="sqlite|postgresql|mysql",
            help="sqlite, postgresql or mysql (default: all three; repeat it or separate with "
            "commas): a throw-away database is created there (on the server of "
            "WIZARD_POSTGRESQL_URL / WIZARD_MYSQL_URL) to preview the SQL, and dropped afterwards",
        )
        parser.add_argument(
            "--rows-from",
            metavar="postgresql://…/NAME|mysql://…/NAME",
            help="your database, read-only: the lock report estimates at its row counts (from "
            "its catalog, never a count); default: per million rows",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = self.target(options)
        out = output_path(options["out"], target.root)
        raw_plan = read_plan_file(options["plan"])
        vendors = preview_vendors(options["database"])
        progress = self.stderr.write if options["verbosity"] >= 2 else None
        row_counts, rows_from = None, ""
        if options["rows_from"]:
            row_counts = catalog_row_counts(options["rows_from"])
            rows_from = f"the database {database_label(options['rows_from'])}"
        bundle = build_bundle(
            target,
            raw_plan,
            vendors=vendors,
            progress=progress,
            row_counts=row_counts,
            rows_from=rows_from,
        )
        write_atomically(out, bundle.to_zip())
        self.stdout.write(summary(bundle, out))
        for line in summary_lines(bundle.locks):
            self.stdout.write(line)


def output_path(value: str, target_root: Path) -> Path:
    """Return where the zip goes, refusing a missing folder or a place inside the target."""
    out = Path(value).expanduser().absolute()
    if not out.parent.is_dir():
        raise BundleError(
            f"The folder of --out {value!r} does not exist; create it or write the bundle "
            "elsewhere."
        )
    if out.is_dir():
        raise BundleError(f"--out {value!r} is a folder; give a file name such as bundle.zip.")
    resolved = out.parent.resolve() / out.name
    if resolved == target_root or target_root in resolved.parents:
        raise BundleError(
            f"--out {value!r} is inside the target folder, which the wizard never writes into; "
            "write the bundle elsewhere."
        )
    return out


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``."""
    handle, temporary = tempfile.mkstemp(prefix=".bundle-", suffix=".zip", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def summary(bundle: Bundle, out: Path) -> str:
    previewed = [p.name for p in bundle.previews if p.available]
    skipped = [f"{p.name} ({p.reason})" for p in bundle.previews if not p.available]
    text = (
        f"Wrote {str(out)!r}: {', '.join(m.path for m in bundle.migrations)} and models.patch; "
        f"SQL previewed on {', '.join(previewed)}."
    )
    if skipped:
        text += f" Not previewed: {'; '.join(skipped)}."
    return text
