"""Fingerprint the scratch database: every row by pk, every M2M pair, and what surrounds them.

Rows are read through the models as the code now declares them (after a bundle: the new models,
so a field that moved to a new parent is read through the child as before), values by field name.
Alongside: the schema, the sequences' high-water marks, foreign-key problems, places where the
database and the models disagree, what ``makemigrations --check`` says, and the migration state.
"""

from __future__ import annotations

from .. import bootstrap, declared_constraints, system_checks
from ..inspect_models import m2m_fields
from ..rehearsal import db as rehearsal_db


def run(payload):
    bootstrap.setup(payload)
    from django.db import connection

    result = observe(connection)
    if payload.get("inserts"):
        # The baseline for the insert check after the bundle: a model the project itself cannot
        # take a new row in (a save() that needs more than the seeding knows) fails before too.
        from . import checks

        result["inserts"] = checks.new_rows()
        # PostgreSQL sequences and AUTO_INCREMENT keep what the rolled-back inserts took.
        models = rehearsal_db.own_models(include_auto_created=True)
        result["high_water_marks"] = rehearsal_db.high_water_marks(connection, models)
    if payload.get("facts"):
        # What the plan's kind reads before the bundle, to compare with after (an id kept).
        from . import checks

        result["plan"] = checks.plan_facts(payload, connection)
    return result


def observe(connection):
    models = rehearsal_db.own_models()
    tables = rehearsal_db.with_tables(connection, models)
    with_through = rehearsal_db.own_models(include_auto_created=True)
    return {
        "fingerprint": {"models": fingerprint_rows(tables), "m2m": fingerprint_pairs(tables)},
        "schema": rehearsal_db.schema(connection),
        "high_water_marks": rehearsal_db.high_water_marks(connection, with_through),
        "model_mismatches": model_mismatches(
            connection, [m for m in with_through if m._meta.managed], declared=True
        ),
        "foreign_key_problems": foreign_key_problems(connection, with_through),
        "pending_changes": rehearsal_db.pending_changes(),
        "check_errors": system_checks.serious_messages(),
        "state": rehearsal_db.migration_state(connection),
    }


def fingerprint_rows(models):
    """Return ``{label: {"pk", "fields", "rows": {pk: [values]}}}`` for every model."""
    found = {}
    for model in models:
        opts = model._meta
        fields = [f for f in opts.concrete_fields]
        values = model._base_manager.order_by().values_list(*[f.attname for f in fields])
        pk_index = fields.index(opts.pk)
        rows = {}
        for row in values.iterator(chunk_size=2000):
            rows[str(rehearsal_db.normalize(row[pk_index]))] = [
                rehearsal_db.normalize(v) for v in row
            ]
        found[opts.label] = {"pk": opts.pk.name, "fields": [f.name for f in fields], "rows": rows}
    return found


def fingerprint_pairs(models):
    """Return ``{"app.Model.field": {"through", "source", "target", "pairs": {id: [s, t]}}}``."""
    found = {}
    for model in models:
        for field in m2m_fields(model):
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name())
            target = through._meta.get_field(field.m2m_reverse_field_name())
            rows = through._base_manager.order_by().values_list(
                through._meta.pk.attname, source.attname, target.attname
            )
            found["%s.%s" % (model._meta.label, field.name)] = {
                "through": through._meta.label,
                "source": source.name,
                "target": target.name,
                "pairs": {
                    str(rehearsal_db.normalize(pk)): [
                        rehearsal_db.normalize(s),
                        rehearsal_db.normalize(t),
                    ]
                    for pk, s, t in rows.iterator(chunk_size=2000)
                },
            }
    return found


# -- the database against the models ----------------------------------------------------------


def model_mismatches(connection, models, declared=False):
    """Return one sentence per place where a model's table is not what the model declares.

    ``declared`` also asks for the model's Meta.indexes and Meta.constraints by name (the
    rehearsal does; a person's own database may have renamed them, so confirm does not).
    """
    tables = set(rehearsal_db.table_names(connection))
    problems = []
    for model in models:
        opts = model._meta
        if opts.db_table not in tables:
            problems.append("%s: its table %s does not exist." % (opts.label, opts.db_table))
            continue
        problems += table_mismatches(connection, model)
        if declared:
            problems += declared_constraints.missing(connection, model)
    return problems


def table_mismatches(connection, model):
    opts = model._meta
    table = opts.db_table
    stored = rehearsal_db.columns(connection, table)
    keys = {
        column: (ref_table, ref_column)
        for column, ref_table, ref_column in rehearsal_db.foreign_keys(connection, table)
    }
    problems = []
    declared = set()
    for field in opts.local_concrete_fields:
        if field.column is None:
            continue
        declared.add(field.column)
        if type(field).__name__ == "GeneratedField":
            continue  # computed by the database: its type is whatever the expression gives
        where = "%s.%s (%s.%s)" % (opts.label, field.name, table, field.column)
        if field.column not in stored:
            problems.append("%s: the column does not exist." % where)
            continue
        stored_type, nullable = stored[field.column]
        model_type = field.db_type(connection) or ""
        if connection.vendor == "sqlite":
            model_type = rehearsal_db.sqlite_type(model_type)  # as columns() reports the table's
        wanted = type_family(model_type)
        found = type_family(stored_type)
        if wanted and found and wanted != found:
            problems.append("%s: the column is %s, the model says %s." % (where, found, wanted))
        if not field.primary_key and nullable != field.null:
            problems.append(
                "%s: the column is %s, the model says %s."
                % (where, "NULL" if nullable else "NOT NULL", "NULL" if field.null else "NOT NULL")
            )
        if field.is_relation and getattr(field, "db_constraint", False):
            target = field.target_field
            expected = (target.model._meta.db_table, target.column)
            actual = keys.get(field.column)
            if actual is None:
                problems.append("%s: there is no foreign-key constraint." % where)
            elif actual[0] != expected[0] or actual[1] not in (expected[1], None):
                problems.append(
                    "%s: the foreign key references %s(%s), the model says %s(%s)."
                    % (where, actual[0], actual[1], expected[0], expected[1])
                )
    for column in sorted(set(stored) - declared):
        problems.append(
            "%s: the table %s has a column %s that the model does not declare."
            % (opts.label, table, column)
        )
    return problems


def type_family(declared):
    """Return a comparable name for integer, UUID and string types; None for anything else."""
    text = declared.lower().replace("unsigned", "").replace("auto_increment", "").strip()
    text = text.split(" generated ")[0].split(" check")[0].strip()
    base = text.split("(")[0].strip()
    if base in ("integer", "int", "int4", "serial", "mediumint"):
        return "integer"
    if base in ("bigint", "int8", "bigserial"):
        return "bigint"
    if base in ("smallint", "int2", "smallserial"):
        return "smallint"
    if base == "uuid":
        return "uuid"
    if base in ("varchar", "character varying") and "(" in text:
        return "varchar(%s)" % text.split("(")[1].split(")")[0].strip()
    return None


# -- foreign keys -----------------------------------------------------------------------------


def foreign_key_problems(connection, models):
    """Return one sentence per broken reference: orphans, references to missing columns."""
    problems = []
    if connection.vendor == "sqlite":
        problems += sqlite_foreign_key_check(connection)
    tables = set(rehearsal_db.table_names(connection))
    checked = set()
    references = []
    for table in sorted(tables):
        for column, ref_table, ref_column in rehearsal_db.foreign_keys(connection, table):
            references.append((table, column, ref_table, ref_column, "database constraint"))
    for model in models:
        if not model._meta.managed:
            continue
        for field in model._meta.local_concrete_fields:
            if field.is_relation and field.remote_field.model is not None:
                target = field.target_field
                references.append(
                    (model._meta.db_table, field.column, target.model._meta.db_table, target.column,
                     "%s.%s" % (model._meta.label, field.name))
                )  # fmt: skip
    for table, column, ref_table, ref_column, source in references:
        key = (table, column, ref_table, ref_column)
        if key in checked or table not in tables:
            continue
        checked.add(key)
        problems += orphans(connection, tables, table, column, ref_table, ref_column, source)
    return problems


def sqlite_foreign_key_check(connection):
    from django.db import DatabaseError

    with connection.cursor() as cursor:
        try:
            cursor.execute("PRAGMA foreign_key_check")
            rows = cursor.fetchall()
        except DatabaseError as exc:  # "foreign key mismatch": REFERENCES a column that is gone
            return ["PRAGMA foreign_key_check fails: %s." % " ".join(str(exc).split())]
    counts: dict = {}
    for table, _rowid, parent, _fkid in rows:
        counts[(table, parent)] = counts.get((table, parent), 0) + 1
    return [
        "PRAGMA foreign_key_check: %d rows of %s reference missing rows of %s." % (n, t, p)
        for (t, p), n in sorted(counts.items())
    ]


def orphans(connection, tables, table, column, ref_table, ref_column, source):
    from django.db import DatabaseError

    q = connection.ops.quote_name
    where = "%s.%s -> %s.%s (%s)" % (table, column, ref_table, ref_column, source)
    if ref_table not in tables:
        return ["%s: the referenced table does not exist." % where]
    ref_columns = rehearsal_db.columns(connection, ref_table)
    if ref_column is None:
        return []
    if ref_column not in ref_columns:
        return ["%s: the referenced column does not exist." % where]
    sql = (
        "SELECT c.%s FROM %s c LEFT JOIN %s p ON c.%s = p.%s "
        "WHERE c.%s IS NOT NULL AND p.%s IS NULL"
        % (q(column), q(table), q(ref_table), q(column), q(ref_column), q(column), q(ref_column))
    )
    with connection.cursor() as cursor:
        try:
            cursor.execute(sql)
            missing = [row[0] for row in cursor.fetchall()]
        except DatabaseError as exc:
            return ["%s: cannot be checked: %s." % (where, " ".join(str(exc).split()))]
    if not missing:
        return []
    shown = ", ".join(repr(rehearsal_db.normalize(v)) for v in sorted(missing, key=str)[:5])
    return ["%s: %d rows point at rows that do not exist (%s)." % (where, len(missing), shown)]
