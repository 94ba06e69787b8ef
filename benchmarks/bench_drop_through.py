"""Benchmark: handing the blog's through model back to Django at 100,000 through rows (not a test).

    .venv/bin/python benchmarks/bench_drop_through.py [--sizes N ...] [--large N] [--runs 1]
        [--vendors sqlite postgresql mysql] [--rehearsal-rows N] [--rehearsal-vendors ...]

The target is examples/blog after its m2m_through bundle (core.Post.categories through
PostCategory, table renamed to core_postcategory), in two variants: "plain" (the through model
Django would make) and "dropped field" (with a NOT NULL ``auto_now_add`` DateField
``date_created``, so migrating back can refill it, that the drop_through plan lists in
``drop_fields``). For each variant:
- build: make_bundle's engine for the drop_through plan, SQL previewed on the three databases
  (what the web wizard's preview does), once;
- then per database and size, on a fresh database filled with N through rows (pairs of
  N / 100 posts and 100 categories): bare RENAME (``ALTER TABLE core_postcategory RENAME TO
  core_post_categories``, the lower bound) and wizard SQL (the migration's statements as
  sqlmigrate prints them), each median of 7 in a transaction that is rolled back (not on MariaDB,
  whose DDL commits); wizard migrate: the whole ``migrate`` of the drop_through migration;
  back: ``migrate`` back to the through model;
- rehearsal: the whole rehearsal of each bundle with ROWS rows per model (the through model's
  rows included), as the web wizard's rehearse step runs it.
``--large`` (default 1,000,000; 0 skips it) adds that size on PostgreSQL; ``--runs`` takes the
median of that many fresh databases for each size. Prints Markdown tables (seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

FIELD = "core.Post.categories"
FORWARD = {"kind": "m2m_through", "field": FIELD, "through": "PostCategory"}
VARIANTS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    # name: (the m2m_through plan that makes the through model, the drop_through plan)
    "plain": (FORWARD, {"kind": "drop_through", "field": FIELD}),
    "dropped field": (
        {
            **FORWARD,
            "extra_fields": [
                {
                    "name": "date_created",
                    "type": "DateField",
                    "options": {"auto_now_add": True},
                    "backfill": "2024-01-01",
                }
            ],
        },
        {"kind": "drop_through", "field": FIELD, "drop_fields": ["date_created"]},
    ),
}
CATEGORIES = 100

CHILD = r"""
import json, os, sys, time
sys.path.insert(0, os.getcwd())
config = json.loads(sys.argv[1])
os.environ["DJANGO_SETTINGS_MODULE"] = "blog_site.settings"
import django
from django.conf import settings
settings.DATABASES = {"default": config["database"]}
django.setup()
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

NEW = ("core", config["migration"])
BEFORE = ("core", config["before"])
THROUGH = config["through_table"]
quote = connection.ops.quote_name


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def median_of(function, runs=7):
    # ``function`` must leave the database as it found it.
    return sorted(timed(function) for _ in range(runs))[runs // 2]


def rolled_back(statements):
    def run():
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            transaction.set_rollback(True)  # measured, then undone
    return median_of(run)


def seed(size):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_category (name, slug) SELECT %s, %s"
            + " UNION ALL SELECT %s, %s" * (config["categories"] - 1),
            [v for i in range(config["categories"]) for v in ("c%d" % i, "c%d" % i)],
        )
        for start in range(0, size // config["categories"], 1000):
            count = min(1000, size // config["categories"] - start)
            cursor.execute(
                "INSERT INTO core_post (title, body) VALUES "
                + ", ".join(["(%s, '')"] * count),
                ["p%d" % i for i in range(start, start + count)],
            )
        columns = [c.name for c in connection.introspection.get_table_description(cursor, THROUGH)]
        extra = ", date_created" if "date_created" in columns else ""
        value = ", %s" if extra else ""
        cursor.execute(
            "INSERT INTO %s (post_id, category_id%s) SELECT p.id, c.id%s "
            "FROM core_post p CROSS JOIN core_category c" % (quote(THROUGH), extra, value),
            ["2024-01-01"] if extra else [],
        )
        cursor.execute("SELECT COUNT(*) FROM %s" % quote(THROUGH))
        return cursor.fetchone()[0]


def migrate(target):
    MigrationExecutor(connection).migrate([target])


executor = MigrationExecutor(connection)
full = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
executor.migrate([], plan=[(m, False) for m, _ in full if (m.app_label, m.name) != NEW])
result = {"rows": seed(config["size"])}
if connection.features.can_rollback_ddl:
    result["bare"] = rolled_back(
        ["ALTER TABLE %s RENAME TO %s" % (quote(THROUGH), quote("core_post_categories"))]
    )
    loader = MigrationLoader(connection, replace_migrations=False)
    statements = loader.collect_sql([(loader.graph.nodes[NEW], False)])
    result["sql"] = rolled_back([s for s in statements if not s.startswith("--")])
result["migrate"] = timed(lambda: migrate(NEW))
result["back"] = timed(lambda: migrate(BEFORE))
print(json.dumps(result))
"""


@dataclass
class Variant:
    name: str
    copy: Path  # examples/blog after the m2m_through bundle, then the drop_through bundle
    bundle: Any
    target: Any  # the project as the m2m_through bundle left it
    before: str  # the m2m_through migration
    through_table: str
    build_seconds: float


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

    blog = Target.resolve(ROOT / "examples" / "blog")
    variants = []
    for name, (forward_plan, drop_plan) in VARIANTS.items():
        forward = build_bundle(blog, forward_plan, vendors=("sqlite",))
        given = copy_target(blog.root, folder / name.replace(" ", "-") / "given")
        apply(forward, given)
        target = Target.resolve(given)
        started = time.perf_counter()
        bundle = build_bundle(target, drop_plan)
        seconds = time.perf_counter() - started
        copy = copy_target(given, folder / name.replace(" ", "-") / "dropped")
        apply(bundle, copy)
        (copy / "bench_child.py").write_text(CHILD)
        model = bundle.snapshot.model("core.PostCategory")
        variants.append(
            Variant(name, copy, bundle, target, forward.migrations[0].name, model.table, seconds)
        )
    return variants


def measure(variant: Variant, vendor: str, size: int, runs: int) -> dict[str, Any]:
    """Return the median of ``runs`` measures, each on a fresh database."""
    found = [measure_once(variant, vendor, size) for _ in range(runs)]
    return {key: sorted(f[key] for f in found)[runs // 2] for key in found[0]}


def measure_once(variant: Variant, vendor: str, size: int) -> dict[str, Any]:
    from wizard.scratch import scratch_database

    with scratch_database(vendor, purpose="bench") as database:
        config = {
            "database": database,
            "size": size,
            "categories": CATEGORIES,
            "migration": variant.bundle.migrations[0].name,
            "before": variant.before,
            "through_table": variant.through_table,
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


def rehearsal(variant: Variant, vendor: str, rows: int) -> Any:
    from wizard.rehearsal import rehearse
    from wizard.scratch import server_url

    database = "sqlite" if vendor == "sqlite" else server_url(vendor)
    report = rehearse(variant.target, variant.bundle.to_zip(), database=database, rows=rows)
    if not report.ok:
        raise SystemExit(f"{variant.name} on {vendor}: {report.summary()}")
    return report


def seconds(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--vendors", nargs="+", default=["sqlite", "postgresql", "mysql"])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--rehearsal-rows", type=int, default=100_000)
    parser.add_argument("--rehearsal-vendors", nargs="+", default=["sqlite", "postgresql", "mysql"])
    options = parser.parse_args()
    runs = [(vendor, size) for vendor in options.vendors for size in options.sizes]
    if options.large and "postgresql" in options.vendors:
        runs.append(("postgresql", options.large))
    with tempfile.TemporaryDirectory(prefix="mw-bench-") as tmp:
        variants = build_variants(Path(tmp))
        print("| variant | build (3 databases) |\n|---|---:|")
        for variant in variants:
            print(f"| {variant.name} | {seconds(variant.build_seconds, 1)} |", flush=True)
        print(
            "\n| variant | database | through rows | bare RENAME | wizard SQL | wizard migrate | "
            "back |\n|---|---|---:|---:|---:|---:|---:|"
        )
        for vendor, size in runs:
            for variant in variants:
                found = measure(variant, vendor, size, options.runs)
                print(
                    f"| {variant.name} | {vendor} | {found['rows']:,} | "
                    f"{seconds(found.get('bare'), 4)} | {seconds(found.get('sql'), 4)} | "
                    f"{seconds(found['migrate'])} | {seconds(found['back'])} |",
                    flush=True,
                )
        print(
            "\n| variant | database | rows per model | seeded rows + pairs | rehearsal |"
            "\n|---|---|---:|---:|---:|"
        )
        for vendor in options.rehearsal_vendors:
            for variant in variants:
                report = rehearsal(variant, vendor, options.rehearsal_rows)
                print(
                    f"| {variant.name} | {vendor} | {options.rehearsal_rows:,} | "
                    f"{sum(report.seeded.values()):,} | {seconds(report.seconds, 1)} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
