"""What a declared through model must say to sit exactly on an auto-created M2M table.

Two facts the model loaded in memory gets wrong:

- The table's primary key was made from the *migration state*, whose apps see
  ``settings.DEFAULT_AUTO_FIELD`` but never an app's own ``AppConfig.default_auto_field``; the model
  in memory sees the app's. So the pk class is read from the state the target's migrations build.
- The auto-created table names its foreign keys after the two models (``check`` for a model named
  ``Check``). On a declared model some of those names are forbidden (Django's checks refuse them, or
  they hide a method of ``Model``); such a field gets a legal name and keeps its column through
  ``db_column``.
"""

from __future__ import annotations

# Names a declared field may not take although an auto-created through model may: they would hide
# the default manager or (models.E020 and friends) a method or attribute every model has.
RESERVED_NAMES = frozenset({"objects", "pk"})


def is_legal_field_name(name):
    """Return True when a declared model may have a field ``name`` (Django's own rules)."""
    from django.db import models

    if name.endswith("_") or "__" in name or name in RESERVED_NAMES:
        return False
    return not hasattr(models.Model, name)


def declared_fk_names(field):
    """Return the legal (source, target) foreign-key field names for ``field``'s through model."""
    through = field.remote_field.through._meta
    names = [field.m2m_field_name(), field.m2m_reverse_field_name()]
    taken = {f.name for f in through.get_fields()} | {f.attname for f in through.concrete_fields}
    legal = []
    for name in names:
        candidate, number = name, 0
        while not is_legal_field_name(candidate) or (candidate != name and candidate in taken):
            number += 1
            candidate = "%s_ref%s" % (name.rstrip("_"), "" if number == 1 else number)
        taken.add(candidate)
        legal.append(candidate)
    return tuple(legal)


def state_through_pks(graph_loader, fields):
    """Return {(model label, field name): pk class} of the auto-created tables, as migrated.

    ``fields`` are auto-created ManyToManyFields of apps with migrations; the classes come from
    the project state those migrations build (what ``migrate`` creates the tables from).
    """
    if not fields:
        return {}
    state_apps = graph_loader.project_state().apps
    found = {}
    for field in fields:
        opts = field.model._meta
        try:
            model = state_apps.get_model(opts.app_label, opts.model_name)
            state_field = model._meta.get_field(field.name)
        except LookupError:
            continue
        found[(opts.label, field.name)] = type(state_field.remote_field.through._meta.pk)
    return found
