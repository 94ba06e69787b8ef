"""What the rehearsal reads of a new_parent plan after the bundle: the parent, and whether the model
inherits from it both in the loaded models and in the migration state."""

from __future__ import annotations


def facts(plan, connection):
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    app_label, model_name = plan["model"].split(".")
    model = apps.get_model(app_label, model_name)
    parent = apps.get_model(app_label, plan["parent"])
    state = MigrationLoader(connection, ignore_no_migrations=True).project_state()
    historical = state.apps.get_model(app_label, model_name)
    return {
        "model": model._meta.label,
        "parent": parent._meta.label,
        "model_parents": [p._meta.label for p in model._meta.get_parent_list()],
        "state_parents": [p._meta.label for p in historical._meta.get_parent_list()],
        "move_fields": list(plan.get("move_fields") or []),
    }
