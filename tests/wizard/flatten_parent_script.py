"""Run inside a target copy (its own interpreter): seed, apply a flatten_parent bundle.

    python mw_flatten.py seed    CONFIG_JSON   # original models: migrate, seed, dump
    python mw_flatten.py forward CONFIG_JSON   # patched models: migrate, dump, check, insert
    python mw_flatten.py back    CONFIG_JSON   # patched models: migrate back to the old leaf
    python mw_flatten.py refused CONFIG_JSON   # a parent-only row: migrate must stop, no DDL
    python mw_flatten.py round_trip_seed|round_trip_migrate CONFIG_JSON  # see the round-trip test

(tests/wizard/test_flatten_parent_apply.py copies this file into each target copy; it holds no
tests.) Rows are read through the models of the migration state at the app's current node, so the
same code reads the old and the new shapes. The database is the MW_DB environment variable (a
DATABASES entry as JSON); ``schema`` describes it with the wizard's own child module (the
repository root is config["repo"]). The last line printed is a JSON report.
"""

import datetime
import decimal
import json
import os
import sys
import uuid


def setup(config):
    os.environ["DJANGO_SETTINGS_MODULE"] = config["settings"]
    from django.conf import settings

    settings.DATABASES = {"default": json.loads(os.environ["MW_DB"])}
    import django

    django.setup()


def normalize(value):
    if isinstance(value, (uuid.UUID, decimal.Decimal, datetime.date)):
        return str(value)
    return value


def state_apps():
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection)
    applied = [node for node in loader.applied_migrations if node in loader.graph.nodes]
    return loader.project_state(applied).apps


def dump(config, apps):
    found = {}
    items = [(config["child"], config["child_fields"])] + [tuple(o) for o in config["others"]]
    for label, fields in items:
        try:
            model = apps.get_model(label)
        except LookupError:
            found[label] = None
            continue
        rows = model._default_manager.values_list(*fields)
        found[label] = sorted(([normalize(v) for v in row] for row in rows), key=str)
    for label, name in config["m2m"]:
        field = apps.get_model(label)._meta.get_field(name)
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name()).attname
        target = through._meta.get_field(field.m2m_reverse_field_name()).attname
        rows = through._default_manager.values_list("pk", source, target)
        found[f"{label}.{name}"] = sorted(list(row) for row in rows)
    return found


def schema(config):
    sys.path.insert(0, config["repo"])
    from django.db import connection

    from wizard.child.schema import describe

    return describe(connection)


# --- seeding: ids with gaps and high-water marks above the highest ids left -----------------


def seed_fleet(apps):
    user_model = apps.get_model("auth", "User")
    plane_model = apps.get_model("core", "Plane")
    parent_model = apps.get_model("core", "Aircraft")
    bay_model = apps.get_model("core", "ParkingBay")
    users = [user_model.objects.create(username=f"pilot{i}") for i in range(3)]
    planes = [plane_model.objects.create(registration=f"G-{i:04d}") for i in range(6)]
    for index, plane in enumerate(planes):
        plane.pilots.set(users[: index % 3])
        bay_model.objects.create(code=f"B{index}", plane=plane)
    planes[2].delete()  # a gap
    plane_model.objects.create(registration="G-GONE").delete()  # the child's high-water mark
    return parent_model.objects.create(registration="BALLOON").pk  # a parent-only row


def seed_hangar(apps):
    owner_model = apps.get_model("core", "Owner")
    vehicle_model = apps.get_model("core", "Vehicle")
    car_model = apps.get_model("core", "Car")
    boat_model = apps.get_model("core", "Boat")
    garage_model = apps.get_model("core", "Garage")
    ticket_model = apps.get_model("core", "Ticket")
    owners = [owner_model.objects.create(name=f"owner {i}") for i in range(2)]
    cars = []
    for i in range(7):
        cars.append(
            car_model.objects.create(
                registration=f"CAR-{i}",
                kind=("jet", "prop")[i % 2],
                owner=owners[i % 2] if i % 3 else None,
                nickname=None if i % 2 else f"it's {i}%",
                doors=2 + i,
            )
        )
        if i % 3 == 0:
            boat_model.objects.create(registration=f"BOAT-{i}", length=i)
    vehicle_model.objects.create(registration="TRAILER", owner=owners[0])
    garage = garage_model.objects.create(name="north", favourite=cars[1])
    garage.cars.set(cars[:4])
    garage_model.objects.create(
        name="south", landmark=vehicle_model.objects.get(registration="TRAILER")
    )
    ticket_model.objects.create(car=cars[3], note="paid")
    cars[5].delete()
    car_model.objects.create(registration="GONE").delete()
    return vehicle_model.objects.create(registration="SCRAPPED").pk


def seed_plain_fleet(apps):
    """The story's Plane before any parent (examples/fleet): planes, pilots, parking bays."""
    user_model = apps.get_model("auth", "User")
    plane_model = apps.get_model("part1", "Plane")
    bay_model = apps.get_model("part1", "ParkingBay")
    users = [user_model.objects.create(username=f"pilot{i}") for i in range(3)]
    planes = [plane_model.objects.create(registration=f"G-{i:04d}") for i in range(6)]
    for index, plane in enumerate(planes):
        plane.pilots.set(users[: index % 3])
        bay_model.objects.create(code=f"B{index}", plane=plane)
    planes[2].delete()
    last = plane_model.objects.create(registration="G-GONE")
    high_water = last.pk
    last.delete()
    return high_water


def seed_plain_garage(apps):
    """A car numbered by its own BigAutoField `number`, with tags and services."""
    tag_model = apps.get_model("garage", "Tag")
    car_model = apps.get_model("garage", "Car")
    service_model = apps.get_model("garage", "Service")
    tags = [tag_model.objects.create(name=f"tag {i}") for i in range(3)]
    cars = [
        car_model.objects.create(plate=f"P-{i}", colour=("red", "blue")[i % 2]) for i in range(5)
    ]
    for index, car in enumerate(cars):
        car.tags.set(tags[: index % 3])
        service_model.objects.create(car=car, cost=10 * index)
    cars[1].delete()
    last = car_model.objects.create(plate="GONE")
    high_water = last.pk
    last.delete()
    return high_water


def round_trip_seed(config):
    """Seed the original models (no parent yet) and describe the database."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    apps = state_apps()
    high_water = {"fleet": seed_plain_fleet, "garage": seed_plain_garage}[config["seed"]](apps)
    return {"dump": dump(config, apps), "high_water": high_water, "schema": schema(config)}


def round_trip_migrate(config):
    """Migrate the app to config["to"] (default: its latest), then dump, describe and insert."""
    from django.core.management import call_command

    call_command(
        "migrate", config["app"], *([config["to"]] if config.get("to") else []), verbosity=0
    )
    apps = state_apps()
    found = dump(config, apps)
    shape = schema(config)
    model = apps.get_model(config["child"])
    row = model._default_manager.create(**config["new_child"])
    new_id = row.pk
    row.delete()
    return {"dump": found, "schema": shape, "new_child": new_id}


def seed_shop(apps, parent):
    """Books on shelves (every Item a Book), bolts beside plain parts; returns a new parent row."""
    book_model = apps.get_model("core", "Book")
    shelf_model = apps.get_model("core", "Shelf")
    part_model = apps.get_model("core", "Part")
    bolt_model = apps.get_model("core", "Bolt")
    books = [
        book_model.objects.create(code=f"B{i}", batch=i % 2, weight=i, pages=10 + i)
        for i in range(6)
    ]
    shelf = shelf_model.objects.create()
    shelf.books.set(books[:3])
    for i in range(5):
        bolt_model.objects.create(code=f"BOLT{i}", batch=i, size=i + 1)
    part_model.objects.create(code="PLAIN", batch=0)
    books[4].delete()
    book_model.objects.create(code="GONE", batch=5).delete()
    bolt_model.objects.create(code="GONE", batch=5).delete()
    return apps.get_model(parent).objects.create(code="LAST", batch=7).pk


def seed(config):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    apps = state_apps()
    if config["seed"] == "shop":
        last_parent = seed_shop(apps, config["parent"])
    else:
        last_parent = {"fleet": seed_fleet, "hangar": seed_hangar}[config["seed"]](apps)
    parent = apps.get_model(config["parent"])
    parent._default_manager.filter(pk=last_parent).delete()  # the parent's high-water mark
    return {"dump": dump(config, apps), "high_water": last_parent, "schema": schema(config)}


# --- after the bundle ---------------------------------------------------------------------


def model_problems(app_label):
    """Return how the app's tables differ from its models: columns, NULL, primary key."""
    from django.apps import apps
    from django.db import connection

    problems = []
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for model in apps.get_app_config(app_label).get_models():
            table = model._meta.db_table
            if table not in tables:
                problems.append(f"no table {table}")
                continue
            described = {
                c.name: c for c in connection.introspection.get_table_description(cursor, table)
            }
            fields = {f.column: f for f in model._meta.local_concrete_fields}
            if sorted(described) != sorted(fields):
                problems.append(f"{table} has {sorted(described)}, the model {sorted(fields)}")
                continue
            for column, field in fields.items():
                if bool(described[column].null_ok) != bool(field.null):
                    problems.append(f"{table}.{column} NULL is {described[column].null_ok}")
            pk = connection.introspection.get_primary_key_column(cursor, table)
            if pk != model._meta.pk.column:
                problems.append(f"{table} has the primary key {pk}")
    return problems


def forward(config):
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", config["app"], verbosity=0)
    problems = model_problems(config["app"])
    model = apps.get_model(config["child"])
    if model._meta.get_parent_list():
        problems.append("the child still inherits")
    if state_apps().get_model(config["child"])._meta.get_parent_list():
        problems.append("the migration state still inherits")
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    parent_table = "{}_{}".format(*tuple(config["parent"].lower().split(".")))
    if (parent_table in tables) != config["keep_parent"]:
        problems.append("the parent's table is %s" % ("gone" if config["keep_parent"] else "there"))
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit:
        problems.append("makemigrations --check finds changes after the patch")
    found = dump(config, apps)
    new_parent = None
    if config["keep_parent"]:
        parent = apps.get_model(config["parent"])
        row = parent._default_manager.create(**config["new_parent"])
        new_parent = row.pk
        row.delete()
    child = model._default_manager.create(**config["new_child"])
    return {"problems": problems, "dump": found, "new_child": child.pk, "new_parent": new_parent}


def refused(config):
    """Give the parent a row of its own, then migrate: the bundle must stop before any DDL."""
    from django.core.management import call_command

    parent = state_apps().get_model(config["parent"])
    pk = parent._default_manager.create(**config["new_parent"]).pk
    shape = schema(config)
    message = None
    try:
        call_command("migrate", config["app"], verbosity=0)
    except Exception as exc:
        message = str(exc)
    return {"message": message, "pk": pk, "same_schema": schema(config) == shape}


def back(config):
    from django.core.management import call_command

    call_command("migrate", config["app"], config["leaf"], verbosity=0)
    apps = state_apps()
    parent = apps.get_model(config["parent"])
    row = parent._default_manager.create(**config["new_parent"])
    new_parent = row.pk
    row.delete()
    return {"dump": dump(config, apps), "new_parent": new_parent, "schema": schema(config)}


if __name__ == "__main__":
    command, config = sys.argv[1], json.loads(sys.argv[2])
    setup(config)
    commands = {"seed": seed, "forward": forward, "back": back, "refused": refused}
    commands.update({"round_trip_seed": round_trip_seed, "round_trip_migrate": round_trip_migrate})
    report = commands[command](config)
    print(json.dumps(report, default=str))
