"""Build the migrations of a plan: ``{"settings", "plan"}`` in, ``{"migrations": [...]}`` out."""

from __future__ import annotations

import importlib

from . import bootstrap, writer


def run(payload):
    bootstrap.setup(payload)
    plan = payload["plan"]
    builder = importlib.import_module("%s.build_%s" % (__package__, plan["kind"]))
    return writer.render(builder.build(plan))
