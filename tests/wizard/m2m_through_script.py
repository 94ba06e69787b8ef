"""Run inside a target copy (its own interpreter): seed, apply a bundle's migration, prove it.

    python check.py seed  CONFIG_JSON   # before models.patch: migrate + seed
    python check.py check CONFIG_JSON   # after models.patch: migrate, verify, go back

(tests/wizard/test_m2m_through_apply.py copies this file into each target copy; it holds no
tests of its own.)

The database comes from the MW_DB environment variable (a Django DATABASES entry as JSON). The
last line printed is a JSON report; ``problems`` lists everything that did not hold.
"""

import datetime
import itertools
import json
import os
import random
import sys


def setup(config):
    os.environ["DJANGO_SETTINGS_MODULE"] = config["settings"]
    import django
    from django.conf import settings

    settings.DATABASES = {"default": json.loads(os.environ["MW_DB"])}
    django.setup()


def migrate_all_but_new(config):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    new = {(config["app"], name) for name in config["new"]}
    executor = MigrationExecutor(connection)
    full = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    executor.migrate([], plan=[(m, False) for m, _ in full if (m.app_label, m.name) not in new])


# What introspection calls an auto-incrementing pk column, and the same column without its counter.
INTEGER_KINDS = {
    "AutoField": "IntegerField",
    "BigAutoField": "BigIntegerField",
    "SmallAutoField": "SmallIntegerField",
}


def pk_type_problems(model):
    """Return a problem when the database's pk column is not the integer size the model says."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return []  # every integer is "integer" there
    table = model._meta.db_table
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
    pk = model._meta.pk
    for column in description:
        if column.name == pk.column:
            found = connection.introspection.get_field_type(column.type_code, column)
            wanted = type(pk).__name__
            if found not in (wanted, INTEGER_KINDS.get(wanted)):
                return [f"{table}.{pk.column} is {found}, the model says {wanted}"]
    return []


def value_for(field, number):
    from django.db import models

    if isinstance(field, models.EmailField):
        return f"user{number}@example.com"
    if isinstance(field, (models.CharField, models.TextField)):
        return f"{field.name} {number} é"
    if isinstance(field, models.BooleanField):
        return number % 2 == 0
    if isinstance(field, models.IntegerField):
        return number
    if isinstance(field, models.DateTimeField):
        return datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    if isinstance(field, models.DateField):
        return datetime.date(2024, 1, 1)
    raise ValueError(f"no value for {field!r}")


def make(model, number):
    kwargs = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.null or field.has_default() or field.blank:
            continue
        kwargs[field.name] = value_for(field, number)
    return model.objects.create(**kwargs)


def seed(config):
    """Create owners, targets and pairs with the unpatched models; leave gaps in the pair ids."""
    from django.apps import apps
    from django.core.management import call_command

    if config.get("seed_command"):
        call_command(config["seed_command"], verbosity=0)
        return {}
    owner = apps.get_model(config["app"], config["model"])
    field = owner._meta.get_field(config["field"])
    target = field.remote_field.model
    targets = [make(target, n) for n in range(6)] if target is not owner else []
    owners = [make(owner, n + 100) for n in range(10)]
    rng = random.Random(7)
    for item in owners:
        pool = targets or [o for o in owners if o is not item]
        getattr(item, field.name).add(*rng.sample(pool, rng.randint(0, 3)))
    through = field.remote_field.through
    ids = list(through.objects.order_by("pk").values_list("pk", flat=True))
    doomed = ids[1::5] + ids[-1:]  # gaps, and a high-water mark above max(id)
    through.objects.filter(pk__in=doomed).delete()
    return {"pairs": through.objects.count()}


def plain(value):
    """Return a value as comparable text (UUIDs are hex on SQLite/MySQL, objects elsewhere)."""
    return str(value).replace("-", "")


def table_rows(table, columns):
    from django.db import connection

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT {} FROM {} ORDER BY {}".format(
                ", ".join(quote(c) for c in columns), quote(table), quote(columns[0])
            )
        )
        return [[plain(value) for value in row] for row in cursor.fetchall()]


def table_shape(table):
    """Return the table's columns and constraints without their names (names may be rebuilt)."""
    from django.db import connection

    with connection.cursor() as cursor:
        columns = [
            (c.name, c.null_ok)
            for c in connection.introspection.get_table_description(cursor, table)
        ]
        constraints = sorted(
            json.dumps(
                [
                    info["columns"],
                    bool(info["primary_key"]),
                    bool(info["unique"]),
                    info["foreign_key"],
                ]
            )
            for info in connection.introspection.get_constraints(cursor, table).values()
        )
    return {"columns": sorted(columns), "constraints": constraints}


def high_water(table):
    """Return the highest id the table's counter has handed out (deleted rows included)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]
            cursor.execute(f"SELECT last_value FROM {sequence}")
        elif connection.vendor == "mysql":
            cursor.execute(
                "SELECT auto_increment - 1 FROM information_schema.tables "
                "WHERE table_schema = DATABASE() AND table_name = %s",
                [table],
            )
        else:
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def check(config):
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection

    problems = []
    app, old_table = config["app"], config["old_table"]
    columns = ["id", config["source_column"], config["target_column"]]
    before = table_rows(old_table, columns)
    shape = table_shape(old_table)
    mark = high_water(old_table)
    call_command("migrate", verbosity=0)

    owner = apps.get_model(app, config["model"])
    through = apps.get_model(app, config["through"])
    field = owner._meta.get_field(config["field"])
    if field.remote_field.through is not through:
        problems.append("the field does not use the new through model")
    source, target = config["source_field"], config["target_field"]
    rows = [
        [plain(v) for v in r]
        for r in through.objects.order_by("pk").values_list("pk", source, target)
    ]
    if rows != before:
        problems.append(f"pairs or ids changed: {rows[:5]!r} != {before[:5]!r}")
    for name, expected in config.get("extra_values", {}).items():
        values = set(str(v) for v in through.objects.values_list(name, flat=True))
        if expected == "<set>":
            if None in set(through.objects.values_list(name, flat=True)):
                problems.append(f"extra field {name!r} is NULL on existing rows")
        elif before and values != {expected}:
            problems.append(f"extra field {name!r} holds {values!r}, not {expected!r}")

    # The field and the new model both work, in both directions.
    by_owner = {}
    for _pk, src, tgt in before:
        by_owner.setdefault(src, set()).add(tgt)
    for src, targets in sorted(by_owner.items()):
        item = owner.objects.get(pk=src)
        got = set(plain(pk) for pk in getattr(item, field.name).values_list("pk", flat=True))
        if got != targets:
            problems.append(f"{owner.__name__}.{field.name} of {src!r} is {got!r}, not {targets!r}")
        break
    if before:
        any_target = before[0][2]
        lookup = {f"{field.name}__pk": field.remote_field.model._meta.pk.to_python(any_target)}
        found = owner.objects.filter(**lookup).count()
        expected = len({src for _pk, src, tgt in before if tgt == any_target})
        if found != expected:
            problems.append(f"filtering through the field finds {found}, not {expected}")

    # A new row continues the ids; the manager's add() works too.
    # Every id the counter ever issued counts, deleted rows' included: on SQLite the wrapper
    # KeepIdCounter keeps the high-water mark across the table rebuild of an extra field.
    target_model = field.remote_field.model
    free = list(
        itertools.islice(
            (
                (o, t)
                for o in owner.objects.order_by("pk")
                for t in target_model.objects.order_by("pk")
                if plain(t.pk) not in by_owner.get(plain(o.pk), set()) and o.pk != t.pk
            ),
            2,
        )
    )
    ids = [int(r[0]) for r in before]
    highest = max([mark, *ids])
    new_rows, new_id = [], None
    if free:
        extra = {k: v for k, v in config.get("through_defaults", {}).items()}
        created = through.objects.create(**{source: free[0][0], target: free[0][1]}, **extra)
        new_id = created.pk
        if created.pk <= highest:
            problems.append(f"new id {created.pk!r} does not continue after {highest!r}")
        highest = max(highest, created.pk)
        new_rows = [
            [plain(v) for v in r]
            for r in through.objects.filter(pk__gte=created.pk)
            .order_by("pk")
            .values_list("pk", source, target)
        ]
    try:
        call_command("makemigrations", check=True, dry_run=True, verbosity=0)
    except SystemExit:
        problems.append("makemigrations --check found changes after the patch")
    problems += pk_type_problems(through)

    # Going back restores the auto-created table, its name, its shape and every row.
    call_command("migrate", app, config["before_leaf"], verbosity=0)
    after_back = table_rows(old_table, columns)
    if after_back != sorted(before + new_rows, key=lambda row: int(row[0])):
        problems.append(f"after migrating back the rows are {after_back[-5:]!r}")
    if table_shape(old_table) != shape:
        problems.append(
            f"after migrating back the table's shape differs: {table_shape(old_table)!r} "
            f"!= {shape!r}"
        )
    back_id = None
    if len(free) > 1:
        back_id = insert_pair(old_table, columns, *free[1])
        if back_id <= highest:
            problems.append(
                f"after going back, new id {back_id!r} does not continue after {highest!r}"
            )
    return {
        "problems": problems,
        "pairs": len(before),
        "vendor": connection.vendor,
        "new_rows": len(new_rows),
        "high_water": mark,
        "max_id": max([0, *ids]),
        "new_id": new_id,
        "back_id": back_id,
    }


def insert_pair(table, columns, source, target):
    """Insert a pair into the auto-created table with SQL; return the id it got."""
    from django.db import connection

    quote = connection.ops.quote_name
    values = [
        source._meta.pk.get_db_prep_value(source.pk, connection),
        target._meta.pk.get_db_prep_value(target.pk, connection),
    ]
    with connection.cursor() as cursor:
        pk, source_column, target_column = (quote(column) for column in columns)
        cursor.execute(
            f"INSERT INTO {quote(table)} ({source_column}, {target_column}) VALUES (%s, %s)",
            values,
        )
        cursor.execute(
            f"SELECT {pk} FROM {quote(table)} WHERE {source_column} = %s AND {target_column} = %s",
            values,
        )
        return int(cursor.fetchone()[0])


def main():
    sys.path.insert(0, os.getcwd())
    command, config = sys.argv[1], json.loads(sys.argv[2])
    setup(config)
    if command == "seed":
        migrate_all_but_new(config)
        report = seed(config)
    else:
        report = check(config)
    print(json.dumps(report, default=str))


if __name__ == "__main__":
    main()
