from django.db import migrations


class NewParentOperation(migrations.operations.base.Operation):
    """Share quoting and introspection between the operations below."""

    reduces_to_sql = True

    def state_forwards(self, app_label, state):
        pass

    def describe(self):
        return self.__class__.__name__

    @staticmethod
    def literal(value):
        return "'%s'" % str(value).replace("'", "''")

    @staticmethod
    def held_name(table):
        """Return the sqlite_sequence row where HoldSequence keeps ``table``'s counter."""
        return "mw_high_water:%s" % table

    @staticmethod
    def table_columns(schema_editor, table):
        """Return the column names of ``table`` (empty when it does not exist)."""
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            if table not in connection.introspection.table_names(cursor):
                return set()
            return {c.name for c in connection.introspection.get_table_description(cursor, table)}

    @staticmethod
    def reown_sequences(schema_editor, from_table, to_table, column):
        """Hand the sequences ``OWNED BY from_table.column`` to ``to_table.column`` (PostgreSQL).

        PostgreSQL drops such a sequence with its column (a default that calls ``nextval`` on it
        would then fail on every insert); the column's values live on in ``to_table``.
        """
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.objid::regclass::text FROM pg_depend d"
                " JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'"
                " JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
                " WHERE d.classid = 'pg_class'::regclass AND d.deptype = 'a'"
                " AND d.refobjid = to_regclass(%s) AND a.attname = %s",
                [quote(from_table), column],
            )
            sequences = sorted(row[0] for row in cursor.fetchall())
        for sequence in sequences:
            schema_editor.execute(
                "ALTER SEQUENCE %s OWNED BY %s.%s" % (sequence, quote(to_table), quote(column))
            )

    @staticmethod
    def foreign_keys(schema_editor, table, column):
        """Return the names of the foreign key constraints on ``table.column``."""
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            if table not in connection.introspection.table_names(cursor):
                return []
            constraints = connection.introspection.get_constraints(cursor, table)
        return sorted(
            name
            for name, info in constraints.items()
            if info.get("foreign_key") and info.get("columns") == [column]
        )


class CopyToParent(NewParentOperation):
    """Copy every child row's primary key and moved columns into the parent: one INSERT ... SELECT.

    The parent rows get the children's ids, so each child's id is its parent's id; the database
    does the whole copy in one statement, whatever the number of rows.
    """

    def __init__(self, model_name, parent_name, fields):
        self.model_name = model_name
        self.parent_name = parent_name
        self.fields = list(fields)

    def describe(self):
        return "Copy the ids and %s of every %s into %s" % (
            ", ".join(self.fields) or "no other columns",
            self.model_name,
            self.parent_name,
        )

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        child = to_state.apps.get_model(app_label, self.model_name)
        parent = to_state.apps.get_model(app_label, self.parent_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, child):
            return
        quote = schema_editor.quote_name
        pairs = [(parent._meta.pk, child._meta.pk)] + [
            (parent._meta.get_field(name), child._meta.get_field(name)) for name in self.fields
        ]
        # The parent table is new and only ever holds these copies: emptying it first lets a rerun
        # after a failure later in this migration (MariaDB commits its DDL at once) start cleanly.
        schema_editor.execute("DELETE FROM %s" % quote(parent._meta.db_table))
        schema_editor.execute(
            "INSERT INTO %s (%s) SELECT %s FROM %s"
            % (
                quote(parent._meta.db_table),
                ", ".join(quote(target.column) for target, _source in pairs),
                ", ".join(quote(source.column) for _target, source in pairs),
                quote(child._meta.db_table),
            )
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass  # the parent's rows go with its table, dropped by the reverse of its CreateModel


class Migration(migrations.Migration):

    dependencies = [
        ('drones', '0002_create_machine'),
    ]

    operations = [
        CopyToParent(
            model_name='drone',
            parent_name='machine',
            fields=['label'],
        ),
    ]
