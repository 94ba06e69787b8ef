"""Do what a person does with a bundle: write its files, then apply models.patch.

One way to apply a patch for the whole wizard: GNU patch when it is installed, else ``git apply``
(the contract promises both work); the rehearsal uses it too, and checks the other tool as well.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.bundle.archive import safe_path
from wizard.errors import BundleError

if TYPE_CHECKING:
    from wizard.bundle.archive import BundleContents
    from wizard.bundle.model import Bundle

PATCH_TIMEOUT = 60


@dataclass(frozen=True)
class PatchTool:
    """GNU patch when it is installed, else ``git apply``; ``name`` says which and its version."""

    command: str  # "patch" or "git"
    name: str

    def apply_args(self, *, reverse: bool = False, check: bool = False) -> list[str]:
        if self.command == "patch":
            args = ["patch", "-p1", "--batch", "--forward", "--no-backup-if-mismatch"]
            args += ["--reject-file=-"]
            args += ["--reverse"] if reverse else []
            return args + (["--dry-run"] if check else [])
        args = ["git", "apply", "-p1", "--whitespace=nowarn"]
        args += ["--reverse"] if reverse else []
        return args + (["--check"] if check else []) + ["-"]


@functools.cache
def patch_tool() -> PatchTool:
    """Return the tool that applies models.patch here, or raise BundleError."""
    for command, flag in (("patch", "--version"), ("git", "--version")):
        if shutil.which(command) is None:
            continue
        proc = subprocess.run([command, flag], capture_output=True, text=True, check=False)
        first = (proc.stdout.strip().splitlines() or [command])[0]
        if command == "patch" and "GNU" in first:
            return PatchTool("patch", first)
        if command == "git":
            return PatchTool("git", f"git apply ({first})")
    raise BundleError(
        "Neither GNU patch nor git is installed, so models.patch cannot be applied; "
        "install one of them (for example: apt-get install patch)."
    )


def other_tool(tool: PatchTool) -> PatchTool | None:
    """Return git when ``tool`` is GNU patch (the contract promises both apply), else None."""
    if tool.command == "patch" and shutil.which("git"):
        return PatchTool("git", "git apply")
    return None


def run_tool(tool: PatchTool, root: Path, patch: str, **kwargs: bool) -> tuple[bool, str]:
    """Run the tool in ``root``; return (worked, its output on one line)."""
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(root.parent), "LC_ALL": "C"}
    proc = subprocess.run(
        tool.apply_args(**kwargs),
        input=patch,
        capture_output=True,
        text=True,
        cwd=root,
        env=env,
        timeout=PATCH_TIMEOUT,
        check=False,
    )
    output = " ".join((proc.stdout + proc.stderr).split())
    return proc.returncode == 0, output


def patched_paths(patch: str) -> list[str]:
    """Return the files a unified diff changes (their ``+++ b/`` side), in order."""
    paths = []
    for line in patch.splitlines():
        match = re.match(r"^\+\+\+ (?:b/)?(\S+)", line)
        if match and match.group(1) != "/dev/null" and match.group(1) not in paths:
            paths.append(match.group(1))
    return paths


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Write ``files`` ({relative path: content}) under ``root``, creating folders."""
    for path, content in files.items():
        destination = root / safe_path(path)
        destination.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        destination.write_bytes(data)


def unpack(contents: BundleContents | Bundle, root: Path) -> None:
    """Do what a person does with a bundle: write its migrations, then ``patch -p1``."""
    write_files(root, {m.path: m.source for m in contents.migrations})
    apply_patch(root, contents.patch)


def apply_patch(root: Path, patch_text: str, *, tool: PatchTool | None = None) -> str:
    """Apply a models.patch in ``root``; return what the tool said, or raise BundleError."""
    if not patch_text.strip():
        return ""
    tool = tool or patch_tool()
    worked, output = run_tool(tool, root, patch_text)
    if not worked:
        raise BundleError(
            f"models.patch does not apply with {tool.name} ({output}); the models files "
            "changed since the bundle was made: make the bundle again."
        )
    return output
