#!/usr/bin/env python
"""Django's command-line utility for the Migration Wizard site."""

from __future__ import annotations

import os
import sys

# For these commands `--settings` names the TARGET's settings module (shared/CONTRACTS.md). Django
# would otherwise take it as the wizard's own settings before the command even starts.
TARGET_COMMANDS = frozenset({"inspect_project", "make_bundle", "rehearse"})


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


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(target_settings_argv(sys.argv))


if __name__ == "__main__":
    main()
