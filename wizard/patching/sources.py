"""Read the target's models files (never write them) and diff edited copies into models.patch."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from wizard.errors import PlanError
from wizard.snapshot import ModelInfo, Snapshot


def read_sources(root: Path, paths: Iterable[str]) -> dict[str, str]:
    """Return ``{path: text}`` of the target's files (paths relative to its root), read only."""
    sources = {}
    for path in sorted(set(paths)):
        try:
            sources[path] = (root / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PlanError(
                f"Cannot read {path!r} in the target ({exc.__class__.__name__}); "
                "check the file exists and is UTF-8."
            ) from None
    return sources


def model_source_path(snapshot: Snapshot, model: ModelInfo) -> str:
    """Return where ``model``'s class is defined (relative to the target), or raise PlanError."""
    path = model.source_file
    if not path or Path(path).is_absolute() or not path.endswith(".py"):
        raise PlanError(
            f"The source of model {model.label!r} is not a Python file inside the project "
            f"({path!r}); the wizard can only patch the project's own models files."
        )
    return path


def models_sources(snapshot: Snapshot, models: Iterable[ModelInfo]) -> dict[str, str]:
    """Return the sources of the files that define ``models``."""
    return read_sources(snapshot.target.root, (model_source_path(snapshot, m) for m in models))


def project_models_sources(snapshot: Snapshot) -> dict[str, str]:
    """Return the sources of every file that defines a model of the project's own apps."""
    own = {app.label for app in snapshot.own_apps()}
    paths = {
        m.source_file
        for m in snapshot.models
        if m.app_label in own
        and m.source_file
        and m.source_file.endswith(".py")
        and not Path(m.source_file).is_absolute()
    }
    return read_sources(snapshot.target.root, paths)


def unified_diff(before: Mapping[str, str], after: Mapping[str, str]) -> str:
    """Return a patch from ``before`` to ``after`` ({path: text}) for ``patch -p1``/``git apply``.

    Only files whose text changed appear, in path order; a file without a final newline gets the
    ``\\ No newline at end of file`` marker both tools expect.
    """
    chunks = []
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path, ""), after.get(path, "")
        if old == new:
            continue
        created = path not in before
        lines = difflib.unified_diff(
            _lines(old),
            _lines(new),
            fromfile="/dev/null" if created else f"a/{path}",
            tofile=f"b/{path}",
            n=3,
        )
        chunks.append(f"diff --git a/{path} b/{path}\n")
        if created:
            chunks.append("new file mode 100644\n")
        for line in lines:
            chunks.append(
                line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
            )
    return "".join(chunks)


def _lines(text: str) -> list[str]:
    # Split on "\n" only: str.splitlines() would also split on form feeds and U+2028 inside strings.
    return re.findall(r"[^\n]*\n|[^\n]+$", text)
