"""What the rehearsal reads of a flatten_parent plan after the bundle: whether the model still
inherits (in the loaded models or the migration state), and whether the parent is still there."""

from __future__ import annotations


def facts(plan, connection):
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    app_label, model_name = plan["model"].split(".")
    model = apps.get_model(app_label, model_name)
    state = MigrationLoader(connection, ignore_no_migrations=True).project_state()
    historical = state.apps.get_model(app_label, model_name)
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    return {
        "model": model._meta.label,
        "pk": model._meta.pk.name,
        "pk_class": type(model._meta.pk).__name__,
        "model_parents": [p._meta.label for p in model._meta.get_parent_list()],
        "state_parents": [p._meta.label for p in historical._meta.get_parent_list()],
        "fields": [f.name for f in model._meta.concrete_fields],
        "tables": sorted(tables),
    }
