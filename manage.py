#!/usr/bin/env python
"""Django's command-line utility for the Migration Wizard site."""

from __future__ import annotations

import os
import sys

# For these commands `--settings` names the TARGET's settings module (shared/CONTRACTS.md). Django
# would otherwise take it as the wizard's own settings before the command even starts.
TARGET_COMMANDS = frozenset({"inspect_project", "make_bundle", "rehearse", "confirm_bundle"})
WIZARD_SETTINGS = "config.settings"


def target_settings_argv(argv: list[str]) -> list[str]:
    """Return argv with a wizard command's --settings renamed to --target-settings."""
    if len(argv) < 2 or argv[1] not in TARGET_COMMANDS:
        return argv
    renamed = []
    for arg in argv:
        if arg == "--settings":
            arg = "--target-settings"
        elif arg.startswith("--settings="):
            arg = "--target-settings=" + arg.split("=", 1)[1]
        renamed.append(arg)
    return renamed


def use_wizard_settings(environ: dict[str, str] | os._Environ[str]) -> None:
    """Point DJANGO_SETTINGS_MODULE at the wizard's settings, keeping the caller's for the target.

    A shell that works on a Django project often exports that project's DJANGO_SETTINGS_MODULE.
    The wizard always runs on its own settings; the caller's value is handed back to the target's
    process (wizard.childproc.child_env).
    """
    from wizard.childproc import CALLER_SETTINGS_VARIABLE

    caller = environ.get("DJANGO_SETTINGS_MODULE", "")
    if caller and caller != WIZARD_SETTINGS:
        environ[CALLER_SETTINGS_VARIABLE] = caller
    environ["DJANGO_SETTINGS_MODULE"] = WIZARD_SETTINGS


def main() -> None:
    use_wizard_settings(os.environ)
    from django.core.management import execute_from_command_line

    execute_from_command_line(target_settings_argv(sys.argv))


if __name__ == "__main__":
    main()
