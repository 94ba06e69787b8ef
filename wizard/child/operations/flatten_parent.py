"""Migration operations for flattening a multi-table child out of its parent.

They are the new_parent operations run the other way round, and the writer copies them into the
generated migration file after the new_parent classes they extend, so they too use nothing but
the names a migration file has and the standard library (Django 4.2 to 6.x).
"""

from django.db import migrations

from .new_parent import ChangeModelBases, NewParentOperation, RemoveMovedFields, RenamePrimaryKey


class StopInheriting(ChangeModelBases):
    """Make a child a model of its own in the migration state only (its bases lose the parent)."""

    def describe(self):
        return "Make %s a model of its own (no concrete parent)" % self.name


class ParentRowsAreChildren(NewParentOperation):
    """Stop, before any DDL, when the parent that is about to be dropped has rows of its own.

    Rows of the parent that are not rows of the child (a plain Aircraft beside the Planes) would
    be lost with its table. Only a read; ``sqlmigrate`` shows nothing for it.
    """

    def __init__(self, model_name, parent_name):
        self.model_name = model_name
        self.parent_name = parent_name

    def describe(self):
        return "Check that every %s row is a %s row" % (self.parent_name, self.model_name)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        parent = from_state.apps.get_model(app_label, self.parent_name)
        if getattr(schema_editor, "collect_sql", False) or not self.allow_migrate_model(
            schema_editor.connection.alias, model
        ):
            return
        quote = schema_editor.quote_name
        table, key = quote(parent._meta.db_table), quote(parent._meta.pk.column)
        child, link = quote(model._meta.db_table), quote(model._meta.pk.column)
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT %s FROM %s WHERE NOT EXISTS (SELECT 1 FROM %s WHERE %s.%s = %s.%s) "
                "ORDER BY 1" % (key, table, child, child, link, table, key)
            )
            ids = [str(row[0]) for row in cursor.fetchall()]
        if ids:
            raise RuntimeError(
                "%s holds %d rows that are not %s rows (pk %s); dropping its table would lose "
                'them. Delete them first, or make the bundle again with "keep_parent": true.'
                % (
                    parent._meta.label,
                    len(ids),
                    model._meta.label,
                    ", ".join(ids[:10]) + (", …" if len(ids) > 10 else ""),
                )
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


class AddParentFields(RemoveMovedFields):
    """Declare the parent's fields on the child and copy their values down in one UPDATE.

    Each column is added nullable and without a default, filled from the parent row with the
    same id, then given its own definition. Going back, each child's values are written up to its
    parent row first (one UPDATE, and one INSERT for the children that have no parent row: the
    ones made after the bundle), then the columns are dropped.
    """

    def __init__(self, model_name, parent_name, fields, other_children=()):
        super().__init__(model_name, parent_name, [name for name, _field in fields])
        self.definitions = list(fields)
        self.other_children = [tuple(pair) for pair in other_children]

    def describe(self):
        return "Declare %s on %s and copy their values down from %s" % (
            ", ".join(self.fields) or "no fields",
            self.model_name,
            self.parent_name,
        )

    def state_forwards(self, app_label, state):
        for name, field in self.definitions:
            migrations.AddField(self.model_name, name, field.clone()).state_forwards(
                app_label, state
            )

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        # The reverse of RemoveMovedFields: the same steps, with the same states.
        RemoveMovedFields.database_backwards(self, app_label, schema_editor, from_state, to_state)
        self.check_now(schema_editor)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        parent = from_state.apps.get_model(app_label, self.parent_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        self.check_collisions(schema_editor, model)
        for statement in self.copy_up_sql(schema_editor, model, parent):
            schema_editor.execute(statement)
        self.check_now(schema_editor)
        RemoveMovedFields.database_forwards(self, app_label, schema_editor, from_state, to_state)

    @staticmethod
    def check_now(schema_editor):
        """Run PostgreSQL's deferred checks of the rows just written, before any ALTER TABLE.

        A table with pending trigger events cannot be altered in the same transaction.
        """
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")

    def copy_up_sql(self, schema_editor, model, parent):
        quote = schema_editor.quote_name
        child, table = quote(model._meta.db_table), quote(parent._meta.db_table)
        key, link = quote(parent._meta.pk.column), quote(model._meta.pk.column)
        columns = [quote(model._meta.get_field(name).column) for name in self.fields]
        statements = []
        vendor = schema_editor.connection.vendor
        if columns and vendor == "postgresql":
            statements.append(
                "UPDATE %s SET %s FROM %s WHERE %s.%s = %s.%s"
                % (
                    table,
                    ", ".join("%s = %s.%s" % (c, child, c) for c in columns),
                    child,
                    table,
                    key,
                    child,
                    link,
                )
            )
        elif columns and vendor == "mysql":
            statements.append(
                "UPDATE %s INNER JOIN %s ON %s.%s = %s.%s SET %s"
                % (
                    table,
                    child,
                    table,
                    key,
                    child,
                    link,
                    ", ".join("%s.%s = %s.%s" % (table, c, child, c) for c in columns),
                )
            )
        elif columns:
            statements.append(
                "UPDATE %s SET %s WHERE %s IN (SELECT %s FROM %s)"
                % (
                    table,
                    ", ".join(
                        "%s = (SELECT %s.%s FROM %s WHERE %s.%s = %s.%s)"
                        % (c, child, c, child, child, link, table, key)
                        for c in columns
                    ),
                    key,
                    link,
                    child,
                )
            )
        statements.append(
            "INSERT INTO %s (%s) SELECT %s FROM %s WHERE NOT EXISTS (SELECT 1 FROM %s WHERE "
            "%s.%s = %s.%s)"
            % (
                table,
                ", ".join([key, *columns]),
                ", ".join(["%s.%s" % (child, link)] + ["%s.%s" % (child, c) for c in columns]),
                child,
                table,
                table,
                key,
                child,
                link,
            )
        )
        return statements

    def check_collisions(self, schema_editor, model):
        """Stop when a child's id is also the id of another child's parent row.

        After the bundle the two counters are apart, so a row made then can share its id with a
        parent row of another child; going back would merge the two, so it stops instead, before
        anything changed.
        """
        if getattr(schema_editor, "collect_sql", False):
            return
        quote = schema_editor.quote_name
        child, link = quote(model._meta.db_table), quote(model._meta.pk.column)
        for table, column in self.other_children:
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT %s.%s FROM %s INNER JOIN %s ON %s.%s = %s.%s ORDER BY 1"
                    % (child, link, child, quote(table), quote(table), quote(column), child, link)
                )
                ids = [row[0] for row in cursor.fetchall()]
            if ids:
                raise RuntimeError(
                    "%s rows %s have the ids of parent rows of %s, made since the bundle; give "
                    "them new ids (or delete them) before migrating back."
                    % (model._meta.label, ", ".join(str(i) for i in ids[:10]), table)
                )


class RestorePrimaryKey(RenamePrimaryKey):
    """Rename the child's key back to a plain auto field: one ALTER TABLE ... RENAME COLUMN.

    The field already is an auto field under the link's name and column; SQLite applies the
    rename to the REFERENCES clauses of other tables, PostgreSQL and MariaDB carry their foreign
    keys along.
    """

    def __init__(self, model_name, old_name, new_name, field):
        self.model_name = model_name
        self.old_name = old_name
        self.new_name = new_name
        self.field = field
        self.column = field.db_column or new_name

    def state_forwards(self, app_label, state):
        migrations.RenameField(self.model_name, self.old_name, self.new_name).state_forwards(
            app_label, state
        )
        migrations.AlterField(self.model_name, self.new_name, self.field.clone()).state_forwards(
            app_label, state
        )
