from django.db import migrations, models


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


class RemoveMovedFields(NewParentOperation):
    """Remove the fields that moved to the parent; going back, re-add and refill them from it.

    With ``rebuilt_next_on_sqlite``, SQLite leaves the columns to the next operation, which
    rebuilds the table from a state without them: one copy of the table instead of two (SQLite's
    DROP COLUMN rewrites the whole table too).

    Going back, each column is added nullable and without a default, filled from the parent row
    with the same id in one UPDATE, and only then made NOT NULL (and given its default), so it
    works on a table full of rows. Foreign keys are added at the end of the migration, after the
    UPDATE, as Django always does.
    """

    def __init__(self, model_name, parent_name, fields, rebuilt_next_on_sqlite=False):
        self.model_name = model_name
        self.parent_name = parent_name
        self.fields = list(fields)
        self.rebuilt_next_on_sqlite = rebuilt_next_on_sqlite

    def describe(self):
        return "Remove %s from %s (moved to %s)%s" % (
            ", ".join(self.fields),
            self.model_name,
            self.parent_name,
            "; on SQLite the next rebuild of the table drops them"
            if self.rebuilt_next_on_sqlite
            else "",
        )

    def state_forwards(self, app_label, state):
        for name in self.fields:
            migrations.RemoveField(self.model_name, name).state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if self.rebuilt_next_on_sqlite and schema_editor.connection.vendor == "sqlite":
            return
        columns = self.table_columns(schema_editor, model._meta.db_table)
        parent = from_state.apps.get_model(app_label, self.parent_name)
        # One field at a time, each from the state that has the earlier ones removed: SQLite
        # rebuilds the table from the model it is given, and a column it names that is gone
        # would be read as a string literal.
        state = from_state.clone()
        for name in self.fields:
            model = state.apps.get_model(app_label, self.model_name)
            field = model._meta.get_field(name)
            if field.column in columns or not columns:
                self.reown_sequences(
                    schema_editor, model._meta.db_table, parent._meta.db_table, field.column
                )
                schema_editor.remove_field(model, field)
            migrations.RemoveField(self.model_name, name).state_forwards(app_label, state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        real = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, real):
            return
        columns = self.table_columns(schema_editor, real._meta.db_table)
        state = from_state.clone()
        for name in self.fields:
            loose = self.loose(real._meta.get_field(name))
            migrations.AddField(self.model_name, name, loose).state_forwards(app_label, state)
            model = state.apps.get_model(app_label, self.model_name)
            if model._meta.get_field(name).column not in columns:
                schema_editor.add_field(model, model._meta.get_field(name))
        parent = to_state.apps.get_model(app_label, self.parent_name)
        schema_editor.execute(self.refill_sql(schema_editor, real, parent))
        for name in self.fields:
            column = real._meta.get_field(name).column
            self.reown_sequences(schema_editor, parent._meta.db_table, real._meta.db_table, column)
        for name in self.fields:
            model = state.apps.get_model(app_label, self.model_name)
            migrations.AlterField(
                self.model_name, name, real._meta.get_field(name).clone()
            ).state_forwards(app_label, state)
            schema_editor.alter_field(
                model,
                model._meta.get_field(name),
                state.apps.get_model(app_label, self.model_name)._meta.get_field(name),
            )

    @staticmethod
    def loose(field):
        """Return ``field`` unbound, nullable and without default (its other options kept)."""
        _name, _path, args, kwargs = field.deconstruct()
        kwargs["null"] = True
        kwargs.pop("default", None)
        kwargs.pop("db_default", None)
        return field.__class__(*args, **kwargs)

    def refill_sql(self, schema_editor, model, parent):
        quote = schema_editor.quote_name
        child_table, parent_table = quote(model._meta.db_table), quote(parent._meta.db_table)
        link = "%s.%s = %s.%s" % (
            parent_table,
            quote(parent._meta.pk.column),
            child_table,
            quote(model._meta.pk.column),
        )
        columns = [quote(model._meta.get_field(name).column) for name in self.fields]
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            assignments = ", ".join("%s = %s.%s" % (c, parent_table, c) for c in columns)
            return "UPDATE %s SET %s FROM %s WHERE %s" % (
                child_table,
                assignments,
                parent_table,
                link,
            )
        if vendor == "mysql":
            assignments = ", ".join(
                "%s.%s = %s.%s" % (child_table, c, parent_table, c) for c in columns
            )
            return "UPDATE %s INNER JOIN %s ON %s SET %s" % (
                child_table,
                parent_table,
                link,
                assignments,
            )
        assignments = ", ".join(
            "%s = (SELECT %s.%s FROM %s WHERE %s)" % (c, parent_table, c, parent_table, link)
            for c in columns
        )
        return "UPDATE %s SET %s" % (child_table, assignments)


class RenamePrimaryKey(NewParentOperation):
    """Rename the primary key and give its column the parent link's name, by a plain column rename.

    Done while the field is still an auto field, this is one ``ALTER TABLE ... RENAME COLUMN``,
    which SQLite also applies to the REFERENCES clauses of other tables (a table rebuild would
    not), and which PostgreSQL and MariaDB apply to the foreign keys pointing at the column.
    """

    def __init__(self, model_name, old_name, new_name, column):
        self.model_name = model_name
        self.old_name = old_name
        self.new_name = new_name
        self.column = column

    def describe(self):
        return "Rename %s.%s to %s (column %s)" % (
            self.model_name,
            self.old_name,
            self.new_name,
            self.column,
        )

    def state_forwards(self, app_label, state):
        migrations.RenameField(self.model_name, self.old_name, self.new_name).state_forwards(
            app_label, state
        )
        field = state.models[app_label, self.model_name.lower()].fields[self.new_name]
        _name, _path, args, kwargs = field.deconstruct()
        kwargs["db_column"] = self.column
        migrations.AlterField(
            self.model_name, self.new_name, field.__class__(*args, **kwargs)
        ).state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self.rename(app_label, schema_editor, from_state, to_state, self.old_name, self.new_name)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self.rename(app_label, schema_editor, from_state, to_state, self.new_name, self.old_name)

    def rename(self, app_label, schema_editor, from_state, to_state, old_name, new_name):
        from_model = from_state.apps.get_model(app_label, self.model_name)
        to_model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, to_model):
            return
        old = from_model._meta.get_field(old_name)
        new = to_model._meta.get_field(new_name)
        columns = self.table_columns(schema_editor, to_model._meta.db_table)
        if old.column not in columns and new.column in columns:
            return  # renamed by an earlier, interrupted run
        schema_editor.alter_field(from_model, old, new)


class CarrySequence(NewParentOperation):
    """Move the id sequence of ``model_name`` past its ids and past ``past_model``'s sequence.

    It runs in one direction only (``when``). Ids that ``past_model`` handed out, even to rows
    deleted since, are then never handed out again by ``model_name``.
    """

    def __init__(self, model_name, past_model, when="forwards"):
        self.model_name = model_name
        self.past_model = past_model
        self.when = when

    def describe(self):
        return "%s: move the id sequence of %s past its ids and past the sequence of %s" % (
            self.when.capitalize(),
            self.model_name,
            self.past_model,
        )

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if self.when == "forwards":
            self.carry(app_label, schema_editor, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if self.when == "backwards":
            self.carry(app_label, schema_editor, to_state)

    def carry(self, app_label, schema_editor, state):
        model = state.apps.get_model(app_label, self.model_name)
        past = state.apps.get_model(app_label, self.past_model)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        vendor = schema_editor.connection.vendor
        statements = getattr(self, "%s_statements" % vendor, None)
        if statements is None:
            raise NotImplementedError(
                "CarrySequence supports SQLite, PostgreSQL and MySQL/MariaDB, not %s." % vendor
            )
        for statement in statements(schema_editor, model, past):
            schema_editor.execute(statement)

    def sqlite_statements(self, schema_editor, model, past):
        quote, table = schema_editor.quote_name, self.literal(model._meta.db_table)
        held = self.literal(self.held_name(past._meta.db_table))
        return [
            "INSERT INTO sqlite_sequence (name, seq) SELECT %s, 0 WHERE NOT EXISTS "
            "(SELECT 1 FROM sqlite_sequence WHERE name = %s)" % (table, table),
            "UPDATE sqlite_sequence SET seq = MAX(seq, "
            "COALESCE((SELECT MAX(%s) FROM %s), 0), "
            "COALESCE((SELECT MAX(seq) FROM sqlite_sequence WHERE name IN (%s, %s)), 0)) "
            "WHERE name = %s"
            % (
                quote(model._meta.pk.column),
                quote(model._meta.db_table),
                self.literal(past._meta.db_table),
                held,
                table,
            ),
            "DELETE FROM sqlite_sequence WHERE name = %s" % held,
        ]

    def postgresql_statements(self, schema_editor, model, past):
        quote = schema_editor.quote_name
        sequence = "pg_get_serial_sequence(%s, %s)"
        return [
            "SELECT setval(%s, GREATEST(high, 1), high IS NOT NULL) FROM (SELECT "
            "GREATEST(MAX(%s), pg_sequence_last_value(%s::regclass)) AS high FROM %s) AS ids"
            % (
                sequence
                % (self.literal(quote(model._meta.db_table)), self.literal(model._meta.pk.column)),
                quote(model._meta.pk.column),
                sequence
                % (self.literal(quote(past._meta.db_table)), self.literal(past._meta.pk.column)),
                quote(model._meta.db_table),
            )
        ]

    def mysql_statements(self, schema_editor, model, past):
        quote = schema_editor.quote_name
        statements = []
        if not schema_editor.connection.mysql_is_mariadb:
            # MySQL 8 caches information_schema.TABLES.AUTO_INCREMENT for a day by default.
            statements.append("SET SESSION information_schema_stats_expiry = 0")
        # ALTER TABLE ... AUTO_INCREMENT takes only a literal, hence the prepared statement.
        return [
            *statements,
            # Its own counter too: a rerun after an interrupted migration must not lower it.
            "SET @mw_next_id = GREATEST(COALESCE((SELECT MAX(AUTO_INCREMENT) FROM "
            "information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN "
            "(%s, %s)), 1), COALESCE((SELECT MAX(%s) FROM %s), 0) + 1)"
            % (
                self.literal(past._meta.db_table),
                self.literal(model._meta.db_table),
                quote(model._meta.pk.column),
                quote(model._meta.db_table),
            ),
            "SET @mw_sql = CONCAT('ALTER TABLE %s AUTO_INCREMENT = ', @mw_next_id)"
            % quote(model._meta.db_table),
            "PREPARE mw_carry_sequence FROM @mw_sql",
            "EXECUTE mw_carry_sequence",
            "DEALLOCATE PREPARE mw_carry_sequence",
        ]


class ChangeModelBases(NewParentOperation):
    """Change the bases of a model in the migration state only (Django has no operation for it).

    Historical models rendered after this operation (in a later RunPython, say) inherit from
    the new parent, as the real model does; the database is not touched.
    """

    def __init__(self, name, bases):
        self.name = name
        self.bases = tuple(bases)

    def describe(self):
        return "Make %s inherit from %s" % (self.name, ", ".join(map(str, self.bases)))

    def state_forwards(self, app_label, state):
        state.models[app_label, self.name.lower()].bases = self.bases
        state.reload_model(app_label, self.name.lower(), delay=False)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


class HoldSequence(NewParentOperation):
    """On SQLite, keep the id counter of ``model_name`` aside while its table is rebuilt.

    SQLite restarts a rebuilt table's counter from its highest id (Django rebuilds a table to add
    or drop a constraint); the counter is copied into a row of its own in ``sqlite_sequence``,
    which CarrySequence reads and removes. It runs in one direction only (``when``). PostgreSQL
    sequences and MySQL's AUTO_INCREMENT survive ALTER TABLE, so there it does nothing.
    """

    def __init__(self, model_name, when="forwards"):
        self.model_name = model_name
        self.when = when

    def describe(self):
        return "%s: keep the id counter of %s aside (SQLite)" % (
            self.when.capitalize(),
            self.model_name,
        )

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if self.when == "forwards":
            self.hold(app_label, schema_editor, from_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if self.when == "backwards":
            self.hold(app_label, schema_editor, from_state)

    def hold(self, app_label, schema_editor, state):
        model = state.apps.get_model(app_label, self.model_name)
        if schema_editor.connection.vendor != "sqlite" or not self.allow_migrate_model(
            schema_editor.connection.alias, model
        ):
            return
        table = model._meta.db_table
        held = self.literal(self.held_name(table))
        schema_editor.execute("DELETE FROM sqlite_sequence WHERE name = %s" % held)
        schema_editor.execute(
            "INSERT INTO sqlite_sequence (name, seq) SELECT %s, seq FROM sqlite_sequence "
            "WHERE name = %s" % (held, self.literal(table))
        )


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


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
    ]

    operations = [
        ParentRowsAreChildren(
            model_name='plane',
            parent_name='aircraft',
        ),
        StopInheriting(
            name='plane',
            bases=(models.Model,),
        ),
        migrations.AlterField(
            model_name='plane',
            name='aircraft_ptr',
            field=models.BigAutoField(db_column='aircraft_ptr_id', primary_key=True, serialize=False),
        ),
        CarrySequence(
            model_name='aircraft',
            past_model='plane',
            when='backwards',
        ),
        AddParentFields(
            model_name='plane',
            parent_name='aircraft',
            fields=[('registration', models.CharField(max_length=100))],
            other_children=[],
        ),
        RestorePrimaryKey(
            model_name='plane',
            old_name='aircraft_ptr',
            new_name='id',
            field=models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID'),
        ),
        HoldSequence(
            model_name='plane',
            when='backwards',
        ),
        CarrySequence(
            model_name='plane',
            past_model='aircraft',
            when='forwards',
        ),
        migrations.DeleteModel(
            name='Aircraft',
        ),
    ]
