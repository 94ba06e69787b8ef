"""`confirm_bundle TARGET_DIR --bundle BUNDLE.zip --database URL`: does my database match?"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from wizard.confirm import OWN_SETTINGS, confirm_bundle
from wizard.management.base import WizardCommand


class Command(WizardCommand):
    help = (
        "Read-only: compare the tables a bundle starts from (and the models it declares over "
        "existing tables) with your own database, column for column. Exit 0 when they match."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_target_arguments(parser)
        parser.add_argument("--bundle", required=True, help="the zip make_bundle wrote")
        parser.add_argument(
            "--database",
            default=OWN_SETTINGS,
            help="postgresql://user@host:port/NAME, mysql://user@host:port/NAME, "
            "sqlite:///path/to/db.sqlite3, or 'settings' (default): the target's own "
            "DATABASES['default']. Only read, never written.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        confirmation = confirm_bundle(self.target(options), options["bundle"], options["database"])
        if not confirmation.ok:
            raise CommandError(confirmation.summary(), returncode=1)
        self.stdout.write(confirmation.summary())
