"""`inspect_project TARGET_DIR`: load a target's models in its own process and describe them."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandParser

from wizard.describe import snapshot_tree
from wizard.management.base import WizardCommand
from wizard.target import inspect_target


class Command(WizardCommand):
    help = "Load a target project's apps, models, M2M fields and migrations (read only)."

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_target_arguments(parser)
        parser.add_argument("--json", action="store_true", help="print the snapshot as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        snapshot = inspect_target(self.target(options))
        if options["json"]:
            self.stdout.write(json.dumps(snapshot.to_json(), indent=2, sort_keys=True))
        else:
            self.stdout.write(snapshot_tree(snapshot), ending="")
