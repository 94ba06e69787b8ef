"""The example targets bundled with the wizard (folders under WIZARD_EXAMPLES_DIR)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

MARKUP = re.compile(r"[`*]")


@dataclass(frozen=True)
class Example:
    name: str
    path: Path
    title: str
    summary: str


def examples() -> list[Example]:
    """Return the bundled examples (folders holding a manage.py), sorted by name."""
    folder = Path(settings.WIZARD_EXAMPLES_DIR)
    if not folder.is_dir():
        return []
    return [
        _describe(path)
        for path in sorted(folder.iterdir())
        if path.is_dir() and (path / "manage.py").is_file()
    ]


def example(name: str) -> Example | None:
    return next((e for e in examples() if e.name == name), None)


def _describe(path: Path) -> Example:
    title, summary = path.name, ""
    readme = path / "README.md"
    if readme.is_file():
        title, summary = _title_and_summary(readme.read_text(encoding="utf-8"), path.name)
    return Example(name=path.name, path=path.resolve(), title=title, summary=summary)


def _title_and_summary(text: str, default: str) -> tuple[str, str]:
    """Return the README's first heading and its first paragraph, without Markdown marks."""
    title, paragraph = default, []
    for line in text.splitlines():
        if line.startswith("# ") and title == default:
            title = MARKUP.sub("", line[2:]).strip()
        elif line.strip() and not line.startswith(("#", "|", "```")) and title != default:
            paragraph.append(line.strip())
        elif paragraph:
            break
    summary = MARKUP.sub("", " ".join(paragraph))
    # Keep whole sentences only: a paragraph that leads into a list ends with a colon.
    return title, summary[: summary.rfind(".") + 1] if "." in summary else summary
