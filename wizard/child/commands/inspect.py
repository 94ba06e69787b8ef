"""Describe the target's apps, models, relations and migrations as plain JSON."""

from __future__ import annotations

import importlib
import os
import sys

from .. import bootstrap
from ..inspect_models import ColumnTypes, field_info, label_of, m2m_fields, models_info  # noqa: F401
from ..paths import relative_or_absolute
from ..through_shape import state_through_pks
from ..writer import pending_changes

# What a DATABASES ENGINE's last part means when its backend cannot even be imported.
ENGINE_VENDORS = {"sqlite3": "sqlite", "postgresql": "postgresql", "postgis": "postgresql"}


def run(payload):
    bootstrap.setup(payload)
    import django
    from django.apps import apps
    from django.conf import settings
    from django.db import connections

    root = os.path.realpath(os.getcwd())
    try:
        column_types = ColumnTypes(default_connection())
        models = apps.get_models(include_auto_created=False)
        loader_info = migration_info(root, models)
        return {
            "django_version": django.get_version(),
            "python_version": "%d.%d.%d" % sys.version_info[:3],
            "python_executable": sys.executable,
            "vendor": vendor(),
            "auth_user_model": getattr(settings, "AUTH_USER_MODEL", "auth.User"),
            "default_auto_field": getattr(
                settings, "DEFAULT_AUTO_FIELD", "django.db.models.AutoField"
            ),
            "apps": [app_info(app, root, loader_info) for app in apps.get_app_configs()],
            "models": models_info(models, root, column_types, loader_info["table_pks"]),
            "pending_changes": loader_info["pending"],
        }
    finally:
        connections.close_all()


def default_connection():
    from django.db import connections

    try:
        return connections["default"]
    except Exception:  # a backend whose driver is missing: types stay unknown
        return None


def vendor():
    """Return the ``default`` database's vendor, from its ENGINE when the backend cannot load."""
    from django.conf import settings

    connection = default_connection()
    if connection is not None:
        return connection.vendor
    engine = settings.DATABASES.get("default", {}).get("ENGINE", "")
    last = engine.rsplit(".", 1)[-1]
    return ENGINE_VENDORS.get(last, last)


def app_info(app, root, loader_info):
    path, own = relative_or_absolute(app.path, root)
    migrations = loader_info["apps"].get(app.label, {})
    return {
        "label": app.label,
        "name": app.name,
        "path": path,
        "own": own,
        "has_models": any(True for _model in app.get_models()),
        "leaves": migrations.get("leaves", []),
        "migrations_module": migrations.get("module"),
        "migrations_path": migrations.get("path"),
        "migration_count": migrations.get("count", 0),
    }


def migration_info(root, models=()):
    """Return each app's migration leaves and the changes its models have that no migration has.

    Also the pk class of every auto-created M2M table of ``models`` as the migrations make it.
    """
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    leaves: dict = {}
    counts: dict = {}
    for label, name in loader.graph.leaf_nodes():
        leaves.setdefault(label, []).append(name)
    for label, _name in loader.disk_migrations:
        counts[label] = counts.get(label, 0) + 1
    per_app = {}
    for app in apps.get_app_configs():
        module_name, _explicit = MigrationLoader.migrations_module(app.label)
        per_app[app.label] = {
            "leaves": sorted(leaves.get(app.label, [])),
            "count": counts.get(app.label, 0),
            "module": module_name,
            "path": migrations_path(module_name, app, root),
        }
    auto_m2m = [
        field
        for model in models
        for field in m2m_fields(model)
        if field.remote_field.through._meta.auto_created
        and model._meta.app_label in loader.migrated_apps
    ]
    return {
        "apps": per_app,
        "pending": pending_changes(loader),
        "table_pks": table_pks(loader, auto_m2m),
    }


def table_pks(loader, fields):
    """Return the migrated tables' pk classes; {} when the migration state cannot be rendered."""
    try:
        return state_through_pks(loader, fields)
    except Exception:  # a state the target's own migrate would trip over too: keep the models'
        return {}


def migrations_path(module_name, app, root):
    """Return the folder of the app's migrations package, relative to the target when inside it."""
    if module_name is None:
        return None
    try:
        module = importlib.import_module(module_name)
        module_file = getattr(module, "__file__", None)
        folder = os.path.dirname(module_file) if module_file else next(iter(module.__path__))
    except ImportError:
        if module_name.startswith(app.name + "."):
            tail = module_name[len(app.name) + 1 :].replace(".", os.sep)
            folder = os.path.join(app.path, tail)
        else:
            folder = os.path.join(root, module_name.replace(".", os.sep))
    return relative_or_absolute(folder, root)[0]
