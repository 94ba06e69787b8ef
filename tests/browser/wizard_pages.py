"""Helpers for the browser walks of the web wizard: screenshots, timings, the examples' bytes."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page, Response

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = ROOT / "examples"
SLOW_STEPS = 120_000  # ms: a preview builds on three databases; a rehearsal seeds and migrates
# ms: the check as you type runs the target's build and Django's checks (two processes)
CHECK = 30_000


def tree_digest(folder: Path) -> dict[str, str]:
    """Return {relative path: sha256} of every file under ``folder`` (nothing skipped)."""
    digests = {}
    for dirpath, _dirnames, filenames in os.walk(folder):
        for name in filenames:
            path = Path(dirpath) / name
            digests[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


@dataclass
class Walk:
    """A person's walk through the wizard: screenshots per step and the server's timings."""

    page: Page
    shots: Path
    prefix: str
    count: int = 0
    timings: list[tuple[str, str, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("response", self._record)

    def _record(self, response: Response) -> None:
        request = response.request
        if request.resource_type not in ("document", "fetch", "xhr"):
            return
        header = response.headers.get("server-timing", "")
        if header.startswith("app;dur="):
            path = request.url.split("//", 1)[1].split("/", 1)[1]
            self.timings.append((request.method, "/" + path, float(header[len("app;dur=") :])))

    def shot(self, name: str) -> Path:
        """Save a full-page screenshot of what the person sees now, checked for accessibility."""
        problems = accessibility_problems(self.page)
        assert problems == [], f"{name}: {problems}"
        self.count += 1
        path = self.shots / f"{self.prefix}-{self.count:02d}-{name}.png"
        self.page.screenshot(path=path, full_page=True)
        return path


ACCESSIBILITY = """() => {
  const problems = [];
  const controls = document.querySelectorAll(
    "input:not([type=hidden]), select, textarea, button");
  for (const control of controls) {
    const named = (control.labels && control.labels.length) || control.getAttribute("aria-label")
      || control.getAttribute("aria-labelledby")
      || (control.tagName === "BUTTON" && control.textContent.trim())
      || (["submit", "button"].includes(control.type) && control.value);
    if (!named) problems.push("no label: " + (control.name || control.id || control.outerHTML));
  }
  let last = 0;
  for (const heading of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    const level = Number(heading.tagName[1]);
    if (level > last + 1) {
      problems.push(`${heading.tagName} "${heading.textContent.trim()}" comes after h${last}`);
    }
    last = level;
  }
  if (document.querySelectorAll("h1").length !== 1) problems.push("not exactly one h1");
  for (const live of document.querySelectorAll("[role=status]")) {
    if (!live.closest("[aria-live], [role=status]")) problems.push("status without live region");
  }
  return problems;
}"""


def accessibility_problems(page: Page) -> list[str]:
    """Return controls without a label and headings that skip a level."""
    problems: list[str] = page.evaluate(ACCESSIBILITY)
    return problems
