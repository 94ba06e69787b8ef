import django.db.models.deletion
from django.db import migrations, models


class ShortLocks:
    """Run work with short lock waits, retried; give up with one clear sentence."""

    lock_timeout_ms = 500  # PostgreSQL: how long a statement waits for a lock before giving up
    mysql_lock_wait_seconds = 1  # MySQL/MariaDB: lock_wait_timeout (seconds, its smallest step)
    attempts = 8
    first_pause = 0.5  # seconds; doubled after each try, at most max_pause
    max_pause = 8.0
    # SQLSTATEs / error numbers that mean "waited too long for a lock" or "deadlock, retry".
    postgresql_retry = ("55P03", "40P01")
    mysql_retry = (1205, 1213)
    mysql_not_supported = (1845, 1846)  # ER_ALTER_OPERATION_NOT_SUPPORTED(_REASON)

    def __init__(self, schema_editor, where, online_ddl=True, checked_later=False):
        self.editor = schema_editor
        # Foreign keys a later migration checks (ValidateLink): added without checking the rows.
        # Any other foreign key is checked as it is added: on MySQL that copies the table, which
        # the stated ALGORITHM refuses, loudly.
        self.checked_later = checked_later
        # Going back is not online: the lock waits stay short, but foreign keys are checked as
        # they are added and MySQL may copy a table (restoring an AUTO_INCREMENT does).
        self.online_ddl = online_ddl
        self.connection = schema_editor.connection
        self.vendor = self.connection.vendor
        self.where = where  # "part1.0004_plane_inherits_aircraft", for the message
        self.statements = 0

    # --- running ---------------------------------------------------------------------------

    def run(self, work):
        """Return ``work()``, run in one transaction (statement by statement on MySQL)."""
        if self.editor.collect_sql:
            return self.collect(work)
        if self.vendor == "mysql":
            return self.on_mysql(work)
        from django.db import transaction

        for attempt in range(1, self.attempts + 1):
            start = len(self.editor.deferred_sql)
            try:
                with transaction.atomic(using=self.connection.alias):
                    if self.vendor == "postgresql":
                        self.editor.execute(
                            "SET LOCAL lock_timeout = '%dms'" % self.lock_timeout_ms
                        )
                    with self.rewriting():
                        result = work()
                        self.flush_deferred(start)
                return result
            except Exception as error:
                del self.editor.deferred_sql[start:]
                if not self.retryable(error):
                    raise
                if attempt == self.attempts:
                    raise self.gave_up(error, applied="nothing of it is applied") from None
                self.sleep(self.pause(attempt))
        raise AssertionError("unreachable")

    def collect(self, work):
        """``sqlmigrate``: show the statements as they run, in their transaction."""
        if self.vendor == "postgresql":
            self.editor.execute("BEGIN")
            self.editor.execute("SET LOCAL lock_timeout = '%dms'" % self.lock_timeout_ms)
        elif self.vendor == "mysql":
            self.editor.execute("SET SESSION lock_wait_timeout = %d" % self.mysql_lock_wait_seconds)
        with self.rewriting():
            result = work()
            self.flush_deferred(0)
        if self.vendor == "postgresql":
            self.editor.execute("COMMIT")
        return result

    def on_mysql(self, work):
        """MySQL commits each DDL statement: wait briefly for each lock, retry each statement."""
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT @@SESSION.lock_wait_timeout, @@SESSION.innodb_lock_wait_timeout")
            before = cursor.fetchone()
            cursor.execute(
                "SET SESSION lock_wait_timeout = %d, innodb_lock_wait_timeout = %d"
                % (self.mysql_lock_wait_seconds, self.mysql_lock_wait_seconds)
            )
        try:
            with self.rewriting():
                start = len(self.editor.deferred_sql)
                result = work()
                self.flush_deferred(start)
            return result
        finally:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "SET SESSION lock_wait_timeout = %d, innodb_lock_wait_timeout = %d"
                    % tuple(before)
                )

    def flush_deferred(self, start):
        """Run the statements Django defers to the end of the migration, here, in this step."""
        pending = self.editor.deferred_sql[start:]
        del self.editor.deferred_sql[start:]
        for statement in pending:
            self.editor.execute(statement)

    def rewriting(self):
        """Return a context in which the schema editor's statements are made online."""
        step = self

        class Rewriting:
            def __enter__(self):
                self.saved = step.editor.__dict__.get("execute")
                step.editor.execute = step.execute_with(step.editor.execute)

            def __exit__(self, *exc_info):
                if self.saved is None:
                    del step.editor.execute  # back to the class's method
                else:
                    step.editor.execute = self.saved
                return False

        return Rewriting()

    def execute_with(self, original):
        def execute(sql, params=()):
            self.statements += 1
            if not self.online_ddl:
                if self.vendor == "mysql":
                    return self.mysql_retrying(original, sql, params)
                return original(sql, params)
            if self.vendor == "postgresql" and self.checked_later and self.is_foreign_key(sql):
                return original(str(sql) + " NOT VALID", params)
            if self.vendor == "mysql":
                return self.mysql_execute(original, sql, params)
            return original(sql, params)

        return execute

    def is_foreign_key(self, sql):
        return getattr(sql, "template", None) == self.editor.sql_create_fk

    def mysql_execute(self, original, sql, params):
        text = str(sql)
        if not text.lstrip().upper().startswith("ALTER TABLE"):
            return self.mysql_retrying(original, text, params)
        foreign_key = self.checked_later and self.is_foreign_key(sql)
        if foreign_key:
            # Checking the rows would copy the table; ValidateLink checks them with a read.
            self.mysql_retrying(original, "SET SESSION foreign_key_checks = 0", None)
        try:
            if self.editor.collect_sql:
                return original(text + ", ALGORITHM=INSTANT", params)
            try:
                return self.mysql_retrying(original, text + ", ALGORITHM=INSTANT", params)
            except Exception as error:
                if self.error_number(error) not in self.mysql_not_supported:
                    raise
            try:
                return self.mysql_retrying(
                    original, text + ", ALGORITHM=INPLACE, LOCK=NONE", params
                )
            except Exception as error:
                if self.error_number(error) not in self.mysql_not_supported:
                    raise
                raise self.would_copy(text, error) from None
        finally:
            if foreign_key:
                self.mysql_retrying(original, "SET SESSION foreign_key_checks = 1", None)

    def mysql_retrying(self, original, text, params):
        if self.editor.collect_sql:
            return original(text, params)
        for attempt in range(1, self.attempts + 1):
            try:
                return original(text, params)
            except Exception as error:
                if not self.retryable(error):
                    raise
                if attempt == self.attempts:
                    done = self.statements - 1
                    raise self.gave_up(
                        error,
                        applied=(
                            "its first %d statement(s) are applied (MySQL commits each DDL "
                            "statement at once) and the rest is not" % done
                            if done
                            else "nothing of it is applied"
                        ),
                        statement=text,
                    ) from None
                self.sleep(self.pause(attempt))
        raise AssertionError("unreachable")

    # --- errors ----------------------------------------------------------------------------

    @staticmethod
    def sleep(seconds):
        import time

        time.sleep(seconds)

    def pause(self, attempt):
        return min(self.first_pause * 2 ** (attempt - 1), self.max_pause)

    @staticmethod
    def error_number(error):
        args = getattr(error, "args", ())
        return args[0] if args and isinstance(args[0], int) else None

    def retryable(self, error):
        if self.vendor == "mysql":
            return self.error_number(error) in self.mysql_retry
        cause = error.__cause__ or error
        code = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
        return code in self.postgresql_retry

    def gave_up(self, error, applied, statement=None):
        from django.core.management.base import CommandError

        waited = (
            "%d ms" % self.lock_timeout_ms
            if self.vendor == "postgresql"
            else "%d s" % self.mysql_lock_wait_seconds
        )
        return CommandError(
            "%s stopped: a lock it needs was held by another session through %d tries of %s "
            "each (%s)%s; %s. Find the long transaction holding it (pg_stat_activity, "
            "SHOW PROCESSLIST), then run `python manage.py migrate` again: it resumes here."
            % (
                self.where,
                self.attempts,
                waited,
                str(error).strip().splitlines()[0] if str(error).strip() else "lock wait",
                " at: %s" % statement[:200] if statement else "",
                applied,
            )
        )

    def would_copy(self, text, error):
        from django.core.management.base import CommandError

        return CommandError(
            "%s stopped before a statement the server can only run by copying the whole table "
            "(no ALGORITHM=INSTANT or INPLACE, LOCK=NONE: %s): %s. Apply this migration without "
            "online mode in a quiet moment, or make the change with an online schema tool."
            % (self.where, str(error).strip().splitlines()[0], text[:200])
        )


class ShortLocksMigration(migrations.Migration):
    """A migration applied (and reverted) by ``ShortLocks``: short lock waits, retried."""

    atomic = False  # ShortLocks opens its own transaction, so that a lock timeout can retry it

    def apply(self, project_state, schema_editor, collect_sql=False):
        apply = super().apply
        checked_later = getattr(self, "foreign_keys_checked_later", False)
        return ShortLocks(schema_editor, self.where(), checked_later=checked_later).run(
            lambda: apply(project_state.clone(), schema_editor, collect_sql)
        )

    def unapply(self, project_state, schema_editor, collect_sql=False):
        unapply = super().unapply
        return ShortLocks(schema_editor, self.where(), online_ddl=False).run(
            lambda: unapply(project_state.clone(), schema_editor, collect_sql)
        )

    def where(self):
        return "Migration %s.%s" % (self.app_label, self.name)


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


class MakeParentLink(migrations.AlterField):
    """Turn the renamed primary key into the link to the parent (a one-to-one foreign key).

    The column keeps its name and values; it loses its auto-increment and gains the foreign key.
    """

    def describe(self):
        return "Make %s.%s the link to the parent %s" % (
            self.model_name,
            self.name,
            getattr(self.field.remote_field, "model", "?"),
        )

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        connection = schema_editor.connection
        if self.allow_migrate_model(connection.alias, model) and not (
            connection.features.can_rollback_ddl
        ):
            # An earlier run stopped after adding the link (MariaDB commits each DDL statement):
            # drop it and redo it all, so the foreign keys into this table are dropped and re-added
            # in full.
            field = model._meta.get_field(self.name)
            table = model._meta.db_table
            for name in NewParentOperation.foreign_keys(schema_editor, table, field.column):
                schema_editor.execute(schema_editor._delete_fk_sql(model, name))
        super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        # AlterField goes back by running forwards with the states swapped; skip the check above.
        migrations.AlterField.database_forwards(
            self, app_label, schema_editor, from_state, to_state
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


class OnlineOperation(migrations.operations.base.Operation):
    """Share quoting between the operations below."""

    reduces_to_sql = True

    def state_forwards(self, app_label, state):
        pass

    @staticmethod
    def mirror_name(table, prefix="mw_mirror_"):
        """Return the name of the trigger (and function) that mirrors ``table`` (<= 63 chars)."""
        import hashlib

        name = prefix + table
        if len(name) > 60:
            name = prefix + hashlib.md5(table.encode()).hexdigest()[:16]
        return name

    @classmethod
    def gone_name(cls, table):
        """Return the table where the mirror records the ids of deleted child rows."""
        return cls.mirror_name(table, "mw_gone_")


class MirrorToParent(OnlineOperation):
    """Until the link is made, copy every row written to the child into the new parent.

    A trigger on the child, made in a short step: an insert or update of a child row upserts the
    parent row with the same id and the moved columns; a delete deletes it and records the id in
    a small table of its own (``mw_gone_<table>``). The batched copy that follows can then take
    its time: the rows written meanwhile are already in the parent. A batch may still copy a row
    whose delete was not committed yet; ``DropMirror`` removes those parent rows, by the ids
    recorded, once no write to the child can be open. SQLite (one writer at a time) needs no
    trigger. Going back drops both.
    """

    def __init__(self, model_name, parent_name, fields):
        self.model_name = model_name
        self.parent_name = parent_name
        self.fields = list(fields)

    def describe(self):
        return "Mirror every write to %s into %s until the link is made (a trigger)" % (
            self.model_name,
            self.parent_name,
        )

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        child = to_state.apps.get_model(app_label, self.model_name)
        parent = to_state.apps.get_model(app_label, self.parent_name)
        vendor = schema_editor.connection.vendor
        if vendor not in ("postgresql", "mysql") or not self.allow_migrate_model(
            schema_editor.connection.alias, child
        ):
            return
        statements = getattr(self, "%s_statements" % vendor)(schema_editor, child, parent)
        where = "Migration %s (the mirror trigger)" % app_label
        # Kept when it exists: a rerun after an interrupted copy still needs the ids it holds.
        gone = "CREATE TABLE IF NOT EXISTS %s (%s %s NOT NULL)" % (
            schema_editor.quote_name(self.gone_name(child._meta.db_table)),
            schema_editor.quote_name("id"),
            child._meta.pk.rel_db_type(schema_editor.connection),
        )

        def work():
            for statement in [gone, *self.drop_statements(schema_editor, child), *statements]:
                schema_editor.execute(statement)

        ShortLocks(schema_editor, where).run(work)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        child = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, child):
            return
        for statement in self.drop_statements(schema_editor, child):
            schema_editor.execute(statement)
        schema_editor.execute(
            "DROP TABLE IF EXISTS %s"
            % schema_editor.quote_name(self.gone_name(child._meta.db_table))
        )

    def record_gone(self, schema_editor, child):
        return "INSERT INTO %s (%s) VALUES (OLD.%s)" % (
            schema_editor.quote_name(self.gone_name(child._meta.db_table)),
            schema_editor.quote_name("id"),
            schema_editor.quote_name(child._meta.pk.column),
        )

    def columns(self, child, parent):
        pairs = [(parent._meta.pk.column, child._meta.pk.column)]
        pairs += [
            (parent._meta.get_field(name).column, child._meta.get_field(name).column)
            for name in self.fields
        ]
        return pairs

    def postgresql_statements(self, schema_editor, child, parent):
        quote = schema_editor.quote_name
        name = self.mirror_name(child._meta.db_table)
        pairs = self.columns(child, parent)
        key = quote(parent._meta.pk.column)
        upsert = "INSERT INTO %s (%s) VALUES (%s) ON CONFLICT (%s) DO %s" % (
            quote(parent._meta.db_table),
            ", ".join(quote(target) for target, _source in pairs),
            ", ".join("NEW.%s" % quote(source) for _target, source in pairs),
            key,
            "UPDATE SET %s"
            % ", ".join("%s = EXCLUDED.%s" % (quote(t), quote(t)) for t, _s in pairs[1:])
            if pairs[1:]
            else "NOTHING",
        )
        delete_old = "DELETE FROM %s WHERE %s = OLD.%s" % (
            quote(parent._meta.db_table),
            key,
            quote(child._meta.pk.column),
        )
        return [
            "CREATE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $mw$ BEGIN "
            "IF TG_OP = 'DELETE' THEN %s; %s; RETURN OLD; END IF; "
            "IF TG_OP = 'UPDATE' AND NEW.%s IS DISTINCT FROM OLD.%s THEN %s; %s; END IF; "
            "%s; RETURN NEW; END $mw$"
            % (
                quote(name),
                self.record_gone(schema_editor, child),
                delete_old,
                quote(child._meta.pk.column),
                quote(child._meta.pk.column),
                self.record_gone(schema_editor, child),
                delete_old,
                upsert,
            ),
            "CREATE TRIGGER %s AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW "
            "EXECUTE FUNCTION %s()" % (quote(name), quote(child._meta.db_table), quote(name)),
        ]

    def mysql_statements(self, schema_editor, child, parent):
        quote = schema_editor.quote_name
        name = self.mirror_name(child._meta.db_table)
        pairs = self.columns(child, parent)
        key = quote(parent._meta.pk.column)
        source_key = quote(child._meta.pk.column)
        upsert = "INSERT INTO %s (%s) VALUES (%s) ON DUPLICATE KEY UPDATE %s" % (
            quote(parent._meta.db_table),
            ", ".join(quote(target) for target, _source in pairs),
            ", ".join("NEW.%s" % quote(source) for _target, source in pairs),
            ", ".join("%s = NEW.%s" % (quote(t), quote(s)) for t, s in pairs[1:])
            or "%s = %s" % (key, key),
        )
        table = quote(child._meta.db_table)
        parent_table = quote(parent._meta.db_table)
        return [
            "CREATE TRIGGER %s AFTER INSERT ON %s FOR EACH ROW %s"
            % (quote(name + "_i"), table, upsert),
            "CREATE TRIGGER %s AFTER UPDATE ON %s FOR EACH ROW BEGIN "
            "IF NOT (NEW.%s <=> OLD.%s) THEN %s; DELETE FROM %s WHERE %s = OLD.%s; END IF; "
            "%s; END"
            % (
                quote(name + "_u"),
                table,
                source_key,
                source_key,
                self.record_gone(schema_editor, child),
                parent_table,
                key,
                source_key,
                upsert,
            ),
            "CREATE TRIGGER %s AFTER DELETE ON %s FOR EACH ROW BEGIN %s; "
            "DELETE FROM %s WHERE %s = OLD.%s; END"
            % (
                quote(name + "_d"),
                table,
                self.record_gone(schema_editor, child),
                parent_table,
                key,
                source_key,
            ),
        ]

    def drop_statements(self, schema_editor, child):
        quote = schema_editor.quote_name
        name = self.mirror_name(child._meta.db_table)
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            return [
                "DROP TRIGGER IF EXISTS %s ON %s" % (quote(name), quote(child._meta.db_table)),
                "DROP FUNCTION IF EXISTS %s()" % quote(name),
            ]
        if vendor == "mysql":
            return [
                "DROP TRIGGER IF EXISTS %s" % quote(name + suffix) for suffix in ["_i", "_u", "_d"]
            ]
        return []


class DropMirror(MirrorToParent):
    """Inside the short locked step, drop the mirror trigger (``vendor``: where this one runs).

    On PostgreSQL it goes first: dropping it locks the child, so no row is written unmirrored
    until the step commits. On MySQL/MariaDB, whose DDL is not transactional, it goes after the
    primary key's rename: from that rename on, a write of the old shape fails loudly (the
    trigger names the old column) instead of going unmirrored.
    """

    def __init__(self, model_name, parent_name, vendor):
        self.model_name = model_name
        self.parent_name = parent_name
        self.vendor = vendor

    def describe(self):
        return "Drop the trigger that mirrored %s (%s)" % (self.model_name, self.vendor)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        child = from_state.apps.get_model(app_label, self.model_name)
        parent = from_state.apps.get_model(app_label, self.parent_name)
        if schema_editor.connection.vendor != self.vendor or not self.allow_migrate_model(
            schema_editor.connection.alias, child
        ):
            return
        for statement in self.drop_statements(schema_editor, child):
            schema_editor.execute(statement)
        # No write to the child can be open now (PostgreSQL: this step locks it; MySQL: the
        # rename waited for every open transaction on it), so the ids recorded are final.
        quote = schema_editor.quote_name
        gone = quote(self.gone_name(child._meta.db_table))
        table, key = quote(parent._meta.db_table), quote(parent._meta.pk.column)
        child_table, child_key = quote(child._meta.db_table), quote(child._meta.pk.column)
        if self.vendor == "mysql":
            schema_editor.execute(
                "DELETE p FROM %s p JOIN %s g ON g.%s = p.%s LEFT JOIN %s c ON c.%s = p.%s "
                "WHERE c.%s IS NULL"
                % (table, gone, quote("id"), key, child_table, child_key, key, child_key)
            )
        else:
            schema_editor.execute(
                "DELETE FROM %s WHERE %s IN (SELECT %s FROM %s) AND NOT EXISTS (SELECT 1 FROM "
                "%s c WHERE c.%s = %s.%s)"
                % (table, key, quote("id"), gone, child_table, child_key, table, key)
            )
        schema_editor.execute("DROP TABLE IF EXISTS %s" % gone)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass  # going back is not online: the copy's migration, reverted next, needs no mirror


class Migration(ShortLocksMigration):

    foreign_keys_checked_later = True  # by the migration after this one

    dependencies = [
        ('accounts', '0003_copy_user_to_person'),
    ]

    operations = [
        DropMirror(
            model_name='user',
            parent_name='person',
            vendor='postgresql',
        ),
        CarrySequence(
            model_name='user',
            past_model='person',
            when='backwards',
        ),
        CarrySequence(
            model_name='person',
            past_model='user',
            when='forwards',
        ),
        RenamePrimaryKey(
            model_name='user',
            old_name='id',
            new_name='person_ptr',
            column='person_ptr_id',
        ),
        RemoveMovedFields(
            model_name='user',
            parent_name='person',
            fields=['nickname', 'shoe_size'],
        ),
        MakeParentLink(
            model_name='user',
            name='person_ptr',
            field=models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='accounts.person'),
        ),
        DropMirror(
            model_name='user',
            parent_name='person',
            vendor='mysql',
        ),
        ChangeModelBases(
            name='user',
            bases=('accounts.person',),
        ),
    ]
