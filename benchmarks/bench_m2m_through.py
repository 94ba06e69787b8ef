"""Benchmark: giving an auto-created M2M a through model, zero-copy vs copying rows (not a test).

    .venv/bin/python benchmarks/bench_m2m_through.py [--sizes N ...] [--vendors sqlite postgresql]

For each database and size, on a copy of examples/blog filled with N post-category pairs:
- bare rename: one `ALTER TABLE core_post_categories RENAME TO core_postcategory` (the lower
  bound), in a transaction that is rolled back, median of 7 runs;
- wizard SQL: the statements of the wizard's migration (as sqlmigrate shows them), measured the
  same way; wizard migrate: the whole `migrate` of that migration (Django's state work
  included, which does not depend on N);
- wizard + extra field: the same plan with a NOT NULL DateField and a backfill;
- copy recipe (the smallest size only, 100,000 by default): step 4 of the story in shared/seeds,
  a RunPython loop that calls get_or_create() for every pair.
Prints a Markdown table (seconds).
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

PLAN = {"kind": "m2m_through", "field": "core.Post.categories", "through": "PostCategory"}
EXTRA = {
    **PLAN,
    "extra_fields": [{"name": "date_created", "type": "DateField", "backfill": "2024-01-01"}],
}
CATEGORIES = 100

CHILD = r"""
import datetime, json, os, sys, time
sys.path.insert(0, os.getcwd())
config = json.loads(sys.argv[1])
os.environ["DJANGO_SETTINGS_MODULE"] = "blog_site.settings"
import django
from django.conf import settings
settings.DATABASES = {"default": config["database"]}
django.setup()
from django.db import connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

NEW = ("core", config["migration"])
BEFORE = ("core", "0002_remove_post_category_post_categories")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def median_of(function, runs=7):
    # ``function`` must leave the database as it found it.
    return sorted(timed(function) for _ in range(runs))[runs // 2]


def seed(size):
    from core.models import Category, Post
    Category.objects.bulk_create(Category(name="c%d" % i, slug="c%d" % i) for i in range(100))
    Post.objects.bulk_create(Post(title="p%d" % i) for i in range(size // 100))
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_post_categories (post_id, category_id) "
            "SELECT p.id, c.id FROM core_post p CROSS JOIN core_category c"
        )
        cursor.execute("SELECT COUNT(*) FROM core_post_categories")
        return cursor.fetchone()[0]


def bare_rename():
    quote = connection.ops.quote_name
    def forward():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "ALTER TABLE %s RENAME TO %s"
                % (quote("core_post_categories"), quote("core_postcategory"))
            )
            transaction.set_rollback(True)  # measured like the wizard's SQL, then undone
    return median_of(forward)


def migration_sql():
    loader = MigrationLoader(connection, replace_migrations=False)
    statements = loader.collect_sql([(loader.graph.nodes[NEW], False)])
    statements = [s for s in statements if not s.startswith("--")]
    def run():
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            transaction.set_rollback(True)  # measured, then undone
    return median_of(run)


def copy_recipe():
    # The story's step 4 runs while the models still have the auto-created table: use the
    # historical models of the migration before the wizard's (the patched ones point elsewhere).
    state = MigrationExecutor(connection).loader.project_state(BEFORE)
    Post = state.apps.get_model("core", "Post")
    Category = state.apps.get_model("core", "Category")

    class PostCategoryCopy(models.Model):
        post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
        category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
        date_created = models.DateField()

        class Meta:
            apps = state.apps
            app_label = "core"
            db_table = "bench_postcategory"
            unique_together = [("post", "category")]

    with connection.schema_editor() as editor:
        editor.create_model(PostCategoryCopy)

    def forward():  # the story's RunPython, with today's models (historical ones are the same)
        with transaction.atomic():
            for post in Post.objects.all():
                for category in post.categories.all():
                    PostCategoryCopy.objects.get_or_create(
                        post=post, category=category,
                        defaults={"date_created": datetime.date.today()},
                    )
    return timed(forward)


executor = MigrationExecutor(connection)
full = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
executor.migrate([], plan=[(m, False) for m, _ in full if (m.app_label, m.name) != NEW])
result = {"pairs": seed(config["size"])}
if config["bare"]:
    result["bare"] = bare_rename()
    result["sql"] = migration_sql()
result["migrate"] = timed(lambda: migrate(NEW))
if config["copy"]:
    migrate(BEFORE)
    result["copy"] = copy_recipe()
print(json.dumps(result))
"""


def build_copies(folder: Path) -> dict[str, tuple[Path, str]]:
    """Return {variant: (copy of examples/blog holding that bundle's migration, its name)}."""
    import django

    django.setup()
    from wizard.bundle import build_bundle, write_files
    from wizard.childproc import copy_target
    from wizard.target import Target

    target = Target.resolve(ROOT / "examples" / "blog")
    copies = {}
    for variant, plan in (("plain", PLAN), ("extra", EXTRA)):
        bundle = build_bundle(target, plan, vendors=("sqlite",))
        copy = copy_target(target.root, folder / variant)
        write_files(copy, bundle.files)
        subprocess.run(
            ["patch", "-p1", "--batch", "--silent"],
            input=bundle.patch.encode(),
            cwd=copy,
            check=True,
        )
        (copy / "bench_child.py").write_text(CHILD)
        copies[variant] = (copy, bundle.migrations[0].name)
    return copies


def run(
    copy: Path, migration: str, vendor: str, size: int, *, bare: bool, copy_recipe: bool
) -> Any:
    from wizard.scratch import scratch_database

    with scratch_database(vendor, purpose="bench") as database:
        config = {
            "database": database,
            "size": size,
            "migration": migration,
            "bare": bare,
            "copy": copy_recipe,
        }
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
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--vendors", nargs="+", default=["sqlite", "postgresql"])
    options = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="mw-bench-") as tmp:
        copies = build_copies(Path(tmp))
        for vendor in options.vendors:
            for size in options.sizes:
                plain = run(
                    *copies["plain"],
                    vendor,
                    size,
                    bare=True,
                    copy_recipe=size == min(options.sizes),
                )
                extra = run(*copies["extra"], vendor, size, bare=False, copy_recipe=False)
                rows.append((vendor, plain, extra))
                print(f"# {vendor} {size}: {plain} {extra}", file=sys.stderr)
    print(table(rows))


def table(rows: list[tuple[str, dict[str, float], dict[str, float]]]) -> str:
    lines = [
        "| database | relations | bare RENAME | wizard SQL | wizard migrate | "
        "wizard + extra field | per-row copy recipe | copy / wizard migrate |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for vendor, plain, extra in rows:
        copy = plain.get("copy")
        ratio = f"{copy / plain['migrate']:,.0f}x" if copy else "-"
        lines.append(
            f"| {vendor} | {plain['pairs']:,} | {plain['bare']:.4f} s | {plain['sql']:.4f} s | "
            f"{plain['migrate']:.3f} s | {extra['migrate']:.3f} s | "
            f"{f'{copy:.1f} s' if copy else '-'} | {ratio} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
