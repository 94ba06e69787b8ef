"""Say which database the target's settings use by default (for a rehearsal on a copy of it)."""

from __future__ import annotations

from .. import bootstrap


def run(payload):
    bootstrap.setup(payload)
    from django.conf import settings

    default = settings.DATABASES.get("default") or {}
    return {"engine": str(default.get("ENGINE", "")), "name": str(default.get("NAME", ""))}
