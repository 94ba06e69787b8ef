"""What the rehearsal reads of a drop-through plan after the bundle: the field's table as the
database has it, as Django would create it, and the defaults of the dropped fields."""

from __future__ import annotations

from . import db as rehearsal_db


def facts(plan, connection):
    from django.apps import apps

    app_label, model_name, field_name = plan["field"].split(".")
    field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
    through = field.remote_field.through
    table = through._meta.db_table
    return {
        "auto_created": bool(through._meta.auto_created),
        "through": through._meta.label,
        "expected": expected_shape(field, connection),
        "actual": actual_shape(connection, table, field),
        "dropped_defaults": dropped_defaults(plan),
    }


def expected_shape(field, connection):
    from django.conf import settings
    from django.utils.module_loading import import_string

    pk_class = import_string(settings.DEFAULT_AUTO_FIELD)
    return {
        "table": field.m2m_db_table(),
        # In name order: a table renamed in place keeps its own column order, which Django's
        # queries never depend on (MySQL keeps `to_person_id` first when it came first).
        "columns": sorted(["id", field.m2m_column_name(), field.m2m_reverse_name()]),
        "pk_type": pk_class(primary_key=True).db_type(connection),
        "unique_pair": True,
    }


def actual_shape(connection, table, field):
    from django.db import models

    pair = {field.m2m_column_name(), field.m2m_reverse_name()}
    with connection.cursor() as cursor:
        if table not in connection.introspection.table_names(cursor):
            return {"table": None, "columns": [], "pk_type": None, "unique_pair": False}
        description = connection.introspection.get_table_description(cursor, table)
        constraints = connection.introspection.get_constraints(cursor, table)
    pk_type = None
    for column in description:
        if column.name == "id":
            name = connection.introspection.get_field_type(column.type_code, column)
            pk_type = getattr(models, name)(primary_key=True).db_type(connection)
    unique = any(
        info["unique"] and not info["primary_key"] and set(info["columns"]) == pair
        for info in constraints.values()
    )
    return {
        "table": table,
        "columns": sorted(column.name for column in description),
        "pk_type": pk_type,
        "unique_pair": unique,
    }


def dropped_defaults(plan):
    """Return {field: its default, as data} of the dropped fields, read from the old state."""
    from ..writer import loader

    names = plan.get("drop_fields") or []
    if not names:
        return {}
    app_label, model_name, field_name = plan["field"].split(".")
    graph_loader = loader()
    leaf = next(node for node in graph_loader.graph.leaf_nodes() if node[0] == app_label)
    parents = sorted(graph_loader.graph.node_map[leaf].parents)
    state = graph_loader.project_state([p.key for p in parents], at_end=True)
    model = state.apps.get_model(app_label, model_name)
    through = model._meta.get_field(field_name).remote_field.through
    found = {}
    for name in names:
        old = through._meta.get_field(name)
        default = old.get_default() if old.has_default() and not callable(old.default) else None
        found[name] = rehearsal_db.normalize(default)
    return found
