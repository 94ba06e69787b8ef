"""How the rehearsal's rows go in: unique groups kept unique, and fast multi-row INSERTs.

Runs inside the target's interpreter: standard library + Django only, Python 3.8+.
"""

from __future__ import annotations

import itertools

from . import values as rehearsal_values

BATCH = 500


def unique_sets(model, fields):
    """Return the groups of settable fields whose values must be unique together."""
    settable = {f.attname: f for f in fields}
    by_name = {f.name: f for f in fields}
    groups: list = []
    for field in fields:
        if field.unique or field.primary_key:
            groups.append((field,))
    metas = [model._meta] + [parent._meta for parent in model._meta.get_parent_list()]
    for opts in metas:
        names_groups: list = [tuple(g) for g in opts.unique_together]
        for constraint in opts.constraints:
            if type(constraint).__name__ == "UniqueConstraint":
                names = constraint_field_names(constraint)
                if names:
                    names_groups.append(names)
        for names in names_groups:
            group = tuple(by_name.get(name) or settable.get(name) for name in names)
            if all(group):
                groups.append(group)
    return groups


def constraint_field_names(constraint):
    """Return the fields a unique constraint makes unique together, in order.

    A functional one (``UniqueConstraint(Lower("name"))``) counts the fields its expressions
    read: rows distinct in those fields are distinct in the expressions too, since the synthetic
    values differ in more than letter case. A condition only narrows the rows it covers, so
    keeping every row unique holds it as well.
    """
    names = list(getattr(constraint, "fields", None) or ())
    for expression in getattr(constraint, "expressions", None) or ():
        for name in referenced_fields(expression):
            if name not in names:
                names.append(name)
    return tuple(names)


def nulls_are_equal(field):
    """Return whether a unique constraint counts NULLs in ``field`` as equal (PostgreSQL's
    ``nulls_distinct=False``): then a second NULL breaks it, so the field gets no NULLs."""
    for klass in [field.model, *field.model._meta.get_parent_list()]:
        for constraint in klass._meta.constraints:
            equal = getattr(constraint, "nulls_distinct", None) is False
            if equal and field.name in constraint_field_names(constraint):
                return True
    return False


def referenced_fields(expression):
    """Return the field names an expression reads (``F("name")`` anywhere inside it)."""
    from django.db.models import F

    if isinstance(expression, F):
        return [expression.name.split("__")[0]]
    if isinstance(expression, str):
        return [expression.split("__")[0]]
    found = []
    for source in getattr(expression, "get_source_expressions", lambda: [])():
        found += referenced_fields(source)
    return found


def taken_already(groups):
    """Return, per unique group, the values its table already holds (a parent's table holds the
    rows of its multi-table children too)."""
    seen = []
    for group in groups:
        owners = {field.model._meta.concrete_model for field in group}
        taken = set()
        if len(owners) == 1:
            owner = owners.pop()
            taken.update(owner._base_manager.values_list(*[f.attname for f in group]))
        seen.append(taken)
    return seen


def spread_fields(groups):
    """Return the few-valued fields (relations, booleans, choices) of groups made only of those.

    Such a group cannot rely on a row number in one of its columns to stay unique, so its fields
    take every combination in turn instead (mixed radix over the row number).
    """
    spread = []
    for group in groups:
        if all(f.is_relation or rehearsal_values.limited_domain(f) for f in group):
            if len(group) == 1 and group[0].is_relation:
                continue  # a one-to-one takes each target once, in order
            for field in group:
                if field not in spread:
                    spread.append(field)
    return spread


def untaken_combinations(model, values):
    """Return ``values`` where each unique group of few-valued fields (booleans, choices) takes
    a combination that no row holds yet.

    The seeding may have used every combination; then no new row can be tried (CannotFill).
    """
    fields = [f for f in model._meta.concrete_fields if f.attname in values]
    changed = dict(values)
    for group, taken in zip(*few_valued_groups(model, fields)):
        names = [field.attname for field in group]
        if tuple(changed[name] for name in names) not in taken:
            continue
        free = next(
            (
                combination
                for combination in itertools.product(*[domain_values(f) for f in group])
                if combination not in taken
            ),
            None,
        )
        if free is None:
            raise rehearsal_values.CannotFill(
                "the seeded rows hold every value that its unique %s %s can take"
                % (
                    "field" if len(group) == 1 else "fields",
                    ", ".join(repr(field.name) for field in group),
                )
            )
        changed.update(zip(names, free))
    return changed


def few_valued_groups(model, fields):
    groups = [
        group
        for group in unique_sets(model, fields)
        if all(not f.is_relation and rehearsal_values.limited_domain(f) for f in group)
    ]
    return groups, taken_already(groups)


def domain_values(field):
    if field.choices:
        return rehearsal_values.choice_values(field)
    return [True, False]


def mixed_radix(number, sizes):
    digits = []
    for size in sizes:
        number, digit = divmod(number, max(size, 1))
        digits.append(digit)
    return digits


def product(sizes):
    total = 1
    for size in sizes:
        total *= size
    return total


def insert_many(model, rows, inserted=None):
    """Insert ``rows`` with multi-row INSERTs, values prepared by each field itself.

    What bulk_create sends, without building a model instance per row (several times faster).
    ``inserted(count)`` is told after each statement (the seeding's progress).
    """
    from django.db import connection, transaction

    if not rows or not rows[0]:
        model._base_manager.bulk_create([model(**row) for row in rows], batch_size=BATCH)
        return
    opts = model._meta
    by_attname = {field.attname: field for field in opts.concrete_fields}
    fields = [by_attname[attname] for attname in rows[0]]
    quote = connection.ops.quote_name
    head = "INSERT INTO %s (%s) VALUES " % (
        quote(opts.db_table),
        ", ".join(quote(field.column) for field in fields),
    )
    one = "(%s)" % ", ".join(["%s"] * len(fields))
    prepare = [preparer(field, connection) for field in fields]
    limit = getattr(connection.features, "max_query_params", None) or BATCH * len(fields)
    per_statement = max(1, min(BATCH, limit // len(fields)))
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = [
                convert(row[field.attname])
                for row in chunk
                for field, convert in zip(fields, prepare)
            ]
            cursor.execute(head + ", ".join([one] * len(chunk)), params)
            if inserted is not None:
                inserted(len(chunk))


PLAIN_TYPES = frozenset(
    [
        "CharField",
        "TextField",
        "SlugField",
        "EmailField",
        "URLField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
    ]
)


def preparer(field, connection):
    """Return how a value of ``field`` becomes a query parameter: as bulk_create does it, except
    for Django's own text and integer fields, whose str and int values go as they are."""
    target = field.target_field if field.is_relation else field
    plain = (
        type(target).__module__.startswith("django.db.models.")
        and type(target).__name__ in PLAIN_TYPES
        and (target is field or type(field).__module__.startswith("django.db.models."))
    )
    prepare = field.get_db_prep_save

    def convert(value):
        if plain and (value is None or type(value) in (str, int)):
            return value
        return prepare(value, connection)

    return convert
