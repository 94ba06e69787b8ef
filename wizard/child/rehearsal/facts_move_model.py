"""What the rehearsal reads of a move_model plan: where the model is (models and migration state),
its table, and the content types named after it with their ids (before and after the bundle)."""

from __future__ import annotations


def facts(plan, connection):
    from django.apps import apps

    from ..writer import loader

    old_app, name = plan["model"].split(".")
    new_app, lower = plan["to_app"], name.lower()
    model = None
    for app_label in (new_app, old_app):
        try:
            model = apps.get_model(app_label, name)
            break
        except LookupError:
            continue
    state = loader().project_state()
    found = {  # type: dict
        "model": model._meta.label if model is not None else None,
        "table": model._meta.db_table if model is not None else None,
        "state": sorted(label for label in (old_app, new_app) if (label, lower) in state.models),
        "content_types": {},
        "permissions": [],
    }
    if apps.is_installed("django.contrib.contenttypes"):
        from django.contrib.contenttypes.models import ContentType

        types = ContentType.objects.filter(model=lower, app_label__in=[old_app, new_app])
        found["content_types"] = {t.app_label: t.pk for t in types.order_by("pk")}
        if apps.is_installed("django.contrib.auth"):
            from django.contrib.auth.models import Permission

            found["permissions"] = sorted(
                [p.pk, p.codename, p.content_type_id]
                for p in Permission.objects.filter(content_type__in=types)
            )
    return found
