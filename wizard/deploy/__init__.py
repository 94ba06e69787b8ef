"""What a team's deploy needs to know of a bundle: when each migration runs relative to the new
code (``phases``, django-safemigrate's convention) and what django-migration-linter says of it,
with its settings-based ignore list (``linter``); ``render`` writes both for the README."""

from __future__ import annotations

from wizard.deploy.linter import LinterFinding, linter_findings, linter_settings
from wizard.deploy.phases import AFTER, ALWAYS, BEFORE, SWITCH, Phase, deploy_phases

__all__ = [
    "AFTER",
    "ALWAYS",
    "BEFORE",
    "SWITCH",
    "LinterFinding",
    "Phase",
    "deploy_phases",
    "linter_findings",
    "linter_settings",
]
