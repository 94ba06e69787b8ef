"""Server time of every step of the web wizard, and how long its background work takes.

    .venv/bin/python benchmarks/bench_web_steps.py [--repeat 20] [--rows 200]

Walks both examples (blog: m2m_through, fleet: new_parent) through the wizard with Django's test
client against a temporary database, the way a browser does: each POST returns at once and the
long work (loading the project, building the preview, rehearsing) runs in the background while
the page polls. Every page is then requested REPEAT times. Prints Markdown tables (milliseconds
for requests, seconds for background work).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PLANS = {
    "blog": ("m2m_through", {
        "field": "core.Post.categories", "through": "PostCategory", "table": "rename",
        "extra-TOTAL_FORMS": "1", "extra-INITIAL_FORMS": "0", "extra-MIN_NUM_FORMS": "0",
        "extra-MAX_NUM_FORMS": "10", "extra-0-name": "date_created", "extra-0-type": "DateField",
        "extra-0-options": '{"auto_now_add": true}', "extra-0-backfill": "2024-01-01",
    }),
    "fleet": ("new_parent", {
        "model": "part1.Plane", "parent": "Aircraft", "move_fields": ["registration"],
    }),
}  # fmt: skip


def timed(call: Callable[[], object]) -> float:
    began = time.perf_counter()
    call()
    return (time.perf_counter() - began) * 1000


def wait_for(job_kind: str, plan_id: str) -> float:
    from wizard_ui.models import Job

    while True:
        job = Job.objects.filter(plan_id=plan_id, task=job_kind).order_by("-created_at").first()
        if job is not None and job.finished:
            if job.state != Job.DONE:
                raise SystemExit(f"{job_kind} failed: {job.error}")
            return job.seconds or 0.0
        time.sleep(0.2)


def walk(client: object, example: str, rows: int) -> tuple[str, dict[str, float], dict[str, float]]:
    """Walk one example through every step; return the plan id, POST times and job times."""
    from django.test import Client

    assert isinstance(client, Client)
    kind, details = PLANS[example]
    posts: dict[str, float] = {}
    work: dict[str, float] = {}
    response = None

    def post_example() -> None:
        nonlocal response
        response = client.post("/", {"example": example})

    posts["POST / (load an example)"] = timed(post_example)
    assert response is not None
    plan = response["Location"].split("/")[2]
    base = f"/plans/{plan}/"
    work["loading the project"] = wait_for("load", plan)
    posts["POST refactor/"] = timed(lambda: client.post(base + "refactor/", {"kind": kind}))
    posts["POST details/check/ (as you type)"] = timed(
        lambda: client.post(base + "details/check/", details, HTTP_HX_REQUEST="true")
    )
    posts["POST details/ (stores, starts the preview)"] = timed(
        lambda: client.post(base + "details/", details)
    )
    work["building the preview"] = wait_for("preview", plan)
    posts["POST rehearse/ (starts the rehearsal)"] = timed(
        lambda: client.post(base + "rehearse/", {"database": "sqlite", "rows": str(rows)})
    )
    work[f"rehearsal ({rows} rows per model, SQLite)"] = wait_for("rehearsal", plan)
    return plan, posts, work


def pages(plan: str, slides: int) -> dict[str, str]:
    base = f"/plans/{plan}/"
    found = {
        "GET / (home)": "/",
        "GET plans/ (plan list)": "/plans/",
        "GET project": base,
        "GET refactor/": base + "refactor/",
        "GET details/": base + "details/",
        "GET preview/": base + "preview/",
        "GET rehearse/": base + "rehearse/",
        "GET download/": base + "download/",
    }
    for number in range(1, slides + 1):
        found[f"GET walkthrough/{number}/"] = f"{base}walkthrough/{number}/"
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rows", type=int, default=200)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="mw-bench-web-")
    os.environ["WIZARD_DB"] = str(Path(folder) / "wizard.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)
    client = Client()
    for example in PLANS:
        plan, posts, work = walk(client, example, args.rows)
        slides = len(client.get(f"/plans/{plan}/preview/").context["preview"]["migrations"]) + 2
        print(f"\n### {example} ({PLANS[example][0]})\n")
        print("| Request | median ms | slowest ms |")
        print("|---|---:|---:|")
        for name, path in pages(plan, slides).items():
            client.get(path)  # the first view of a page compiles its templates once
            times = [timed(lambda path=path: client.get(path)) for _ in range(args.repeat)]
            print(f"| {name} | {statistics.median(times):.1f} | {max(times):.1f} |")
        for name, ms in posts.items():
            print(f"| {name} | {ms:.1f} | (once) |")
        print("\n| Background work (the page shows progress meanwhile) | seconds |")
        print("|---|---:|")
        for name, seconds in work.items():
            print(f"| {name} | {seconds:.1f} |")


if __name__ == "__main__":
    main()
