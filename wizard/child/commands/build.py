"""Build the migrations of a plan: ``{"settings", "plan", "builder"}`` in, ``{"migrations"}`` out.

``builder`` names the kind's module in this package (``wizard.kinds`` registers it).
"""

from __future__ import annotations

import importlib

from .. import bootstrap, writer


def run(payload):
    bootstrap.setup(payload)
    plan = payload["plan"]
    builder = importlib.import_module(".." + payload["builder"], __package__)
    specs = builder.build(plan)
    if plan.get("online"):
        # Online: every migration that would be one transaction becomes one short one (lock
        # timeouts, a bounded retry); a kind's own online migrations are already built so.
        for spec in specs:
            spec.short_locks = spec.short_locks or spec.atomic
    return writer.render(specs)
