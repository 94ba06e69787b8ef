"""What the rehearsal's concurrent writer knows of a table: its shape as the database has it now.

The writer does not trust the models for a table's shape: a bundle changes the table under it (a
column dropped, the key renamed and made a link to a new parent, a table renamed), so it reads
the catalogue, and reads it again when a statement fails. Values are made as the seeding makes
them (``values.maker``), for the field a model (patched, or of the migration state before the
bundle) declares on that column, else for a field built from the column's introspected type.
Runs inside the target's interpreter: standard library + Django only, Python 3.8+.
"""

from __future__ import annotations

from . import values as rehearsal_values

SAMPLE = 200  # existing keys read per table: rows to update, targets of foreign keys
MAX_DEPTH = 3  # parents above parents followed from a table whose key links to its parent


class ShapeChanged(Exception):
    """The table changed while its shape was read (a column renamed between two queries)."""


class Column:
    def __init__(self, name, field, nullable):
        self.name = name
        self.field = field  # a field that makes its values (a model's, else built), or None
        self.nullable = nullable


class Shape:
    """A table's columns, primary key and single-column foreign keys, read from the catalogue."""

    def __init__(self, table, columns, pk, auto, links, keys):
        self.table = table
        self.columns = columns
        self.pk = pk  # the primary key's column, or None
        self.auto = auto  # the database numbers new rows
        self.links = links  # {column: (table, column)}
        self.keys = keys  # up to SAMPLE existing primary keys

    @property
    def parent(self):
        """Return the table the primary key links to (a multi-table child's parent), or None."""
        link = self.links.get(self.pk)
        return link[0] if link else None

    def updatable(self):
        """Return the columns an update sets: not the key, no reference, a value maker."""
        return [
            c for c in self.columns if c.name != self.pk and c.name not in self.links and c.field
        ]


def read_shape(connection, table, fields=None):
    """Return the Shape of ``table``, or None when the table does not exist (now).

    ``fields``: ``{column: field}`` the models declare on this table (``model_fields``).
    """
    introspection = connection.introspection
    with connection.cursor() as cursor:
        if table not in introspection.table_names(cursor):
            return None
        try:
            description = introspection.get_table_description(cursor, table)
        except KeyError as exc:  # PostgreSQL's two reads of it saw two shapes
            raise ShapeChanged("%s changed while its columns were read: %s" % (table, exc)) from exc
        constraints = introspection.get_constraints(cursor, table)
    pk, links = None, {}
    for info in constraints.values():
        columns = info.get("columns") or []
        if info.get("primary_key") and len(columns) == 1:
            pk = columns[0]
        if info.get("foreign_key") and len(columns) == 1:
            links[columns[0]] = tuple(info["foreign_key"])
    columns, auto = [], False
    for info in description:
        kind = field_type(connection, info)
        if info.name == pk and kind and kind.endswith("AutoField"):
            auto = True
            continue
        field = declared((fields or {}).get(info.name)) or build_field(kind, info)
        columns.append(Column(info.name, field, bool(info.null_ok)))
    return Shape(table, columns, pk, auto, links, sample_keys(connection, table, pk))


def declared(field):
    """Return a model's field when the writer can make its values, else None."""
    if field is None or field.is_relation:
        return None
    try:
        rehearsal_values.maker(field, use_tz=use_tz(), cautious=True)
    except rehearsal_values.CannotFill:
        return None
    return field


def model_fields(before):
    """Return ``{table: {column: field}}`` of the patched models and of the apps ``before``."""
    from django.apps import apps

    found: dict = {}
    for registry in (before, apps):  # the patched models last: their word is the last
        for model in registry.get_models(include_auto_created=True):
            for field in model._meta.local_concrete_fields:
                found.setdefault(model._meta.db_table, {})[field.column] = field
    return found


def field_type(connection, info):
    """Return the name of the Django field class inspectdb would write for a column, or None."""
    try:
        kind = connection.introspection.get_field_type(info.type_code, info)
    except KeyError:
        return None
    return kind if isinstance(kind, str) else None


def build_field(kind, info):
    """Return an unbound field of class ``kind`` sized like the column, or None when unknown."""
    from django.db import models

    field_class = getattr(models, kind or "", None)
    if field_class is None or kind.endswith("AutoField"):
        return None
    options: dict = {"null": bool(info.null_ok)}
    if kind == "CharField":
        options["max_length"] = int(info.display_size or info.internal_size or 0) or None
    elif kind == "DecimalField":
        options["max_digits"] = info.precision or 20
        options["decimal_places"] = info.scale if info.scale is not None else 4
    try:
        field = field_class(**options)
        rehearsal_values.maker(field, use_tz=use_tz(), cautious=True)
    except (TypeError, rehearsal_values.CannotFill):
        return None
    field.set_attributes_from_name(info.name)
    return field


def use_tz():
    from django.conf import settings

    return bool(getattr(settings, "USE_TZ", False))


def sample_keys(connection, table, column):
    if column is None:
        return []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT %s FROM %s ORDER BY %s LIMIT %d"
            % (quote(column), quote(table), quote(column), SAMPLE)
        )
        return [row[0] for row in cursor.fetchall()]


def column_value(column, connection, number):
    """Return the parameter row ``number`` gives ``column`` (cautious numbers: CHECKs hold)."""
    made = rehearsal_values.maker(column.field, use_tz=use_tz(), cautious=True)(number)
    return column.field.get_db_prep_save(made, connection)


# -- which tables ------------------------------------------------------------------------------


def written_tables(plan, before):
    """Return ``[[table before the bundle, table after]]`` of what the plan changes.

    The plan names a model (``model``) or an M2M field (``field``, its table): the table before
    is read from ``before``, the apps of the migration state the database is at (the models on
    disk are already patched), the table after from the patched models (where a plan that
    moves the model, ``to_app``, puts it).
    """
    from django.apps import apps

    label = plan.get("model") or plan.get("field")
    if not label:
        return []
    after = label
    if plan.get("to_app"):
        after = "%s.%s" % (plan["to_app"], label.split(".", 1)[1])
    return [[table_of(before, label), table_of(apps, after, fallback=None)]]


def state_before(connection):
    """Return the project state of the migrations applied to ``connection``'s database."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied = set(loader.applied_migrations)
    leaves = [
        node
        for node in sorted(applied)
        if node in loader.graph.node_map
        and not any(child.key in applied for child in loader.graph.node_map[node].children)
    ]
    return loader.project_state(nodes=leaves or None, at_end=True)


def table_of(apps, label, fallback=False):
    """Return the table of ``app.Model`` or of the M2M field ``app.Model.field`` in ``apps``."""
    parts = label.split(".")
    try:
        model = apps.get_model(parts[0], parts[1])
        if len(parts) == 3:
            return model._meta.get_field(parts[2]).remote_field.through._meta.db_table
        return model._meta.db_table
    except LookupError:
        if fallback is False:
            raise
        return fallback
