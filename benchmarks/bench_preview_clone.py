"""Would migrating once per database and cloning it let the preview and the rehearsal share work?

    .venv/bin/python benchmarks/bench_preview_clone.py [--migrations 300] [--runs 3]
                                                       [--vendors sqlite postgresql mysql]

On bench_inspect's generated target (100 models, MIGRATIONS migrations in 4 apps), per database:
"migrate" is the target's own migrations on an empty scratch database (what the preview and the
rehearsal's seeding each do today), timed inside the child and as the whole child process; "clone"
makes a second database from the migrated one (SQLite: a file copy; PostgreSQL: CREATE DATABASE …
TEMPLATE; MariaDB, which has no template: mariadb-dump piped into mariadb); "child on the clone" is
the same child process finding nothing left to migrate (what a preview or a rehearsal started from a
clone would still pay). Prints a Markdown table of medians.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks import bench_inspect  # noqa: E402
from wizard.childproc import run_child, workspace  # noqa: E402
from wizard.scratch import parse_server_url, scratch_database, server_url  # noqa: E402

SETTINGS = "target_site.settings"


def migrate(copy: Path, entry: dict[str, Any]) -> tuple[float, float]:
    """Migrate ``entry`` in a child; return (seconds inside the child, seconds of the process)."""
    started = time.perf_counter()
    result = run_child(
        sys.executable,
        "seed",
        {"settings": SETTINGS, "databases": {"default": entry}, "fill": False},
        cwd=copy,
        timeout=1800,
    )
    return result["migrate_seconds"], time.perf_counter() - started


def clone(vendor: str, entry: dict[str, Any], into: dict[str, Any]) -> float:
    """Copy the migrated database ``entry`` over the empty database ``into``; return seconds."""
    started = time.perf_counter()
    if vendor == "sqlite":
        shutil.copyfile(entry["NAME"], into["NAME"])
    elif vendor == "postgresql":
        import psycopg

        server = parse_server_url(server_url("postgresql"))
        with psycopg.connect(
            host=server.host, port=server.port or 5432, user=server.user, autocommit=True
        ) as admin:
            admin.execute(f'DROP DATABASE "{into["NAME"]}"')
            admin.execute(f'CREATE DATABASE "{into["NAME"]}" TEMPLATE "{entry["NAME"]}"')
    else:
        server = parse_server_url(server_url("mysql"))
        login = ["-h", server.host, "-P", str(server.port or 3306), "-u", server.user]
        dump = subprocess.Popen(
            ["mariadb-dump", *login, "--single-transaction", entry["NAME"]],
            stdout=subprocess.PIPE,
        )
        subprocess.run(["mariadb", *login, into["NAME"]], stdin=dump.stdout, check=True)
        if dump.wait() != 0:
            raise SystemExit("mariadb-dump failed")
    return time.perf_counter() - started


def one_run(vendor: str, copy: Path) -> dict[str, float]:
    with scratch_database(vendor, purpose="bench") as entry:
        inside, process = migrate(copy, entry)
        with scratch_database(vendor, purpose="bench") as into:
            cloned = clone(vendor, entry, into)
            _, on_clone = migrate(copy, into)
    return {"inside": inside, "process": process, "clone": cloned, "on_clone": on_clone}


def median(runs: list[dict[str, float]], key: str) -> str:
    return f"{statistics.median(run[key] for run in runs):.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--migrations", type=int, default=bench_inspect.MIGRATIONS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--vendors", nargs="+", default=["sqlite", "postgresql", "mysql"])
    args = parser.parse_args()
    bench_inspect.MIGRATIONS = args.migrations
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="mw-bench-clone-") as folder:
        root = bench_inspect.build_target(Path(folder), 4)
        with workspace(root) as copy:
            for vendor in args.vendors:
                runs = [one_run(vendor, copy) for _ in range(args.runs)]
                keys = ("inside", "process", "clone", "on_clone")
                rows.append(f"| {vendor} | " + " | ".join(median(runs, k) for k in keys) + " |")
    print(f"{args.migrations} migrations, 100 models; median of {args.runs} runs")
    print("| database | migrate (in child) | migrate (process) | clone | child on the clone |")
    print("|---|---:|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
