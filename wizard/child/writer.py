"""Turn MigrationSpecs into migration files with the target's own MigrationWriter.

A ``builders.<kind>`` module returns ``[MigrationSpec]``; ``render`` numbers each one after its
app's leaf (and after the earlier specs of the same app), adds the dependency on that
predecessor, and writes it with ``MigrationWriter(migration, include_header=False)`` (no
timestamp, so the same plan and target give the same bytes). Objects listed in ``inline``
(functions for ``RunPython``, operation classes) are defined in this package; their source is
copied into the migration file so that the file imports nothing but Django and the standard
library.
"""

from __future__ import annotations

import importlib
import inspect
import os
import re
import textwrap

from .bootstrap import ChildError

CHILD_PACKAGE = __name__.rsplit(".", 1)[0]


class PlanError(ChildError):
    """A plan that the target's own Django refuses; the message names the value and the fix."""

    kind = "PlanError"


class Explained:
    """An operation and the plain-words sentence that says what it does and why it is safe."""

    def __init__(self, operation, text):
        self.operation = operation
        self.text = text


def explained(operation, text):
    """Return ``operation`` with the builder's note; it travels with it to the preview."""
    return Explained(operation, text)


def explanation_of(item):
    """Return the note a builder gave ``item``, else the operation's own ``describe()``."""
    if isinstance(item, Explained):
        return item.text
    return "`%s`: %s." % (type(item).__name__, item.describe().rstrip("."))


class MigrationSpec:
    """What one new migration holds; ``render`` gives it its number, name and file.

    ``operations`` may hold ``explained(operation, text)`` items: each operation's sentence is
    written next to the code that makes it, and travels with it (``render`` returns both).
    """

    def __init__(
        self,
        app_label,
        name,
        operations,
        dependencies=(),
        inline=(),
        atomic=True,
        first_allowed=False,
        short_locks=False,
    ):
        self.app_label = app_label
        self.name = name  # the suffix: the file is NNNN_<name>.py
        items = list(operations)
        self.operations = [i.operation if isinstance(i, Explained) else i for i in items]
        self.explanations = [explanation_of(item) for item in items]
        # Other apps' migrations, e.g. app_leaf("auth") or
        # migrations.swappable_dependency(settings.AUTH_USER_MODEL), or an earlier spec of the
        # same build. The predecessor in the same app is added by render().
        self.dependencies = list(dependencies)
        # An app without migrations yet gets its first one (a model moved into a new app).
        self.first_allowed = first_allowed
        self.inline = list(inline)
        self.atomic = atomic
        # Online bundles: the migration is a ShortLocksMigration (one short transaction, lock
        # timeouts, a bounded retry); "checked later": the foreign keys it adds are added
        # without checking the rows, which a later migration does (see operations/online.py).
        self.short_locks = short_locks


def loader():
    """Return a MigrationLoader over the target's migration files (no database needed)."""
    from django.db.migrations.loader import MigrationLoader

    return MigrationLoader(None, ignore_no_migrations=True)


def app_leaf(app_label, graph=None):
    """Return ``(app_label, leaf_name)`` of the app's only leaf migration, or raise PlanError."""
    graph = graph if graph is not None else loader().graph
    leaves = sorted(name for label, name in graph.leaf_nodes() if label == app_label)
    if not leaves:
        raise PlanError(
            "App %r has no migrations; run 'python manage.py makemigrations %s' first."
            % (app_label, app_label)
        )
    if len(leaves) > 1:
        raise PlanError(
            "App %r has conflicting migrations (%s); run 'python manage.py makemigrations --merge' "
            "first." % (app_label, ", ".join(leaves))
        )
    return (app_label, leaves[0])


def pointing_dependencies(model, graph=None):
    """Return the leaves of the other apps whose models point at ``model``, by app label.

    A new migration's state is made of its ancestors only. A model of another app that points at
    ``model`` and was renamed (or changed) after ``model``'s app's latest migration would keep its
    old name and table there, and altering ``model``'s key then looks for a table that no longer
    exists. Nothing depends on the new migration yet, so these never make a cycle. The swappable
    user model is named as ``("__setting__", "AUTH_USER_MODEL")``, as Django writes it.
    """
    from django.apps import apps
    from django.conf import settings

    graph = graph if graph is not None else loader().graph
    own = model._meta.app_label
    user = getattr(settings, "AUTH_USER_MODEL", "auth.User").lower()
    pointing = {}  # type: dict
    for other in apps.get_models(include_auto_created=True):
        label = other._meta.app_label
        if label != own and points_at(other, model):
            pointing.setdefault(label, set()).add(other._meta.label_lower)
    migrated = {label for label, _name in graph.leaf_nodes()}
    found = []
    for label in sorted(pointing):
        if pointing[label] == {user}:
            found.append(("__setting__", "AUTH_USER_MODEL"))
        elif label in migrated:
            found.append(app_leaf(label, graph))
    return found


def points_at(other, model):
    """Return whether a field declared on ``other`` is a relation to ``model``'s table."""
    concrete = model._meta.concrete_model
    for field in list(other._meta.local_fields) + list(other._meta.local_many_to_many):
        target = getattr(getattr(field, "remote_field", None), "model", None)
        meta = getattr(target, "_meta", None)  # a string when the relation never resolved
        if field.is_relation and meta is not None and meta.concrete_model is concrete:
            return True
    return False


def questioner():
    """Return a questioner that never asks, prints or exits (Django 4.2 .. 6).

    The base class answers every question with its default (no rename, no one-off default);
    Django's non-interactive one calls ``sys.exit(3)`` on a pending NOT NULL field.
    """
    from django.db.migrations.questioner import MigrationQuestioner

    return MigrationQuestioner(specified_apps=None, dry_run=True)


def pending_changes(graph_loader=None):
    """Return the model changes ``makemigrations`` would write now, as {app_label, operation}.

    The project's own ``makemigrations`` decides: its override is run once, dry
    (``bootstrap.run_project_makemigrations``), before the autodetector compares."""
    from django.apps import apps
    from django.db.migrations.state import ProjectState

    from .bootstrap import makemigrations_autodetector, run_project_makemigrations

    run_project_makemigrations()
    graph_loader = graph_loader if graph_loader is not None else loader()
    changes = makemigrations_autodetector()(
        graph_loader.project_state(), ProjectState.from_apps(apps), questioner()
    ).changes(graph=graph_loader.graph)
    return [
        {"app_label": label, "operation": operation.describe()}
        for label, migrations in sorted(changes.items())
        for migration in migrations
        for operation in migration.operations
    ]


def migration_number(name):
    """Return the number a migration name starts with (the second one for a squash), or 0."""
    squashed = re.search(r".*_squashed_(\d+)", name)
    if squashed:
        return int(squashed.group(1))
    match = re.match(r"^\d+", name)
    return int(match.group(0)) if match else 0


def migrations_folder(app_label):
    """Return the folder of the app's migrations package, relative to the target's root."""
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    from .commands.inspect import migrations_path

    module_name, _explicit = MigrationLoader.migrations_module(app_label)
    if module_name is None:
        raise PlanError(
            "App %r has its migrations disabled (MIGRATION_MODULES maps it to None); "
            "enable them first." % app_label
        )
    root = os.path.realpath(os.getcwd())
    folder = migrations_path(module_name, apps.get_app_config(app_label), root)
    if os.path.isabs(folder):
        raise PlanError(
            "The migrations of app %r live outside the project (%r); the wizard only writes "
            "migrations for the project's own apps." % (app_label, folder)
        )
    return folder.replace(os.sep, "/")


def render(specs):
    """Return ``{"migrations": [...]}``: app_label, name, path and source of each spec."""
    from django.db import migrations
    from django.db.migrations.writer import MigrationWriter

    graph = loader().graph
    previous = {}  # type: dict
    names = {}  # type: dict  # id(spec) -> (app_label, name), for specs that depend on specs
    rendered = []
    for spec in specs:
        parent = previous.get(spec.app_label) or first_parent(spec, graph)
        name = "%04d_%s" % ((migration_number(parent[1]) if parent else 0) + 1, spec.name)
        depends = [
            names[id(d)] if isinstance(d, MigrationSpec) else dependency(d)
            for d in spec.dependencies
        ]
        attributes = {
            "dependencies": ([parent] if parent else []) + [d for d in depends if d != parent],
            "operations": spec.operations,
            "atomic": spec.atomic,
        }
        migration = type("Migration", (migrations.Migration,), attributes)(name, spec.app_label)
        source = MigrationWriter(migration, include_header=False).as_string()
        if spec.short_locks:
            from .operations import online

            inline = [online.ShortLocks, online.ShortLocksMigration]
            source = inline_objects(source, inline + [i for i in spec.inline if i not in inline])
            later = (
                "\n    foreign_keys_checked_later = True  # by the migration after this one\n"
                if spec.short_locks == "checked later"
                else ""
            )
            source = source.replace(
                "class Migration(migrations.Migration):\n",
                "class Migration(ShortLocksMigration):\n" + later,
                1,
            )
        else:
            source = inline_objects(source, spec.inline)
        if not spec.atomic and not spec.short_locks:
            source = source.replace(
                "class Migration(migrations.Migration):\n",
                "class Migration(migrations.Migration):\n\n    atomic = False\n",
                1,
            )
        folder = migrations_folder(spec.app_label)
        rendered.append(
            {
                "app_label": spec.app_label,
                "name": name,
                "path": "%s/%s.py" % (folder, name) if folder != "." else name + ".py",
                "source": source,
                "operations": [
                    {"name": type(operation).__name__, "explanation": text}
                    for operation, text in zip(spec.operations, spec.explanations)
                ],
            }
        )
        previous[spec.app_label] = names[id(spec)] = (spec.app_label, name)
    return {"migrations": rendered}


def first_parent(spec, graph):
    """Return the app's leaf, or None for an app's first migration when the spec allows it."""
    if spec.first_allowed and not any(label == spec.app_label for label, _n in graph.leaf_nodes()):
        return None
    return app_leaf(spec.app_label, graph)


def dependency(value):
    """Return a dependency as MigrationWriter expects it (a swappable one as ``__setting__``)."""
    setting = getattr(value, "setting", None)  # migrations.swappable_dependency(...)
    if setting is not None:
        from django.conf import settings

        for name in ["AUTH_USER_MODEL", *dir(settings)]:
            if name.isupper() and getattr(settings, name, None) == setting:
                return ("__setting__", name)
    return tuple(value)


def inline_objects(source, objects):
    """Return ``source`` with the child package's objects defined in it instead of imported."""
    modules = sorted({obj.__module__ for obj in objects})
    for module in modules:
        source = source.replace("import %s\n" % module, "")
        source = re.sub(r"\b%s\." % re.escape(module), "", source)
    if CHILD_PACKAGE in source:
        raise ChildError(
            "A generated migration refers to the wizard's helper (%s) without inlining it; "
            "this is a bug in the wizard: please report it." % CHILD_PACKAGE
        )
    if not objects:
        return source
    definitions = "\n\n\n".join(object_source(obj) for obj in objects)
    head, marker, tail = source.partition("\n\n\nclass Migration(")
    return head + "\n\n\n" + definitions + marker + tail


def object_source(obj):
    """Return the dedented source of a function or class defined in the child package."""
    module = importlib.import_module(obj.__module__)
    if not module.__name__.startswith(CHILD_PACKAGE):
        raise ChildError("Only the wizard's own helpers can be inlined, not %r." % obj)
    return textwrap.dedent(inspect.getsource(obj)).rstrip()
