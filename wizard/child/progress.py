"""Progress the wizard reads while a long command runs: one JSON line per event, appended to the
file the payload names (``progress_file``). Not stdout, which the target's own prints share.

Events are throttled (one every half second unless forced), so telling them costs nothing
measurable; without a file (the command line's quick commands) ``tell`` does nothing.
"""

from __future__ import annotations

import json
import time

EVERY = 0.5  # seconds between two events, at most two a second


class _Channel:
    path = None
    last = 0.0


def start(path):
    """Send the events of this process to ``path`` (None: nowhere)."""
    _Channel.path = path
    _Channel.last = 0.0


def tell(event, force=False):
    """Append ``event`` (a JSON-able dict) to the progress file, at most every EVERY seconds."""
    if _Channel.path is None:
        return
    now = time.monotonic()
    if not force and now - _Channel.last < EVERY:
        return
    _Channel.last = now
    with open(_Channel.path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(event) + "\n")
