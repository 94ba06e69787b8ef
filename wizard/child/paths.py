"""Paths as the snapshot reports them: relative inside the target, absolute outside it."""

from __future__ import annotations

import os

# The original target folder (besides the copy we run in): code imported from there (through
# PYTHONPATH or an editable install) is still the project's own.
original_roots: list = []


def set_original_root(root):
    if root:
        original_roots[:] = [os.path.realpath(root)]


def relative_or_absolute(path, root):
    """Return ``(path, inside)``: relative to ``root`` when inside it, else absolute."""
    path = os.path.realpath(path)
    for base in [root, *original_roots]:
        if path == base or path.startswith(base + os.sep):
            return os.path.relpath(path, base), True
    return path, False
