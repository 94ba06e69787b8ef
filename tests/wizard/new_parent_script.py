"""Run inside a target copy (its own interpreter): seed it, migrate it, and report what it holds.

    python mw_new_parent.py seed    CONFIG_JSON   # original models: migrate, seed, dump
    python mw_new_parent.py forward CONFIG_JSON   # patched models: migrate, dump, check, insert
    python mw_new_parent.py back    CONFIG_JSON   # patched models: migrate back
    python mw_new_parent.py after_back CONFIG_JSON  # original models, no new files: dump, insert
    python mw_new_parent.py sql|migrate_to CONFIG_JSON  # run config["sql"] / migrate to a node

(tests/wizard/test_new_parent_apply.py copies this file into each target copy; it holds no tests
of its own.) The database comes from the MW_DB environment variable (a Django DATABASES entry as
JSON). The last line printed is a JSON report.
"""

import datetime
import decimal
import io
import json
import os
import re
import sys
import uuid


def setup():
    from django.conf import settings

    settings.DATABASES = {"default": json.loads(os.environ["MW_DB"])}
    import django

    django.setup()


def normalize(value):
    if isinstance(value, (uuid.UUID, decimal.Decimal, datetime.date)):
        return str(value)
    return value


def dump(config):
    from django.apps import apps

    found = {}
    for item in config["dump"]:
        model = apps.get_model(item["model"])
        if "m2m" in item:
            field = model._meta.get_field(item["m2m"])
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name()).attname
            target = through._meta.get_field(field.m2m_reverse_field_name()).attname
            rows = through.objects.values_list("pk", source, target)
            key = f"{item['model']}.{item['m2m']}"
        else:
            rows = model.objects.values_list(*item["fields"])
            key = item["model"]
        found[key] = sorted(([normalize(v) for v in row] for row in rows), key=str)
    return found


# --- seeding: ids with gaps and a high-water mark above the highest id left -----------------


def tail_and_gaps(queryset, every=7, tail=2):
    """Delete every ``every``-th row and the last ``tail`` rows; return the highest id made."""
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    doomed = [pk for i, pk in enumerate(pks) if i % every == every - 1 or i >= len(pks) - tail]
    queryset.model.objects.filter(pk__in=doomed).delete()
    return max(pks)


def seed_fleet():
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    return 40  # seed_demo makes 40 planes, then deletes the last three (the example's README)


def seed_hangar():
    from django.apps import apps
    from django.contrib.auth import get_user_model

    Owner, Plane = apps.get_model("hangar.Owner"), apps.get_model("hangar.Plane")
    JetPlane = apps.get_model("hangar.JetPlane")
    users = [get_user_model().objects.create(username=f"pilot{i}") for i in range(4)]
    owners = [Owner.objects.create(name=f"Owner {i} Zoë") for i in range(3)]
    for i in range(24):
        cls = JetPlane if i % 5 == 0 else Plane
        extra = {"engines": 4} if cls is JetPlane else {}
        plane = cls.objects.create(
            registration=f"G-{i:04d}",
            kind="jet" if i % 3 == 0 else "prop",
            owner=owners[i % 3] if i % 4 else None,
            nickname=f"Nick {i} O'Brien" if i % 2 else None,
            seats=1 + i % 5,
            **extra,
        )
        if i % 3 == 2:
            plane.leader = Plane.objects.order_by("pk").first()
            plane.save()
        plane.pilots.set(users[: i % 3])
        for n in range(i % 3):
            plane.parking_bays.create(code=f"B-{i}-{n}")
        if i % 4 == 1:
            apps.get_model("hangar.Logbook").objects.create(plane=plane, hours=i * 10)
    return tail_and_gaps(Plane.objects.all())


def seed_drones():
    from django.apps import apps

    Drone = apps.get_model("drones.Drone")
    for i in range(10):
        drone = Drone.objects.create(
            serial=uuid.UUID(int=1000 + i * 7919), label=f"drone {i} é", weight=f"{i}.25"
        )
        for n in range(i % 3):
            drone.flights.create(minutes=10 * n + i)
    Drone.objects.filter(label__in=["drone 3 é", "drone 9 é"]).delete()
    return None


def seed_garage():
    from django.apps import apps

    Car, Tag = apps.get_model("garage.Car"), apps.get_model("garage.Tag")
    tags = [Tag.objects.create(name=f"tag {i}") for i in range(3)]
    for i in range(20):
        car = Car.objects.create(plate=f"AB-{i:03d}", colour="red" if i % 2 else "blue")
        car.tags.set(tags[: i % 4])
        for n in range(i % 2):
            car.service_set.create(cost=100 + n)
    return tail_and_gaps(Car.objects.all(), every=6, tail=3)


def seed_accounts():
    from django.apps import apps
    from django.contrib.auth.models import Group

    User, Note = apps.get_model("accounts.User"), apps.get_model("accounts.Note")
    groups = [Group.objects.create(name=f"group {i}") for i in range(2)]
    for i in range(15):
        user = User.objects.create(
            username=f"user{i:02d}", nickname=f"Nick {i}", shoe_size=36 + i if i % 2 else None
        )
        user.groups.set(groups[: i % 3])
        Note.objects.create(author=user, text=f"note {i}")
    return tail_and_gaps(User.objects.all(), every=5, tail=2)


def seed(config):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    high_water = globals()[f"seed_{config['seed']}"]()
    return dict(report(config), high_water=high_water)


# --- checks -----------------------------------------------------------------------------------


def foreign_key_problems():
    """Return foreign keys whose referenced column does not exist, and rows that break one."""
    from django.db import connection

    problems = []
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        columns = {
            t: {c.name for c in connection.introspection.get_table_description(cursor, t)}
            for t in tables
        }
        for table in tables:
            for name, info in connection.introspection.get_constraints(cursor, table).items():
                if info.get("foreign_key"):
                    ref_table, ref_column = info["foreign_key"]
                    if ref_column not in columns.get(ref_table, ()):
                        problems.append(f"{table} {name} -> {ref_table}.{ref_column}")
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
            for table, sql in cursor.fetchall():
                for ref_table, ref_column in re.findall(r'REFERENCES "(\w+)" \("(\w+)"\)', sql):
                    if ref_column not in columns.get(ref_table, ()):
                        problems.append(f"{table} DDL -> {ref_table}.{ref_column}")
            cursor.execute("PRAGMA foreign_key_check")
            problems += [f"row breaks {row!r}" for row in cursor.fetchall()]
    return problems


def references_to(table):
    """Return ``[referencing table.column -> column]`` of every foreign key into ``table``."""
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        for other in connection.introspection.table_names(cursor):
            for info in connection.introspection.get_constraints(cursor, other).values():
                if info.get("foreign_key") and info["foreign_key"][0] == table:
                    found.append(f"{other}.{info['columns'][0]} -> {info['foreign_key'][1]}")
    return sorted(set(found))


def sqlite_ddl():
    from django.db import connection

    if connection.vendor != "sqlite":
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
        return dict(cursor.fetchall())


def pending_changes():
    from django.core.management import call_command

    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, verbosity=1)
    except SystemExit:
        return out.getvalue().strip() or "changes"
    return ""


def historical_parents(config):
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    state = MigrationLoader(connection).project_state()
    model = state.apps.get_model(config["child"])
    return [parent._meta.label for parent in model._meta.parents]


def table_shape(table):
    """Return the table's columns and its constraints without their names (names may change)."""
    from django.db import connection

    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
        constraints = connection.introspection.get_constraints(cursor, table)
    columns = sorted(
        f"{c.name} {c.type_code} {'NULL' if c.null_ok else 'NOT NULL'}" for c in description
    )
    kinds = ("primary_key", "unique", "foreign_key", "index", "check")
    shapes = sorted(
        f"{','.join(info['columns'] or [])} {[k for k in kinds if info.get(k)]}"
        for info in constraints.values()
    )
    return columns + shapes


def report(config):
    from django.apps import apps

    child = apps.get_model(config["child"])
    return {
        "dump": dump(config),
        "problems": foreign_key_problems(),
        "references": references_to(child._meta.db_table),
        "child_table": child._meta.db_table,
        "shape": table_shape(child._meta.db_table),
        "sqlite_ddl": sqlite_ddl(),
        "pending": pending_changes(),
    }


def insert_child(config, values):
    from django.apps import apps

    child_model = apps.get_model(config["child"])
    child = child_model.objects.create(**values)
    for item in config["dump"]:
        if item.get("m2m") and item["model"] == config["child"]:
            field = child_model._meta.get_field(item["m2m"])
            target = field.remote_field.model.objects.order_by("pk").first()
            getattr(child, item["m2m"]).add(target)
    return child


def forward(config):
    from django.apps import apps
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    result = report(config)
    result["historical_parents"] = historical_parents(config)
    parent = apps.get_model(config["parent"]).objects.create(**config["new_parent"])
    child = insert_child(config, config["new_child"])
    child_model = apps.get_model(config["child"])
    result["new_parent_pk"] = normalize(parent.pk)
    result["new_child_pk"] = normalize(child.pk)
    result["new_child_has_parent"] = (
        apps.get_model(config["parent"]).objects.filter(pk=child.pk).exists()
    )
    result["new_child_reads_back"] = [
        normalize(v)
        for v in child_model.objects.filter(pk=child.pk).values_list(*config["new_child"]).get()
    ]
    return result


def back(config):
    from django.core.management import call_command

    call_command("migrate", config["app"], config["before_leaf"], verbosity=0)
    return {}


def after_back(config):
    result = report(config)
    again = {k: v + "2" if isinstance(v, str) else v for k, v in config["new_child"].items()}
    result["new_child_pk"] = normalize(insert_child(config, again).pk)
    return result


def run_sql(config):
    from django.db import connection

    with connection.cursor() as cursor:
        for statement in config["sql"]:
            cursor.execute(statement)
    return {}


def migrate_to(config):
    from django.core.management import call_command

    call_command("migrate", *config["migrate_to"], verbosity=0)
    return {}


def main():
    command, config = sys.argv[1], json.loads(sys.argv[2])
    os.environ["DJANGO_SETTINGS_MODULE"] = config["settings"]
    setup()
    commands = {
        "seed": seed,
        "forward": forward,
        "back": back,
        "after_back": after_back,
        "sql": run_sql,
        "migrate_to": migrate_to,
    }
    result = commands[command](config)
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
