"""Describe the target's apps, models, relations and migrations as plain JSON."""

from __future__ import annotations

import inspect
import os
import sys

from . import bootstrap


def run(payload):
    bootstrap.setup(payload)
    import django
    from django.apps import apps
    from django.conf import settings
    from django.db import connections

    root = os.path.realpath(os.getcwd())
    loader_info = migration_info(root)
    return {
        "django_version": django.get_version(),
        "python_version": "%d.%d.%d" % sys.version_info[:3],
        "vendor": connections["default"].vendor if "default" in settings.DATABASES else "",
        "auth_user_model": getattr(settings, "AUTH_USER_MODEL", "auth.User"),
        "default_auto_field": getattr(settings, "DEFAULT_AUTO_FIELD", "django.db.models.AutoField"),
        "apps": [app_info(app, root, loader_info) for app in apps.get_app_configs()],
        "models": [
            model_info(model, root) for model in apps.get_models(include_auto_created=False)
        ],
        "pending_changes": loader_info["pending"],
    }


def relative_or_absolute(path, root):
    path = os.path.realpath(path)
    if path == root or path.startswith(root + os.sep):
        return os.path.relpath(path, root), True
    return path, False


def app_info(app, root, loader_info):
    path, own = relative_or_absolute(app.path, root)
    migrations = loader_info["apps"].get(app.label, {})
    return {
        "label": app.label,
        "name": app.name,
        "path": path,
        "own": own,
        "leaves": migrations.get("leaves", []),
        "migrations_module": migrations.get("module"),
        "migrations_path": migrations.get("path"),
    }


def migration_info(root):
    from django.apps import apps
    from django.db.migrations.autodetector import MigrationAutodetector
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.questioner import NonInteractiveMigrationQuestioner
    from django.db.migrations.state import ProjectState

    loader = MigrationLoader(None, ignore_no_migrations=True)
    per_app = {}
    for app in apps.get_app_configs():
        module_name, _explicit = MigrationLoader.migrations_module(app.label)
        leaves = sorted(name for label, name in loader.graph.leaf_nodes() if label == app.label)
        per_app[app.label] = {
            "leaves": leaves,
            "module": module_name,
            "path": migrations_path(module_name, app, root),
        }
    autodetector = MigrationAutodetector(
        loader.project_state(),
        ProjectState.from_apps(apps),
        NonInteractiveMigrationQuestioner(specified_apps=None, dry_run=True),
    )
    changes = autodetector.changes(graph=loader.graph)
    pending = [
        {"app_label": label, "operation": operation.describe()}
        for label, migrations in sorted(changes.items())
        for migration in migrations
        for operation in migration.operations
    ]
    return {"apps": per_app, "pending": pending}


def migrations_path(module_name, app, root):
    """Return the folder of the app's migrations package, relative to the target when inside it."""
    if module_name is None:
        return None
    import importlib

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


def model_info(model, root):
    opts = model._meta
    source_file = None
    try:
        source = inspect.getsourcefile(model)
        if source:
            source_file = relative_or_absolute(source, root)[0]
    except TypeError:
        pass
    return {
        "label": opts.label,
        "app_label": opts.app_label,
        "name": opts.object_name,
        "module": model.__module__,
        "source_file": source_file,
        "table": opts.db_table,
        "pk": field_info(opts.pk),
        "fields": [field_info(f) for f in opts.local_concrete_fields],
        "all_concrete_fields": [f.name for f in opts.concrete_fields],
        "parents": [parent._meta.label for parent in opts.parents],
        "bases": [base_label(base) for base in model.__bases__],
        "proxy": opts.proxy,
        "managed": opts.managed,
        "abstract": opts.abstract,
        "swapped": bool(opts.swapped),
        "ordering": [str(item) for item in (opts.ordering or [])],
        "unique_together": [list(group) for group in opts.unique_together],
        "indexes": [index_info(index) for index in opts.indexes],
        "constraints": [constraint_info(c) for c in opts.constraints],
        "m2m": [m2m_info(f) for f in opts.local_many_to_many],
        "incoming": incoming_relations(model),
    }


def base_label(base):
    meta = getattr(base, "_meta", None)
    if meta is not None:
        return meta.label if not meta.abstract else "%s.%s" % (base.__module__, base.__name__)
    return "%s.%s" % (base.__module__, base.__qualname__)


def field_info(field):
    from django.db import connections
    from django.db.models import NOT_PROVIDED

    remote = getattr(field, "remote_field", None)
    try:
        db_type = field.db_type(connections["default"])
    except Exception:
        db_type = None
    info = {
        "name": field.name,
        "attname": field.attname,
        "class_name": type(field).__name__,
        "class_path": "%s.%s" % (type(field).__module__, type(field).__name__),
        "column": field.column,
        "db_type": db_type,
        "null": field.null,
        "blank": field.blank,
        "unique": field.unique,
        "primary_key": field.primary_key,
        "db_index": field.db_index,
        "has_default": field.default is not NOT_PROVIDED,
        "choices": bool(field.choices),
        "auto_created": field.auto_created,
        "related_model": None,
        "to_field": None,
        "on_delete": None,
        "parent_link": False,
    }
    if remote is not None and field.is_relation and remote.model is not None:
        info["related_model"] = label_of(remote.model)
        info["on_delete"] = getattr(getattr(remote, "on_delete", None), "__name__", None)
        info["parent_link"] = bool(getattr(remote, "parent_link", False))
        if getattr(field, "to_fields", None) and field.to_fields[0]:
            info["to_field"] = field.to_fields[0]
    return info


def label_of(model):
    if isinstance(model, str):
        return model
    return model._meta.label


def index_info(index):
    return {
        "name": index.name,
        "fields": list(index.fields),
        "expressions": bool(getattr(index, "expressions", ())),
        "condition": index.condition is not None,
    }


def constraint_info(constraint):
    return {
        "name": constraint.name,
        "kind": type(constraint).__name__,
        "fields": list(getattr(constraint, "fields", ()) or ()),
        "condition": getattr(constraint, "condition", None) is not None,
    }


def m2m_info(field):
    through = field.remote_field.through
    topts = through._meta
    source_fk = topts.get_field(field.m2m_field_name())
    target_fk = topts.get_field(field.m2m_reverse_field_name())
    return {
        "name": field.name,
        "model": field.model._meta.label,
        "target": label_of(field.remote_field.model),
        "auto_created": bool(topts.auto_created),
        "through": topts.label,
        "table": topts.db_table,
        "custom_db_table": field.db_table is not None,
        "source_field": source_fk.name,
        "source_column": source_fk.column,
        "target_field": target_fk.name,
        "target_column": target_fk.column,
        "symmetrical": bool(field.remote_field.symmetrical),
        "related_name": field.remote_field.related_name,
        "blank": field.blank,
        "through_pk_class": type(topts.pk).__name__,
        "through_pk_class_path": "%s.%s" % (type(topts.pk).__module__, type(topts.pk).__name__),
        "to_swappable_user": field.remote_field.model is not None
        and label_of(field.remote_field.model).lower() == _auth_user_label().lower(),
        "limit_choices_to": bool(field.remote_field.limit_choices_to),
    }


def _auth_user_label():
    from django.conf import settings

    return getattr(settings, "AUTH_USER_MODEL", "auth.User")


def incoming_relations(model):
    """Return every FK and one-to-one that points at ``model``, M2M tables included."""
    from django.apps import apps

    incoming = []
    for other in apps.get_models(include_auto_created=True):
        for field in other._meta.local_fields:
            remote = getattr(field, "remote_field", None)
            if remote is None or not field.is_relation or remote.model is not model:
                continue
            incoming.append(
                {
                    "model": other._meta.label,
                    "field": field.name,
                    "kind": type(field).__name__,
                    "column": field.column,
                    "table": other._meta.db_table,
                    "m2m_table": bool(other._meta.auto_created),
                    "m2m_field": m2m_field_label(other),
                    "to_field": (getattr(field, "to_fields", None) or [None])[0],
                    "parent_link": bool(getattr(remote, "parent_link", False)),
                }
            )
    return incoming


def m2m_field_label(through):
    """Return ``app.Model.field`` of the M2M field an auto-created through model serves."""
    owner = through._meta.auto_created
    if not owner:
        return None
    for field in owner._meta.local_many_to_many:
        if field.remote_field.through is through:
            return "%s.%s" % (owner._meta.label, field.name)
    return None
