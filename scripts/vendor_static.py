#!/usr/bin/env python3
"""Vendor Bootstrap's built CSS and JS into static/vendor/bootstrap/ from the npm registry.

Run it again after changing BOOTSTRAP_VERSION, then commit static/vendor/. No CDN is used at run
time: the site serves these files itself (htmx comes from django-htmx's own static files).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

BOOTSTRAP_VERSION = "5.3.8"
FILES = ["dist/css/bootstrap.min.css", "dist/js/bootstrap.bundle.min.js"]
DEST = Path(__file__).resolve().parent.parent / "static" / "vendor" / "bootstrap"
# The .map files are not vendored, so drop the comment that would make browsers ask for them.
SOURCE_MAP_COMMENT = re.compile(rb"\n?(/\*# sourceMappingURL=\S+ \*/|//# sourceMappingURL=\S+)\s*$")


def download(version: str, workdir: Path) -> Path:
    """Return the path of the npm tarball of bootstrap@version, fetched with `npm pack`."""
    subprocess.run(
        ["npm", "pack", f"bootstrap@{version}", "--silent", "--pack-destination", str(workdir)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return workdir / f"bootstrap-{version}.tgz"


def extract(tarball: Path, member: str) -> bytes:
    """Return the content of package/<member> in an npm tarball, without its source-map comment."""
    with tarfile.open(tarball) as archive:
        handle = archive.extractfile(f"package/{member}")
        if handle is None:
            raise SystemExit(f"{member!r} is not a regular file in {tarball.name!r}.")
        return SOURCE_MAP_COMMENT.sub(b"\n", handle.read())


def main() -> None:
    DEST.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        tarball = download(BOOTSTRAP_VERSION, Path(workdir))
        for member in FILES:
            (DEST / Path(member).name).write_bytes(extract(tarball, member))
    (DEST / "VERSION").write_text(BOOTSTRAP_VERSION + "\n")
    sys.stdout.write(f"Vendored Bootstrap {BOOTSTRAP_VERSION} into {DEST}.\n")


if __name__ == "__main__":
    main()
