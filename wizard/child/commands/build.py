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
    return writer.render(builder.build(plan))
