"""`serve [PATH]`: the web wizard behind a real WSGI server, opened in the browser on PATH."""

from __future__ import annotations

import errno
import os
import threading
import webbrowser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser

from wizard.management.base import WizardCommand
from wizard.target import Target

HOST = "127.0.0.1"  # the only host ALLOWED_HOSTS names besides localhost: never the network
DEFAULT_PORT = 8000
THREADS = 8  # every open page polls once a second while a job runs


class Command(WizardCommand):
    help = (
        "Migrate the wizard's own database, serve the web wizard on 127.0.0.1 with a WSGI server "
        "and open it in the browser, with the project at PATH loaded when one is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path", nargs="?", help="a project to load first (the folder with manage.py)"
        )
        parser.add_argument(
            "--target-settings",
            dest="target_settings",
            metavar="MODULE",
            help="--settings: the project's settings module (default: the one its manage.py sets)",
        )
        parser.add_argument(
            "--python", help="the interpreter with the project's Django and packages"
        )
        parser.add_argument(
            "--port",
            type=int,
            help=f"the port to listen on (default {DEFAULT_PORT}, else any free one)",
        )
        parser.add_argument(
            "--no-browser", action="store_true", help="print the address, do not open a browser"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = None
        if options["path"]:
            target = Target.resolve(
                options["path"], settings=options["target_settings"], python=options["python"]
            )
        port = options["port"]
        if port is not None and not 0 <= port <= 65535:
            raise CommandError(
                f"The port {port} is not a TCP port; pass --port a number from 1 to 65535 "
                "(0 takes any free one)."
            )
        prepare_data_dir()
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        server = create_server(port)
        base = f"http://{HOST}:{server.effective_port}"
        url = base + (load(target) if target else "/")
        if port is None and server.effective_port != DEFAULT_PORT:
            self.stdout.write(f"The port {DEFAULT_PORT} is in use; this wizard takes a free one.")
        self.stdout.write(f"Migration Wizard is serving on {base}/ (Ctrl-C stops it).")
        if target:
            self.stdout.write(f"Loading {str(target.root)!r}: {url}")
        if not options["no_browser"]:
            # A console browser would hold this thread: the server must already be running.
            threading.Thread(target=webbrowser.open, args=[url], daemon=True).start()
        self.stdout.flush()
        try:
            server.run()  # until Ctrl-C, which waitress catches
        finally:
            server.close()
        self.finish_jobs()
        self.stdout.write("Stopped.")

    def finish_jobs(self) -> None:
        """Let running jobs end: stopping a thread would leave the project's process behind."""
        from wizard_ui import jobs

        if not jobs.running():
            return
        self.stdout.write("Waiting for the running job to finish (Ctrl-C again stops at once).")
        self.stdout.flush()
        try:
            jobs.shutdown()
        except KeyboardInterrupt:
            self.stdout.write("Stopped without waiting.")
            self.stdout.flush()
            os._exit(130)  # the job threads would otherwise still be joined at exit


def prepare_data_dir() -> None:
    """Create the folders of the wizard's database and static files."""
    Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


def create_server(port: int | None) -> Any:
    """Return a listening waitress server of the wizard, its static files served by WhiteNoise.

    Without --port it takes 8000, or any free port when 8000 is in use (a project's runserver).
    """
    from waitress import create_server as waitress_server
    from whitenoise import WhiteNoise

    from config.wsgi import application

    app = WhiteNoise(application, root=settings.STATIC_ROOT, prefix=settings.STATIC_URL)
    for candidate in [DEFAULT_PORT, 0] if port is None else [port]:
        try:
            return waitress_server(
                app, host=HOST, port=candidate, threads=THREADS, ident="migration-wizard"
            )
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
    raise CommandError(
        f"The port {port} is already in use on {HOST}; pass another one with --port "
        "(or leave --port out to take a free one)."
    )


def load(target: Target) -> str:
    """Start loading ``target`` as a new plan, as the home page does; return the plan's path."""
    from wizard_ui.forms.project import allowed_roots
    from wizard_ui.views.start import start_plan

    # The person named this folder on the command line: the home page may load it again too.
    if not any(target.root.is_relative_to(root) for root in allowed_roots()):
        settings.WIZARD_PROJECT_ROOTS.append(target.root)
    return start_plan(target)
