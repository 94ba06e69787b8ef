"""Benchmark: moving Product from the app shop to the app catalog, there and back (not a test).

    .venv/bin/python benchmarks/bench_move_model.py [--sizes N ...] [--vendors sqlite mysql ...]

The target is the `store` project of the move_model tests: shop.Product has its own M2M to tags, a
self FK, a multi-table child (Special), reviews in its app and orders (an M2M and a one-to-one)
and generic notes in a third app. For each database and size, a fresh database of that project
gets N products, one tag pair per product, a review per two products, a Special per ten, an order
per ten (with its M2M pair and its one-to-one) and the content types and permissions `migrate`
creates (on PostgreSQL then VACUUM ANALYZE, so that autovacuum does not start on the fresh rows
while `migrate` is timed). Then it times:
- `migrate` of the bundle's three migrations, forward: with `"table": "keep"` only the migration
  state changes and one UPDATE gives the content type its new app label; with `"rename"` the
  model's table and its M2M table are renamed in the catalog (no row copied);
- the way back (`migrate catalog zero`, which unapplies the three);
- on SQLite, one `PRAGMA foreign_key_check` of the whole database, which Django's schema editor
  runs after every migration there (three each way), whatever the migration does.
Each run checks afterwards that every count, the content type's id and its app label are as they
should be. A fresh database per run; `--runs` takes the median. Prints a Markdown table (seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from tests.wizard.move_model_cases import plan, store  # noqa: E402

TABLES = ("keep", "rename")

CHILD = r"""
import json, os, sys, time
sys.path.insert(0, os.getcwd())
config = json.loads(sys.argv[1])
os.environ["DJANGO_SETTINGS_MODULE"] = "target_site.settings"
import django
from django.conf import settings
settings.DATABASES = {"default": config["database"]}
django.setup()
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

NEW = {tuple(node) for node in config["new"]}
VENDOR = connection.vendor
SERIES = {
    "postgresql": "SELECT g FROM generate_series(1, %d) AS g",
    "mysql": "SELECT seq AS g FROM seq_1_to_%d",
    "sqlite": "WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < %d) "
    "SELECT g FROM s",
}
COUNTED = {
    "products": "product",
    "tag pairs": "product_tags",
    "reviews": "shop_review",
    "specials": "shop_special",
    "orders": "orders_order",
    "order pairs": "orders_order_products",
}


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def seed(size, state):
    series = SERIES[VENDOR] % size
    statements = [
        "INSERT INTO shop_category (name) SELECT 'c' || g FROM (%s) AS s WHERE g <= 100",
        "INSERT INTO shop_tag (name) SELECT 't' || g FROM (%s) AS s WHERE g <= 100",
        "INSERT INTO shop_product (name, category_id, replaces_id) SELECT 'p' || g, "
        "(SELECT MIN(id) FROM shop_category), NULL FROM (%s) AS s",
        "INSERT INTO shop_product_tags (product_id, tag_id) SELECT id, "
        "(SELECT MIN(id) FROM shop_tag) FROM shop_product",
        "INSERT INTO shop_review (product_id, stars) SELECT id, 4 FROM shop_product "
        "WHERE id %% 2 = 0",
        "INSERT INTO shop_special (product_ptr_id, discount) SELECT id, 10 FROM shop_product "
        "WHERE id %% 10 = 3",
        "INSERT INTO orders_order (number, first_id) SELECT 'o' || id, id FROM shop_product "
        "WHERE id %% 10 = 5",
        "INSERT INTO orders_order_products (order_id, product_id) SELECT id, first_id "
        "FROM orders_order",
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            statement = statement % series if "%s" in statement else statement % ()
            if VENDOR == "mysql":
                statement = statement.replace("'p' || g", "CONCAT('p', g)").replace(
                    "'o' || id", "CONCAT('o', id)"
                ).replace("'c' || g", "CONCAT('c', g)").replace("'t' || g", "CONCAT('t', g)")
            cursor.execute(statement)
    for label in ("shop", "orders"):  # as migrate's post_migrate makes them, before the bundle
        create_contenttypes(apps.get_app_config(label), verbosity=0, apps=state.apps)
        create_permissions(apps.get_app_config(label), verbosity=0, apps=state.apps)


def facts():
    prefix = "shop" if table_at_home() else "catalog"
    found = {}
    with connection.cursor() as cursor:
        for what, table in COUNTED.items():
            name = prefix + "_" + table if table.startswith("product") else table
            cursor.execute("SELECT COUNT(*) FROM %s" % name)
            found[what] = cursor.fetchone()[0]
        cursor.execute("SELECT id, app_label FROM django_content_type WHERE model = 'product'")
        found["content type"] = list(cursor.fetchone())
    return found


def table_at_home():
    return "shop_product" in connection.introspection.table_names()


def migrate(targets):
    executor = MigrationExecutor(connection)
    return timed(lambda: executor.migrate(targets))


executor = MigrationExecutor(connection)
full = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
state = executor.migrate(
    [], plan=[(m, False) for m, _ in full if (m.app_label, m.name) not in NEW]
)
seed(config["size"], state)
if VENDOR == "postgresql":  # or autovacuum works on the fresh rows while migrate is timed
    connection.cursor().execute("VACUUM ANALYZE")
before = facts()
forward = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
after = facts()
back = migrate([("catalog", None)])
again = facts()
check = timed(connection.check_constraints) if VENDOR == "sqlite" else 0.0
moved = before["content type"][0], "catalog"
assert after == {**before, "content type": list(moved)}, (before, after)
assert again == before, (before, again)
assert table_at_home()
seconds = {"forward": forward, "back": back, "check": check}
print(json.dumps({"products": before["products"], **seconds}))
"""


def build_copies(folder: Path) -> tuple[dict[str, Path], list[list[str]]]:
    """Return a copy of the store project per table choice, with its bundle applied."""
    import django

    django.setup()
    from wizard.bundle import build_bundle, unpack
    from wizard.childproc import copy_target
    from wizard.target import Target

    target = Target.resolve(store(folder / "made"))
    copies = {}
    new: list[list[str]] = []
    for table in TABLES:
        bundle = build_bundle(target, plan("shop.Product", "catalog", table), vendors=("sqlite",))
        copy = copy_target(target.root, folder / table)
        unpack(bundle, copy)
        (copy / "bench_child.py").write_text(CHILD)
        copies[table] = copy
        new = [[m.app_label, m.name] for m in bundle.migrations]
    return copies, new


def run(copy: Path, new: list[list[str]], vendor: str, size: int) -> Any:
    from wizard.scratch import scratch_database

    with scratch_database(vendor, purpose="benchmove") as database:
        config = {"database": database, "size": size, "new": new}
        proc = subprocess.run(
            [sys.executable, "bench_child.py", json.dumps(config)],
            cwd=copy,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
    if proc.returncode:
        raise SystemExit(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--vendors", nargs="+", default=["sqlite", "postgresql", "mysql"])
    parser.add_argument("--runs", type=int, default=1, help="runs per measure (median)")
    options = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="mw-bench-") as tmp:
        copies, new = build_copies(Path(tmp))
        for vendor in options.vendors:
            for size in options.sizes:
                seconds: list[float] = []
                checks: list[float] = []
                products = 0
                for table in TABLES:
                    results = [run(copies[table], new, vendor, size) for _ in range(options.runs)]
                    products = results[0]["products"]
                    seconds += [median([r[way] for r in results]) for way in ("forward", "back")]
                    checks += [r["check"] for r in results]
                rows.append((vendor, products, *seconds, median(checks)))
                print(f"# {rows[-1]}", file=sys.stderr)
    print(table_of(rows))


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def table_of(rows: list[tuple[Any, ...]]) -> str:
    lines = [
        "| database | products | keep: migrate | keep: back | rename: migrate | rename: back "
        "| one FK check |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for vendor, products, *seconds, check in rows:
        cells = " | ".join(f"{s:.3f} s" for s in seconds)
        checked = f"{check:.3f} s" if vendor == "sqlite" else "n/a"
        lines.append(f"| {vendor} | {products:,} | {cells} | {checked} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
