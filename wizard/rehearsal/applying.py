"""Apply a bundle to the workspace as a person would (unzip, ``patch -p1``), and undo it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wizard.bundle.apply import PatchTool, apply_patch, other_tool, patched_paths, run_tool
from wizard.bundle.archive import BundleContents
from wizard.errors import BundleError


@dataclass
class Applied:
    """What applying a bundle changed in the workspace, so that it can be undone."""

    added: list[str] = field(default_factory=list)
    replaced: dict[str, bytes] = field(default_factory=dict)
    patched: list[str] = field(default_factory=list)
    patch_output: str = ""


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


def apply_models_patch(root: Path, patch: str, tool: PatchTool, applied: Applied) -> list[str]:
    """Apply models.patch with ``tool`` (after a dry run with git); return problems."""
    if not patch.strip():
        return []
    problems = []
    second = other_tool(tool)
    if second is not None:
        worked, output = run_tool(second, root, patch, check=True)
        if not worked:
            problems.append(f"models.patch does not apply with git apply: {output}")
    try:
        applied.patch_output = apply_patch(root, patch, tool=tool)
    except BundleError as exc:
        problems.append(str(exc))
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
