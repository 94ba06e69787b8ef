"""Apply a bundle to the workspace as a person would (unzip, ``patch -p1``), and undo it."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from wizard.bundle import BundleContents
from wizard.errors import RehearsalError

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
    """Return the tool that applies models.patch here, or raise RehearsalError."""
    for command, flag in (("patch", "--version"), ("git", "--version")):
        if shutil.which(command) is None:
            continue
        proc = subprocess.run([command, flag], capture_output=True, text=True, check=False)
        first = (proc.stdout.strip().splitlines() or [command])[0]
        if command == "patch" and "GNU" in first:
            return PatchTool("patch", first)
        if command == "git":
            return PatchTool("git", f"git apply ({first})")
    raise RehearsalError(
        "Neither GNU patch nor git is installed, so models.patch cannot be applied; "
        "install one of them (for example: apt-get install patch)."
    )


def other_tool(tool: PatchTool) -> PatchTool | None:
    """Return git when ``tool`` is GNU patch (the contract promises both apply), else None."""
    if tool.command == "patch" and shutil.which("git"):
        return PatchTool("git", "git apply")
    return None


@dataclass
class Applied:
    """What applying a bundle changed in the workspace, so that it can be undone."""

    added: list[str] = field(default_factory=list)
    replaced: dict[str, bytes] = field(default_factory=dict)
    patched: list[str] = field(default_factory=list)
    patch_output: str = ""


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


def write_entries(root: Path, contents: BundleContents, applied: Applied) -> list[str]:
    """Unzip every entry at ``root``; return problems (a migration file that already exists)."""
    problems = []
    migration_paths = {m.path for m in contents.migrations}
    for path, data in sorted(contents.files.items()):
        destination = root / path
        if destination.exists():
            if path in migration_paths:
                problems.append(
                    f"The bundle's migration {path!r} already exists in the target; "
                    "make the bundle again from the target as it is now."
                )
                continue
            applied.replaced[path] = destination.read_bytes()
        else:
            applied.added.append(path)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
    return problems


def apply_patch(root: Path, patch: str, tool: PatchTool, applied: Applied) -> list[str]:
    """Apply models.patch with ``tool`` (after a dry run with git); return problems."""
    if not patch.strip():
        return []
    problems = []
    second = other_tool(tool)
    if second is not None:
        worked, output = run_tool(second, root, patch, check=True)
        if not worked:
            problems.append(f"models.patch does not apply with git apply: {output}")
    worked, output = run_tool(tool, root, patch)
    applied.patch_output = output
    if not worked:
        problems.append(f"models.patch does not apply with {tool.name}: {output}")
    else:
        applied.patched = patched_paths(patch)
    return problems


def undo(root: Path, original: Path, patch: str, tool: PatchTool, applied: Applied) -> list[str]:
    """Reverse the patch, remove the bundle's files; return problems (files not as before)."""
    problems = []
    if applied.patched:
        worked, output = run_tool(tool, root, patch, reverse=True)
        if not worked:
            problems.append(f"models.patch does not reverse with {tool.name}: {output}")
    for path in applied.added:
        (root / path).unlink(missing_ok=True)
    for path, data in applied.replaced.items():
        (root / path).write_bytes(data)
    for path in applied.patched:
        now, then = root / path, original / path
        if not then.exists() and now.exists():
            problems.append(f"{path} is still there after reversing the patch.")
        elif then.exists() and (not now.exists() or now.read_bytes() != then.read_bytes()):
            problems.append(f"{path} is not back to its original bytes after reversing the patch.")
    return problems


def fuzz_notes(output: str) -> list[str]:
    """Return a note when patch had to look around for where a hunk goes."""
    if "fuzz" in output or "offset" in output:
        return [f"models.patch applied, but not exactly where it said: {output}"]
    return []
