"""Benchmark: flattening Plane out of its parent Aircraft at 100,000 planes (not a test).

    .venv/bin/python benchmarks/bench_flatten_parent.py [--sizes N ...] [--large N] [--runs 1]
        [--vendors sqlite postgresql mysql]

The target is examples/fleet after its new_parent bundle (``Plane(Aircraft)``, ``registration``
on the parent), with two flatten_parent bundles: ``keep_parent`` true (the parent's table and rows
stay) and false (the parent is dropped: nothing else needs it in the fleet). Per database and
size, fresh databases are filled with about N planes, each with its Aircraft row (ids with gaps
and a deleted tail), one parking bay and one pilot pair per ten planes, as bench_new_parent does;
then ``migrate`` of the flatten_parent migration (Django's state work included) and ``back``,
``migrate`` to the new_parent bundle's last migration. ``--large`` (default 0: skipped) adds that
size on PostgreSQL; ``--runs`` takes the median of that many fresh databases. Prints a Markdown
table (seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

NEW_PARENT = {
    "kind": "new_parent",
    "model": "part1.Plane",
    "parent": "Aircraft",
    "move_fields": ["registration"],
}
VARIANTS = {"keep": True, "drop": False}  # name: keep_parent

CHILD = r"""
import json, os, sys, time
sys.path.insert(0, os.getcwd())
config = json.loads(sys.argv[1])
os.environ["DJANGO_SETTINGS_MODULE"] = "fleet_site.settings"
import django
from django.conf import settings
settings.DATABASES = {"default": config["database"]}
django.setup()
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

NEW = ("part1", config["migration"])
BEFORE = ("part1", config["before"])
VENDOR = connection.vendor

SERIES = {
    "postgresql": "SELECT g FROM generate_series(1, %d) AS g",
    "sqlite": "WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < %d) "
    "SELECT g FROM s",
    # MariaDB's recursive CTEs stop at max_recursive_iterations (1000); its sequence engine doesn't.
    "mysql": "SELECT seq AS g FROM seq_1_to_%d",
}


def text(prefix, column):
    if VENDOR == "mysql":
        return "CONCAT('%s', %s)" % (prefix, column)
    return "'%s' || %s" % (prefix, column)


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def seed(size):
    made = size * 7 // 6 + 3  # every 7th and the last 3 go: about `size` planes stay
    with transaction.atomic(), connection.cursor() as cursor:
        series = SERIES[VENDOR] % made
        cursor.execute(
            "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, "
            "email, is_staff, is_active, date_joined) SELECT '!', false, %s, '', '', "
            "'', false, true, '2024-01-01' FROM (%s) AS users WHERE g <= 100"
            % (text("pilot", "g"), series)
        )
        cursor.execute(
            "INSERT INTO part1_aircraft (registration) SELECT %s FROM (%s) AS planes"
            % (text("G-", "g"), series)
        )
        cursor.execute("INSERT INTO part1_plane (aircraft_ptr_id) SELECT id FROM part1_aircraft")
        gone = "{0} % 7 = 0 OR {0} > " + str(made - 3)
        cursor.execute("DELETE FROM part1_plane WHERE " + gone.format("aircraft_ptr_id"))
        cursor.execute("DELETE FROM part1_aircraft WHERE " + gone.format("id"))
        cursor.execute(
            "INSERT INTO part1_parkingbay (code, plane_id) SELECT %s, aircraft_ptr_id "
            "FROM part1_plane WHERE aircraft_ptr_id %% 10 = 1" % text("B-", "aircraft_ptr_id")
        )
        cursor.execute(
            "INSERT INTO part1_plane_pilots (plane_id, user_id) SELECT aircraft_ptr_id, "
            "(SELECT MIN(id) FROM auth_user) FROM part1_plane WHERE aircraft_ptr_id % 10 = 2"
        )
        cursor.execute("SELECT COUNT(*) FROM part1_plane")
        return cursor.fetchone()[0]


def migrate(target):
    MigrationExecutor(connection).migrate([target])


executor = MigrationExecutor(connection)
full = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
executor.migrate([], plan=[(m, False) for m, _ in full if (m.app_label, m.name) != NEW])
result = {"children": seed(config["size"])}
result["migrate"] = timed(lambda: migrate(NEW))
with connection.cursor() as cursor:
    cursor.execute("SELECT COUNT(*) FROM part1_plane WHERE registration LIKE 'G-%'")
    assert cursor.fetchone()[0] == result["children"], "the values did not come down"
result["back"] = timed(lambda: migrate(BEFORE))
print(json.dumps(result))
"""


@dataclass
class Variant:
    name: str
    copy: Path  # the fleet after its new_parent bundle, then this flatten_parent bundle
    migration: str  # the flatten_parent migration
    before: str  # new_parent's last migration


def apply(bundle: Any, root: Path) -> None:
    from wizard.bundle import write_files

    write_files(root, bundle.files)
    subprocess.run(
        ["patch", "-p1", "--batch", "--silent"], input=bundle.patch.encode(), cwd=root, check=True
    )


def build_variants(folder: Path) -> list[Variant]:
    import django

    django.setup()
    from wizard.bundle import build_bundle
    from wizard.childproc import copy_target
    from wizard.target import Target

    fleet = Target.resolve(ROOT / "examples" / "fleet")
    forward = build_bundle(fleet, NEW_PARENT, vendors=("sqlite",))
    given = copy_target(fleet.root, folder / "given")
    apply(forward, given)
    target = Target.resolve(given)
    variants = []
    for name, keep_parent in VARIANTS.items():
        plan = {"kind": "flatten_parent", "model": "part1.Plane", "keep_parent": keep_parent}
        bundle = build_bundle(target, plan, vendors=("sqlite",))
        copy = copy_target(given, folder / name)
        apply(bundle, copy)
        (copy / "bench_child.py").write_text(CHILD)
        [migration] = bundle.migrations
        variants.append(Variant(name, copy, migration.name, forward.migrations[-1].name))
    return variants


def measure(variant: Variant, vendor: str, size: int, runs: int) -> dict[str, Any]:
    """Return the median of ``runs`` measures, each on a fresh database."""
    found = [measure_once(variant, vendor, size) for _ in range(runs)]
    return {key: sorted(f[key] for f in found)[runs // 2] for key in found[0]}


def measure_once(variant: Variant, vendor: str, size: int) -> dict[str, Any]:
    from wizard.scratch import scratch_database

    with scratch_database(vendor, purpose="benchflat") as database:
        config = {
            "database": database,
            "size": size,
            "migration": variant.migration,
            "before": variant.before,
        }
        proc = subprocess.run(
            [sys.executable, "bench_child.py", json.dumps(config)],
            cwd=variant.copy,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
    if proc.returncode:
        raise SystemExit(proc.stderr[-3000:])
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--large", type=int, default=0)
    parser.add_argument("--vendors", nargs="+", default=["sqlite", "postgresql", "mysql"])
    parser.add_argument("--runs", type=int, default=1, help="runs per measure (median)")
    options = parser.parse_args()
    runs = [(vendor, size) for vendor in options.vendors for size in options.sizes]
    if options.large and "postgresql" in options.vendors:
        runs.append(("postgresql", options.large))
    with tempfile.TemporaryDirectory(prefix="mw-bench-") as tmp:
        variants = build_variants(Path(tmp))
        print(
            "| database | planes | migrate, keep parent | back | migrate, drop parent | back |"
            "\n|---|---:|---:|---:|---:|---:|",
            flush=True,
        )
        for vendor, size in runs:
            found = {v.name: measure(v, vendor, size, options.runs) for v in variants}
            print(
                f"| {vendor} | {found['keep']['children']:,} | "
                f"{found['keep']['migrate']:.3f} s | {found['keep']['back']:.3f} s | "
                f"{found['drop']['migrate']:.3f} s | {found['drop']['back']:.3f} s |",
                flush=True,
            )


if __name__ == "__main__":
    main()
