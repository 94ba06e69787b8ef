"""Server time of the project page for a generated 40-app project, whole and filtered.

    .venv/bin/python benchmarks/bench_project_page.py [--repeat 30]

Generates tests/big_target.py's project (40 apps of 3 models each, installed apps too), loads it
once as the web wizard does, then requests its project page REPEAT times with Django's test
client: the whole page, a filtered page (``?q=``, plain GET) and the fragment the filter box asks
for as you type (htmx). The time is the server's own (the Server-Timing header of every
response), without the test environment's template instrumentation, which copies every
context. Prints a Markdown table of milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

AIM_MS = 200


def server_ms(response: object) -> float:
    """Return the server's own time for ``response`` (its Server-Timing header), in ms."""
    header = response["Server-Timing"]  # type: ignore[index]
    return float(header.removeprefix("app;dur="))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="mw-bench-project-"))
    os.environ["WIZARD_DB"] = str(folder / "wizard.sqlite3")
    os.environ["WIZARD_PROJECT_ROOTS"] = str(folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from tests.big_target import forty_apps_target
    from wizard.target import load_target
    from wizard_ui.models import Plan

    call_command("migrate", verbosity=0)
    snapshot = load_target(forty_apps_target(folder))
    target = snapshot.target
    plan = Plan.objects.create(
        target_root=str(target.root),
        settings_module=target.settings,
        python=target.python,
        snapshot=snapshot.raw,
    )
    client = Client()
    url = f"/plans/{plan.pk}/"
    requests = {
        "GET project (whole page, 40 apps)": (url, {}),
        "GET project?q=order (plain GET, filtered)": (url + "?q=order", {}),
        "GET project?q=amount (htmx fragment, as you type)": (
            url + "?q=amount",
            {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "project-apps"},
        ),
    }
    own = len(snapshot.own_apps())
    print(f"{len(snapshot.apps)} apps ({own} own), {len(snapshot.models)} models")
    print("\n| Request | median ms | slowest ms | bytes |")
    print("|---|---:|---:|---:|")
    slowest_median = 0.0
    for name, (path, headers) in requests.items():
        response = client.get(path, **headers)  # compiles the templates once
        assert response.status_code == 200, response.status_code
        times = [server_ms(client.get(path, **headers)) for _ in range(args.repeat)]
        median = statistics.median(times)
        slowest_median = max(slowest_median, median)
        print(f"| {name} | {median:.1f} | {max(times):.1f} | {len(response.content):,} |")
    verdict = "under" if slowest_median < AIM_MS else "OVER"
    print(f"\nEvery median is {verdict} the {AIM_MS} ms aim.")


if __name__ == "__main__":
    main()
