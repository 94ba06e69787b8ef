"""Describe models, their fields, M2M fields, indexes and incoming relations as plain JSON.

Runs inside the target's process (standard library + Django 4.2 .. 6.x, Python 3.8+).
"""

from __future__ import annotations

import contextlib
import inspect


class WouldConnect(Exception):
    """The backend tried to connect to the database, which inspecting never does."""


class ColumnTypes:
    """Return database column types as far as the backend knows them without a connection.

    MySQL/MariaDB asks the server for its version first; inspecting must not wait on (or even
    reach) a database server, so such types stay unknown (None).
    """

    def __init__(self, connection):
        self.connection = connection
        self.needs_server = connection is None

    def of(self, field):
        if self.needs_server:
            return None
        with no_connecting(self.connection):
            try:
                return field.db_type(self.connection)
            except WouldConnect:
                self.needs_server = True
            except Exception:  # a third-party field whose type needs more than the backend
                pass
        return None


@contextlib.contextmanager
def no_connecting(connection):
    """Make ``connection`` raise WouldConnect instead of connecting, until the block ends."""

    def refuse(*args, **kwargs):
        raise WouldConnect()

    connection.ensure_connection = refuse  # an instance attribute shadows the method
    try:
        yield
    finally:
        del connection.ensure_connection


def models_info(models, root, column_types, table_pks=None):
    """Return the JSON description of each model in ``models`` (concrete, proxy or unmanaged).

    ``table_pks`` maps (model label, field name) of auto-created M2M fields to the pk class their
    table has as the migrations build it (``through_shape.state_through_pks``).
    """
    incoming = incoming_relations()
    return [model_info(model, root, column_types, incoming, table_pks) for model in models]


def model_info(model, root, column_types, incoming, table_pks=None):
    from .paths import relative_or_absolute

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
        "pk": field_info(opts.pk, column_types),
        "fields": [field_info(f, column_types) for f in opts.local_concrete_fields],
        "all_concrete_fields": [f.name for f in opts.concrete_fields],
        "parents": [parent._meta.label for parent in opts.parents],
        "bases": [base_label(base) for base in model.__bases__],
        "abstract_bases": [class_path(base) for base in abstract_bases(model)],
        "proxy": opts.proxy,
        "concrete_model": opts.concrete_model._meta.label,
        "managed": opts.managed,
        "abstract": opts.abstract,
        "swapped": bool(opts.swapped),
        "ordering": [str(item) for item in (opts.ordering or [])],
        "unique_together": [list(group) for group in opts.unique_together],
        "index_together": [list(group) for group in getattr(opts, "index_together", ())],
        "indexes": [index_info(index, opts) for index in opts.indexes],
        "constraints": [constraint_info(c, opts) for c in opts.constraints],
        "m2m": [m2m_info(f, table_pks) for f in m2m_fields(model)],
        "other_m2m": [other_m2m_info(f) for f in opts.local_many_to_many if not is_m2m_field(f)],
        "incoming": incoming.get(opts.label, []),
    }


def class_path(cls):
    return "%s.%s" % (cls.__module__, cls.__qualname__)


def base_label(base):
    meta = getattr(base, "_meta", None)
    if meta is not None and not meta.abstract:
        return meta.label
    return class_path(base)


def abstract_bases(model):
    return [
        base
        for base in model.__mro__[1:]
        if getattr(getattr(base, "_meta", None), "abstract", False)
    ]


def declared_in(field):
    """Return ``module.Class`` of the class whose body defines ``field`` (maybe an abstract base).

    Django copies an abstract base's fields into each child; the copy keeps the creation counter,
    so the highest class in the MRO holding a field with the same counter is where it is written.
    """
    model = field.model
    for cls in reversed(model.__mro__):
        meta = getattr(cls, "_meta", None)
        if meta is None or not (cls is model or meta.abstract):
            continue
        local = list(meta.local_fields) + list(meta.local_many_to_many)
        if any(
            f.name == field.name and f.creation_counter == field.creation_counter for f in local
        ):
            return class_path(cls)
    return class_path(model)


def field_info(field, column_types=None):
    from django.db import connections
    from django.db.models import NOT_PROVIDED

    if column_types is None:
        column_types = ColumnTypes(connections["default"])

    remote = getattr(field, "remote_field", None)
    info = {
        "name": field.name,
        "attname": field.attname,
        "class_name": type(field).__name__,
        "class_path": class_path(type(field)),
        "column": field.column,
        "db_type": column_types.of(field),
        "null": field.null,
        "blank": field.blank,
        "unique": field.unique,
        "primary_key": field.primary_key,
        "db_index": field.db_index,
        "has_default": field.default is not NOT_PROVIDED,
        "has_db_default": getattr(field, "db_default", NOT_PROVIDED) is not NOT_PROVIDED,
        "choices": bool(field.choices),
        "auto_created": field.auto_created,
        "declared_in": declared_in(field),
        "related_model": None,
        "to_field": None,
        "on_delete": None,
        "parent_link": False,
    }
    if remote is not None and field.is_relation and remote.model is not None:
        info["related_model"] = label_of(remote.model)
        info["on_delete"] = getattr(getattr(remote, "on_delete", None), "__name__", None)
        info["parent_link"] = bool(getattr(remote, "parent_link", False))
        info["to_field"] = to_field(field)
    return info


def to_field(field):
    """Return the name of the field a relation points at when that is not the target's pk."""
    try:
        target = field.target_field
    except Exception:  # a relation over several columns (ForeignObject)
        return None
    return None if target.primary_key else target.name


def label_of(model):
    if isinstance(model, str):
        return model
    return model._meta.label


def index_info(index, opts):
    return {
        "name": index.name,
        "kind": type(index).__name__,
        "fields": list(index.fields),
        "expressions": bool(getattr(index, "expressions", ())),
        "condition": index.condition is not None,
        "references": referenced_fields(
            opts, [index.fields, getattr(index, "expressions", ()), index.condition]
        ),
    }


def constraint_info(constraint, opts):
    # CheckConstraint.check became .condition in Django 5.1 (and .check went away in 6.0).
    condition = getattr(constraint, "condition", None)
    if condition is None and type(constraint).__name__ == "CheckConstraint":
        condition = getattr(constraint, "check", None)
    fields = list(getattr(constraint, "fields", ()) or ())
    expressions = list(getattr(constraint, "expressions", ()) or ())
    include = list(getattr(constraint, "include", ()) or ())
    return {
        "name": constraint.name,
        "kind": type(constraint).__name__,
        "fields": fields,
        "expressions": bool(expressions),
        "condition": condition is not None,
        "references": referenced_fields(opts, [fields, expressions, include, condition]),
    }


def referenced_fields(opts, roots):
    """Return the names of ``opts``' fields that strings, Q objects and expressions refer to."""
    from django.db.models import F, Q

    names = set()
    stack = list(roots)
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            names.add(item.lstrip("-"))
        elif isinstance(item, Q):
            stack.extend(item.children)
        elif isinstance(item, F):
            names.add(item.name)
        elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
            names.add(item[0])  # a Q child: (lookup, value); the value may be an expression
            if hasattr(item[1], "resolve_expression"):
                stack.append(item[1])
        elif hasattr(item, "get_source_expressions"):
            stack.extend(item.get_source_expressions())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return sorted({name for name in (field_name(opts, n) for n in names) if name})


def field_name(opts, lookup):
    """Return the name of the field that a lookup like ``author_id__in`` or ``pk`` starts with."""
    first = lookup.split("__", 1)[0]
    if first == "pk":
        return opts.pk.name
    for field in list(opts.concrete_fields) + list(opts.many_to_many):
        if first in (field.name, field.attname):
            return field.name
    return None


def is_m2m_field(field):
    """Return whether ``field`` is a ManyToManyField (a subclass, like modelcluster's, too).

    Django also lists in ``_meta.many_to_many`` relations that only say ``many_to_many = True``
    (django-taggit's TaggableManager, modelcluster's ClusterTaggableManager): they have none of
    a ManyToManyField's table methods and their "through" is an ordinary model.
    """
    from django.db.models import ManyToManyField

    return isinstance(field, ManyToManyField)


def m2m_fields(model):
    """Return the ManyToManyFields declared on ``model`` (not other many-to-many relations)."""
    return [field for field in model._meta.local_many_to_many if is_m2m_field(field)]


def other_m2m_info(field):
    """Return what can be said of a many-to-many relation that is not a ManyToManyField."""
    remote = getattr(field, "remote_field", None)
    target = getattr(remote, "model", None)
    through = getattr(remote, "through", None)
    return {
        "name": field.name,
        "model": field.model._meta.label,
        "class_name": type(field).__name__,
        "class_path": class_path(type(field)),
        "target": label_of(target) if target is not None else None,
        "through": label_of(through) if through is not None else None,
        "declared_in": declared_in(field),
    }


def m2m_info(field, table_pks=None):
    from .through_shape import declared_fk_names

    remote = field.remote_field
    through = remote.through
    topts = through._meta
    source_fk = topts.get_field(field.m2m_field_name())
    target_fk = topts.get_field(field.m2m_reverse_field_name())
    table_pk = (table_pks or {}).get((field.model._meta.label, field.name), type(topts.pk))
    declared_source, declared_target = (
        declared_fk_names(field) if topts.auto_created else (source_fk.name, target_fk.name)
    )
    return {
        "name": field.name,
        "model": field.model._meta.label,
        "target": label_of(remote.model),
        "auto_created": bool(topts.auto_created),
        "through": topts.label,
        "table": topts.db_table,
        "custom_db_table": field.db_table is not None,
        "source_field": source_fk.name,
        "source_column": source_fk.column,
        "target_field": target_fk.name,
        "target_column": target_fk.column,
        "symmetrical": bool(remote.symmetrical),
        # As written in the code: Django rewrites a symmetrical one to "<name>_rel_+".
        "related_name": getattr(field, "_related_name", remote.related_name),
        "related_query_name": getattr(field, "_related_query_name", remote.related_query_name),
        "reverse_accessor": None if remote.hidden else remote.get_accessor_name(),
        "blank": field.blank,
        "through_pk_class": type(topts.pk).__name__,
        "through_pk_class_path": class_path(type(topts.pk)),
        "table_pk_class": table_pk.__name__,
        "table_pk_class_path": class_path(table_pk),
        "declared_source_field": declared_source,
        "declared_target_field": declared_target,
        "through_fields": list(remote.through_fields) if remote.through_fields else None,
        "declared_in": declared_in(field),
        "to_swappable_user": label_of(remote.model).lower() == _auth_user_label().lower(),
        "limit_choices_to": bool(remote.limit_choices_to),
    }


def _auth_user_label():
    from django.conf import settings

    return getattr(settings, "AUTH_USER_MODEL", "auth.User")


def incoming_relations():
    """Return, per model label, every FK and one-to-one that points at its table.

    Relations to a proxy are listed on the proxy and on its concrete model (which owns the table).
    """
    from django.apps import apps

    models = apps.get_models(include_auto_created=True)
    m2m_of = m2m_fields_by_through(models)
    incoming: dict = {}
    for other in models:
        for field in other._meta.local_concrete_fields:
            remote = getattr(field, "remote_field", None)
            if remote is None or not field.is_relation or isinstance(remote.model, str):
                continue
            entry = relation_entry(other, field, m2m_of)
            targets = {remote.model._meta.label, remote.model._meta.concrete_model._meta.label}
            for label in targets:
                incoming.setdefault(label, []).append(entry)
    return incoming


def relation_entry(other, field, m2m_of):
    remote = field.remote_field
    serves = m2m_of.get(other)
    return {
        "model": other._meta.label,
        "field": field.name,
        "kind": type(field).__name__,
        "column": field.column,
        "table": other._meta.db_table,
        "m2m_table": serves is not None,
        "m2m_field": serves,
        "auto_created": bool(other._meta.auto_created),
        "target_model": remote.model._meta.label,
        "to_field": to_field(field),
        "target_column": field.target_field.column,
        "parent_link": bool(getattr(remote, "parent_link", False)),
    }


def m2m_fields_by_through(models):
    """Return ``{through model: "app.Model.field"}`` for every M2M table, auto-created or not."""
    serves: dict = {}
    for model in models:
        for field in m2m_fields(model):
            through = field.remote_field.through
            if not isinstance(through, str):
                serves.setdefault(through, "%s.%s" % (model._meta.label, field.name))
    return serves
