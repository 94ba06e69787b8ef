"""Which of a model's ``Meta.indexes`` and ``Meta.constraints`` its table must have, and which
are missing: a bundle that rebuilds or renames a table must not lose them.

A database that cannot hold one (MariaDB and a functional or conditional unique constraint, say)
is not expected to have it: Django skips it there too. Runs inside the target's interpreter:
standard library + Django only, Python 3.8+.
"""

from __future__ import annotations


def missing(connection, model):
    """Return one sentence per declared index or constraint the model's table does not have."""
    with connection.cursor() as cursor:
        present = set(connection.introspection.get_constraints(cursor, model._meta.db_table))
    problems = []
    for kind, item in declared(model):
        if item.name not in present and expected(connection, item):
            problems.append(
                "%s: the %s %r that the model declares is not in the table %s."
                % (model._meta.label, kind, item.name, model._meta.db_table)
            )
    return problems


def declared(model):
    opts = model._meta
    return [("index", index) for index in opts.indexes] + [
        ("constraint", constraint) for constraint in opts.constraints
    ]


def expected(connection, item):
    """Return whether ``connection`` holds ``item`` when Django creates it (or skips it)."""
    features = connection.features
    name = type(item).__name__
    if name == "UniqueConstraint":
        return (
            (not item.condition or features.supports_partial_indexes)
            and (not item.deferrable or features.supports_deferrable_unique_constraints)
            and (not item.include or features.supports_covering_indexes)
            and (not item.expressions or features.supports_expression_indexes)
            and (
                getattr(item, "nulls_distinct", None) is None
                or getattr(features, "supports_nulls_distinct_unique_constraints", False)
            )
        )
    if name == "CheckConstraint":
        return bool(features.supports_table_check_constraints)
    if name == "ExclusionConstraint":
        return connection.vendor == "postgresql"
    if hasattr(item, "contains_expressions") and hasattr(item, "fields"):  # an Index
        return not item.contains_expressions or features.supports_expression_indexes
    return False  # a constraint class of another package: what it creates is its own business
