"""Build the zero-copy migrations that move a model to another of the project's apps.

1. ``<new app>``: ``SeparateDatabaseAndState`` whose state operation is a ``CreateModel`` of the
   model exactly as the migration state has it (fields, pk, options, managers, bases), with
   ``db_table`` naming the table it has; no SQL. With ``"table": "rename"``, ``AlterModelTable``
   then gives the table (and the auto-created tables of its M2M fields) the new app's default
   names: Django's own operation, the only SQL of the move. The new app's own models that point
   at the model follow it here too.
2. One migration in every other app whose models point at the model (foreign keys, one-to-ones,
   M2M fields, through models, subclasses): state-only ``AlterField`` (and ``ChangeBases`` for a
   subclass) to the new label. The columns and constraints stay as they are.
3. ``<old app>``: its own models' relations follow, the old model leaves the state
   (``DeleteModel``, state only), and ``RunPython`` gives the model's content type its new app
   label, keeping its id, so permissions, admin log entries and generic relations keep pointing
   at the same rows.
Migrating back undoes each step in reverse order.
"""

from __future__ import annotations

import functools

from ..operations import move_model as ops
from ..writer import (
    MigrationSpec,
    PlanError,
    app_leaf,
    explained,
    loader,
    migrations_folder,
    pending_changes,
)
from . import move_model_explain as words


def build(plan):
    from django.apps import apps

    model = apps.get_model(plan["model"])
    old_app, new_app = model._meta.app_label, plan["to_app"]
    lower, name = model._meta.model_name, model._meta.object_name
    check_model(model, new_app, plan)
    graph_loader = loader()
    check_state(graph_loader, [old_app, new_app])
    state = graph_loader.project_state()
    model_state = state.models.get((old_app, lower))
    if model_state is None:
        raise PlanError(
            "The migrations of app %r do not create %r; run 'python manage.py makemigrations "
            "%s' first." % (old_app, model._meta.label, old_app)
        )
    old_ref, new_ref = "%s.%s" % (old_app, lower), "%s.%s" % (new_app, lower)
    table = plan.get("table", "keep")
    check_table(model, model_state, new_app, table)
    pointing = pointing_models(state, old_ref, (old_app, lower))
    for app_label in sorted({app for app, _model in pointing} - {old_app, new_app}):
        check_own_app(app_label, model)
        check_state(graph_loader, [app_label])

    create = create_operation(model, model_state, old_ref, new_ref)
    move_in = [explained(state_only([create]), words.create(model, new_app, model._meta.db_table))]
    if table == "rename":
        new_table = default_table(new_app, lower)
        move_in.append(
            explained(
                _alter_table(lower),
                words.rename(model, model._meta.db_table, new_table, auto_m2m_tables(model)),
            )
        )
    move_in += repoint_operations(pointing, new_app, state, old_ref, new_ref)
    first = MigrationSpec(
        new_app,
        "move_%s_from_%s" % (lower, old_app),
        move_in,
        dependencies=state_dependencies(model_state, old_app, new_app),
        inline=inline_for(move_in),
        first_allowed=True,
    )
    specs = [first]
    for app_label in sorted({app for app, _model in pointing} - {old_app, new_app}):
        operations = repoint_operations(pointing, app_label, state, old_ref, new_ref)
        specs.append(
            MigrationSpec(
                app_label,
                "%s_%s_moved_to_%s" % (lower, old_app, new_app),
                operations,
                dependencies=[first],
                inline=inline_for(operations),
            )
        )
    leave = repoint_operations(pointing, old_app, state, old_ref, new_ref)
    leave.append(explained(state_only([_delete(name)]), words.delete(model, new_app)))
    dependencies = list(specs)
    if apps.is_installed("django.contrib.contenttypes"):
        leave.append(
            explained(
                content_type_operation(lower, old_app, new_app), words.content_type(model, new_app)
            )
        )
        dependencies.append(app_leaf("contenttypes", graph_loader.graph))
    specs.append(
        MigrationSpec(
            old_app,
            "move_%s_to_%s" % (lower, new_app),
            leave,
            dependencies=dependencies,
            inline=[*inline_for(leave), ops.move_content_type],
        )
    )
    return specs


def inline_for(items):
    """Return the operation classes of this package that ``items`` use (copied into the file)."""
    used = {type(getattr(item, "operation", item)) for item in items}
    return [ops.ChangeBases] if ops.ChangeBases in used else []


# -- checks -----------------------------------------------------------------------------------


def check_model(model, new_app, plan):
    from django.apps import apps
    from django.conf import settings

    label = model._meta.label
    if model._meta.swappable or getattr(settings, "AUTH_USER_MODEL", "auth.User").lower() == (
        label.lower()
    ):
        raise PlanError(
            "%r is the project's user model (AUTH_USER_MODEL); moving a swappable model is a "
            "separate, harder refactor the wizard does not make." % label
        )
    if model._meta.proxy or not model._meta.managed:
        raise PlanError(
            "%r is %s; the wizard moves managed, concrete models (move its concrete model)."
            % (label, "a proxy" if model._meta.proxy else "unmanaged")
        )
    if model._meta.parents:
        raise PlanError(
            "%r inherits from the concrete model %r; move its parent first, or the parent and "
            "the child together by hand." % (label, next(iter(model._meta.parents))._meta.label)
        )
    if model._meta.app_label == new_app:
        raise PlanError("%r is in the app %r already; choose another app." % (label, new_app))
    try:
        config = apps.get_app_config(new_app)
    except LookupError:
        raise PlanError("There is no app %r in INSTALLED_APPS." % new_app) from None
    taken = config.models.get(model._meta.model_name)
    if taken is not None:
        raise PlanError(
            "The app %r has a model %r already; rename one of them first."
            % (new_app, taken._meta.object_name)
        )
    check_own_app(new_app, model)


def check_own_app(app_label, model):
    try:
        migrations_folder(app_label)
    except PlanError as exc:
        raise PlanError(
            "The app %r points at %r, but %s"
            % (app_label, model._meta.label, str(exc)[0].lower() + str(exc)[1:])
        ) from None


def check_state(graph_loader, app_labels):
    leaves = {label for label, _name in graph_loader.graph.leaf_nodes()}
    for app_label in app_labels:
        if app_label in leaves:
            app_leaf(app_label, graph_loader.graph)
    changes = [c for c in pending_changes(graph_loader) if c["app_label"] in app_labels]
    if changes:
        change = changes[0]
        raise PlanError(
            "App %r has model changes that are not in migrations yet (%s); run 'python "
            "manage.py makemigrations %s' and migrate first."
            % (change["app_label"], change["operation"], change["app_label"])
        )


def check_table(model, model_state, new_app, table):
    from django.db import connection

    if table not in ("keep", "rename"):
        raise PlanError("'table' must be 'keep' or 'rename', not %r." % table)
    if table != "rename":
        return
    if model_state.options.get("db_table"):
        raise PlanError(
            "%r names its table in Meta.db_table (%r); it keeps that name wherever the model "
            'lives, so use "table": "keep".' % (model._meta.label, model._meta.db_table)
        )
    new_table = default_table(new_app, model._meta.model_name)
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
    names = [new_table] + [new for _old, new in auto_m2m_tables(model, new_table)]
    taken = [name for name in names if name in existing]
    if taken:
        raise PlanError(
            'The table %r exists already; use "table": "keep" or drop that table first.' % taken[0]
        )


# -- operations -------------------------------------------------------------------------------


def state_only(operations):
    from django.db import migrations

    return migrations.SeparateDatabaseAndState(state_operations=operations)


def _alter_table(lower):
    from django.db import migrations

    return migrations.AlterModelTable(name=lower, table=None)


def _delete(name):
    from django.db import migrations

    return migrations.DeleteModel(name=name)


def default_table(app_label, model_name):
    from django.db import connection
    from django.db.backends.utils import truncate_name

    return truncate_name("%s_%s" % (app_label, model_name), connection.ops.max_name_length())


def auto_m2m_tables(model, new_table=None):
    """Return ``[(old, new)]`` names of the model's auto-created M2M tables (new: after rename)."""
    found = []
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        if through._meta.auto_created and not field.db_table:
            old = through._meta.db_table
            found.append((old, "%s_%s" % (new_table, field.name) if new_table else None))
    return found


def create_operation(model, model_state, old_ref, new_ref):
    from django.db import migrations

    fields = []
    for name, field in model_state.fields.items():
        fields.append((name, repointed(field, old_ref, new_ref) or field.clone()))
    options = dict(model_state.options)
    options["db_table"] = model._meta.db_table
    bases = tuple(following(base, old_ref, new_ref) for base in model_state.bases)
    return migrations.CreateModel(
        name=model_state.name,
        fields=fields,
        options=options,
        bases=bases,
        managers=list(model_state.managers),
    )


def following(value, old_ref, new_ref):
    if isinstance(value, str) and value.lower() == old_ref:
        return new_ref
    return value


def repointed(field, old_ref, new_ref):
    """Return ``field`` pointing at ``new_ref`` where it pointed at ``old_ref``, else None."""
    _name, _path, args, kwargs = field.deconstruct()
    changed = False
    for key in ("to", "through"):
        value = kwargs.get(key)
        if isinstance(value, str) and value.lower() == old_ref:
            kwargs[key] = new_ref
            changed = True
    return type(field)(*args, **kwargs) if changed else None


def pointing_models(state, old_ref, moved_key):
    """Return ``{(app, model): ([(field name, new field)], new bases or None)}`` of the state's
    models that point at or inherit from ``old_ref``."""
    found = {}
    for key, model_state in sorted(state.models.items()):
        if key == moved_key:
            continue
        fields = [
            (name, field)
            for name, field in model_state.fields.items()
            if repointed(field, old_ref, "x.x") is not None
        ]
        inherits = any(isinstance(b, str) and b.lower() == old_ref for b in model_state.bases)
        if fields or inherits:
            found[key] = (fields, inherits)
    return found


def repoint_operations(pointing, app_label, state, old_ref, new_ref):
    from django.db import migrations

    operations = []
    for (label, model_name), (fields, inherits) in sorted(pointing.items()):
        if label != app_label:
            continue
        model_state = state.models[label, model_name]
        if inherits:
            # The bases and the parent link change together (see ChangeBases).
            bases = tuple(following(base, old_ref, new_ref) for base in model_state.bases)
            changed = [(name, repointed(field, old_ref, new_ref)) for name, field in fields]
            operations.append(
                explained(
                    ops.ChangeBases(model_state.name, bases, changed),
                    words.bases(label, model_state.name, new_ref, [name for name, _f in fields]),
                )
            )
            continue
        for name, field in fields:
            alter = migrations.AlterField(
                model_name=model_name, name=name, field=repointed(field, old_ref, new_ref)
            )
            operations.append(
                explained(
                    state_only([alter]), words.repoint(label, model_state.name, name, new_ref)
                )
            )
    return operations


def content_type_operation(lower, old_app, new_app):
    from django.db import migrations

    return migrations.RunPython(
        functools.partial(ops.move_content_type, model=lower, old_app=old_app, new_app=new_app),
        functools.partial(ops.move_content_type, model=lower, old_app=new_app, new_app=old_app),
        elidable=False,
    )


def state_dependencies(model_state, old_app, new_app):
    """Return the leaves of the apps the model's fields and bases name (the old app's first)."""
    from django.conf import settings
    from django.db import migrations

    graph = loader().graph
    labels = {old_app}
    for field in model_state.fields.values():
        for key in ("to", "through"):
            value = field.deconstruct()[3].get(key)
            if isinstance(value, str) and "." in value:
                labels.add(value.split(".")[0])
    for base in model_state.bases:
        if isinstance(base, str) and "." in base:
            labels.add(base.split(".")[0])
    user = getattr(settings, "AUTH_USER_MODEL", "auth.User")
    found = [app_leaf(old_app, graph)]
    for label in sorted(labels - {old_app, new_app}):
        if label == "__setting__" or label == user.split(".")[0]:
            found.append(migrations.swappable_dependency(user))
        else:
            found.append(app_leaf(label, graph))
    return found
