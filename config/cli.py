"""The wizard's two command lines: `manage.py` in a checkout, `migration-wizard` when installed.

`migration-wizard COMMAND …` runs the same management commands as `manage.py`, under shorter
names, with the same options, output and exit statuses.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping, Sequence

PROG = "migration-wizard"
WIZARD_SETTINGS = "config.settings"
# `migration-wizard NAME` -> (app, management command). The manage.py names work too.
COMMANDS = {
    "serve": ("wizard_ui", "serve"),
    "inspect": ("wizard", "inspect_project"),
    "bundle": ("wizard", "make_bundle"),
    "rehearse": ("wizard", "rehearse"),
    "confirm": ("wizard", "confirm_bundle"),
}
LONG_NAMES = {command: name for name, (_, command) in COMMANDS.items()}
# For these commands `--settings` names the TARGET's settings module (shared/CONTRACTS.md). Django
# would otherwise take it as the wizard's own settings before the command even starts.
TARGET_COMMANDS = frozenset(command for _, command in COMMANDS.values())

USAGE = f"""\
usage: {PROG} COMMAND [OPTIONS]

Commands:
  serve [PATH]          serve the web wizard on 127.0.0.1 and open it (with PATH loaded)
  inspect TARGET_DIR    describe a project's apps, models, M2M fields and migrations
  bundle TARGET_DIR     make a bundle (zip) from a plan
  rehearse TARGET_DIR   apply a bundle to a scratch copy and check that nothing is lost
  confirm TARGET_DIR    check a database against what a bundle starts from (read only)

'{PROG} COMMAND --help' describes a command's options.
"""


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


def use_wizard_settings(environ: MutableMapping[str, str]) -> None:
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


def manage(argv: list[str] | None = None) -> None:
    """Run Django's command line on the wizard's settings (what manage.py does)."""
    use_wizard_settings(os.environ)
    from django.core.management import execute_from_command_line

    execute_from_command_line(target_settings_argv(list(sys.argv if argv is None else argv)))


def main(argv: Sequence[str] | None = None) -> None:
    """Run `migration-wizard COMMAND …`: one of the wizard's commands, nothing else of Django's."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        sys.stdout.write(USAGE)
        sys.exit(0 if args else 2)
    if args[0] == "--version":
        from importlib.metadata import version

        sys.stdout.write(f"{PROG} {version('migration-wizard')}\n")
        sys.exit(0)
    name = LONG_NAMES.get(args[0], args[0])
    if name not in COMMANDS:
        sys.stderr.write(
            f"{PROG}: unknown command {args[0]!r}; use one of: {', '.join(COMMANDS)} "
            f"('{PROG} --help' describes them).\n"
        )
        sys.exit(2)
    use_wizard_settings(os.environ)
    import django
    from django.core.management import load_command_class

    django.setup()
    app, command = COMMANDS[name]
    options = target_settings_argv([PROG, command, *args[1:]])[2:]
    try:
        # The command's own parser says `migration-wizard NAME` in its usage and errors.
        load_command_class(app, command).run_from_argv([PROG, name, *options])
    except KeyboardInterrupt:
        sys.exit(130)
