"""What every wizard command shares: the target options and one-line failures."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wizard.errors import WizardError
from wizard.target import Target


class WizardCommand(BaseCommand):
    """A command over the engine: WizardErrors become one line on stderr and a non-zero exit."""

    def add_target_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "target_dir", help="the target project's folder (the one with manage.py)"
        )
        # manage.py turns this command's `--settings` into `--target-settings` (see there).
        parser.add_argument(
            "--target-settings",
            dest="target_settings",
            metavar="MODULE",
            help="--settings: the target's settings module (default: the one its manage.py sets)",
        )
        parser.add_argument(
            "--python",
            help="the interpreter with the target's Django and packages (default: this one)",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            metavar="SECONDS",
            help="how long each of the target's processes may take (default: "
            "$WIZARD_CHILD_TIMEOUT, else 120 to load the project and 600 for every other step)",
        )

    def target(self, options: dict[str, Any]) -> Target:
        return Target.resolve(
            options["target_dir"],
            settings=options.get("target_settings") or options.get("settings"),
            python=options.get("python"),
            timeout=options.get("timeout"),
        )

    def execute(self, *args: Any, **options: Any) -> Any:
        try:
            return super().execute(*args, **options)
        except WizardError as exc:
            detail = getattr(exc, "detail", "")
            if options.get("traceback") and detail:
                self.stderr.write(detail.rstrip("\n"))
            raise CommandError(str(exc)) from None
        except (CommandError, KeyboardInterrupt):
            raise
        except Exception as exc:
            if options.get("traceback"):
                raise
            raise CommandError(
                f"Unexpected {type(exc).__name__}: {exc}; run again with --traceback and report it."
            ) from None
