"""Helpers for the web wizard's view tests."""

from __future__ import annotations

from typing import Any

from wizard.snapshot import Snapshot
from wizard_ui.models import Plan


def make_plan(snapshot: Snapshot, **fields: Any) -> Plan:
    target = snapshot.target
    return Plan.objects.create(
        target_root=str(target.root),
        settings_module=target.settings,
        python=target.python,
        snapshot=snapshot.raw,
        **fields,
    )


HTMX = {"HTTP_HX_REQUEST": "true"}


def htmx_target(target: str) -> dict[str, str]:
    return {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": target}
