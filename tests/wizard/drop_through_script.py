"""Run inside a target copy (its own interpreter): seed, apply a drop_through bundle, prove it.

    python mw_check.py seed  CONFIG_JSON   # before models.patch: migrate + seed the through model
    python mw_check.py check CONFIG_JSON   # after models.patch: migrate, verify, go back, verify

(tests/wizard/test_drop_through_apply.py copies this file into each target copy; it holds no
tests.) The database is the MW_DB environment variable (a DATABASES entry as JSON). The last line
printed is a JSON report; ``problems`` lists everything that did not hold.
"""

import json
import os
import sys


def setup(config):
    os.environ["DJANGO_SETTINGS_MODULE"] = config["settings"]
    import django
    from django.conf import settings

    settings.DATABASES = {"default": json.loads(os.environ["MW_DB"])}
    django.setup()


def field_of(config):
    from django.apps import apps

    return apps.get_model(config["app"], config["model"])._meta.get_field(config["field"])


def rows(table, columns):
    from django.db import connection

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {quote(columns[0])}, {quote(columns[1])} FROM {quote(table)}")
        return {str(pk): [a, b] for pk, a, b in cursor.fetchall()}


def columns_of(table):
    from django.db import connection

    with connection.cursor() as cursor:
        return sorted(c.name for c in connection.introspection.get_table_description(cursor, table))


def seed(config):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    field = field_of(config)
    through = field.remote_field.through
    sources = [field.model.objects.create(**config["source_values"]) for _ in range(3)]
    target_model = field.remote_field.model
    targets = (
        sources
        if target_model is field.model
        else [target_model.objects.create(**config["target_values"]) for _ in range(2)]
    )
    keys = config["keys"]
    expected = {}
    for a, b in config["pairs"]:
        values = {keys[0]: sources[a], keys[1]: targets[b], **(config["extra_values"] or {})}
        row = through.objects.create(**values)
        if [sources[a].pk, targets[b].pk] not in expected.values():
            expected[str(row.pk)] = [sources[a].pk, targets[b].pk]  # the lowest id of the pair
    last = through.objects.create(**{keys[0]: sources[2], keys[1]: targets[1]})
    high_water = last.pk
    last.delete()  # the counter's high-water mark is now above max(id)
    return {
        "high_water": high_water,
        "old_columns": columns_of(through._meta.db_table),
        "rows": expected,
    }


def check(config):
    from django.core.management import call_command
    from django.db import connection

    problems = []
    app = config["app"]
    if config.get("refused"):
        try:
            call_command("migrate", app, verbosity=0)
        except Exception as exc:  # the RunPython's refusal, before any DDL
            if config["refused"] not in str(exc):
                problems.append(f"unexpected failure: {exc}")
        else:
            problems.append("the migration ran despite duplicate pairs")
        table_rows = rows(config["old_table"], config["old_key_columns"])
        if len(table_rows) != len(config["pairs"]):
            problems.append(f"rows changed after the refusal: {table_rows!r}")
        if columns_of(config["old_table"]) != config["old_columns"]:
            problems.append("the table changed after the refusal")
        return {"problems": problems}
    call_command("migrate", app, verbosity=0)
    field = field_of(config)
    through = field.remote_field.through
    if not through._meta.auto_created:
        problems.append("the field still has a declared through model")
    table = through._meta.db_table
    if table != config["new_table"]:
        problems.append(f"table {table!r}, expected {config['new_table']!r}")
    columns = [field.m2m_column_name(), field.m2m_reverse_name()]
    if columns_of(table) != sorted(["id", *columns]):
        problems.append(f"columns {columns_of(table)!r}")
    after = rows(table, columns)
    if after != config["expected_rows"]:
        problems.append(f"rows {after!r}, expected {config['expected_rows']!r}")
    source = field.model.objects.order_by("pk").first()
    other = field.remote_field.model.objects.order_by("-pk").first()
    getattr(source, field.name).remove(other)
    getattr(source, field.name).add(other)
    new_id = through.objects.get(**{columns[0]: source.pk, columns[1]: other.pk}).pk
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit:
        problems.append("makemigrations --check finds changes after the patch")
    call_command("migrate", app, config["before_leaf"], verbosity=0)
    connection.close()
    if columns_of(config["old_table"]) != config["old_columns"]:
        problems.append(f"columns after going back: {columns_of(config['old_table'])!r}")
    back = rows(config["old_table"], config["old_key_columns"])
    # The pair was removed and added again: it left its old id for a new one.
    wanted = {
        pk: pair for pk, pair in config["expected_rows"].items() if pair != [source.pk, other.pk]
    }
    wanted[str(new_id)] = [source.pk, other.pk]
    if back != wanted:
        problems.append(f"rows after going back {back!r}, expected {wanted!r}")
    return {"problems": problems, "new_id": new_id}


if __name__ == "__main__":
    command, config = sys.argv[1], json.loads(sys.argv[2])
    setup(config)
    report = {"seed": seed, "check": check}[command](config)
    print(json.dumps(report))
