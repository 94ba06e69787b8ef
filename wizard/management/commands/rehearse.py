"""`rehearse TARGET_DIR --bundle BUNDLE.zip`: prove on a scratch copy that nothing is lost."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from wizard.management.base import WizardCommand
from wizard.rehearsal import DEFAULT_ROWS, RehearsalReport, rehearse, render_text


class Command(WizardCommand):
    help = (
        "Apply a bundle to a temporary copy of the target with a scratch database full of rows, "
        "check that every row, pair and foreign key survives, then migrate back and check again. "
        "Exit 0 only when every check held."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_target_arguments(parser)
        parser.add_argument("--bundle", required=True, help="the zip make_bundle wrote")
        parser.add_argument(
            "--database",
            default="sqlite",
            help="sqlite (default), postgresql://user@host:port/ or mysql://user@host:port/: "
            "a throw-away database is created there and dropped afterwards",
        )
        parser.add_argument(
            "--rows",
            type=int,
            default=DEFAULT_ROWS,
            help=f"rows per model (default {DEFAULT_ROWS})",
        )
        parser.add_argument(
            "--copy-of-db",
            action="store_true",
            help="start from a copy of the target's own SQLite database instead of synthetic rows",
        )
        parser.add_argument(
            "--json", action="store_true", help="print the whole report (with events) as JSON"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_json = options["json"]
        report = rehearse(
            self.target(options),
            options["bundle"],
            database=options["database"],
            rows=options["rows"],
            copy_of_db=options["copy_of_db"],
            on_event=None if as_json else self.show_event,
        )
        if as_json:
            self.stdout.write(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(render_text(report), ending="")
        if not report.ok:
            raise CommandError(failure_line(report), returncode=1)

    def show_event(self, event: dict[str, Any]) -> None:
        """Print one line per step as it runs: its title when it starts, its time when it ends."""
        if event["event"] == "step_started":
            self.stdout.write(
                f"[{event['index']}/{event['total']}] {event['title']} ...", ending=""
            )
        elif event["event"] == "step_finished":
            status = "" if event["status"] == "ok" else f" {event['status'].upper()}"
            detail = f" ({event['detail']})" if event.get("detail") else ""
            self.stdout.write(f" {event['seconds']:.2f} s{status}{detail}")
        elif event["event"] == "step_skipped":
            self.stdout.write(f"[{event['index']}/{event['total']}] {event['title']} ... skipped")
        self.stdout.flush()


def failure_line(report: RehearsalReport) -> str:
    return report.summary()
