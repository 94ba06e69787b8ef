"""Paths as the snapshot reports them: relative inside the target, absolute outside it."""

from __future__ import annotations

import os


def relative_or_absolute(path, root):
    """Return ``(path, inside)``: relative to ``root`` when inside it, else absolute."""
    path = os.path.realpath(path)
    if path == root or path.startswith(root + os.sep):
        return os.path.relpath(path, root), True
    return path, False
