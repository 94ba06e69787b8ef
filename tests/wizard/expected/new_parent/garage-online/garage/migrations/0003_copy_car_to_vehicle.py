from django.db import migrations


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


class CopyInBatches(OnlineOperation):
    """Copy the child's ids and moved columns into the parent in primary-key batches.

    Each batch is its own short transaction, one ``INSERT … SELECT`` over a range of ids that
    skips rows the mirror trigger wrote already. A child deleted while its batch copied it can
    leave a parent row behind (the trigger's delete did not see the batch's row yet); the
    trigger recorded its id, and ``DropMirror`` removes it. Interrupted, a rerun starts again at
    the first child row not yet copied.
    """

    def __init__(self, model_name, parent_name, fields, batch_size=50000):
        self.model_name = model_name
        self.parent_name = parent_name
        self.fields = list(fields)
        self.batch_size = batch_size

    def describe(self):
        return "Copy the ids and %s of every %s into %s, %d rows at a time" % (
            ", ".join(self.fields) or "no other columns",
            self.model_name,
            self.parent_name,
            self.batch_size,
        )

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        from django.db import transaction

        child = to_state.apps.get_model(app_label, self.model_name)
        parent = to_state.apps.get_model(app_label, self.parent_name)
        connection = schema_editor.connection
        if not self.allow_migrate_model(connection.alias, child):
            return
        statements = self.statements(schema_editor, child, parent)
        if schema_editor.collect_sql:
            # Repeated, each batch its own transaction, from the first row not yet copied.
            schema_editor.execute(statements["next"] % ">", None)
            schema_editor.execute(statements["copy"].replace("{op}", ">"), None)
            return
        with connection.cursor() as cursor:
            cursor.execute(statements["first"])
            row = cursor.fetchone()
            low = row[0] if row else None
            cursor.execute(statements["last"])
            row = cursor.fetchone()
            last = row[0] if row else None
        first = True
        while low is not None:
            operator = ">=" if first else ">"
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                cursor.execute(statements["next"] % operator, [low])
                row = cursor.fetchone()
                high = row[0] if row else last
                cursor.execute(statements["copy"].replace("{op}", operator), [low, high])
            if row is None:
                break
            low, first = high, False

    def statements(self, schema_editor, child, parent):
        quote = schema_editor.quote_name
        vendor = schema_editor.connection.vendor
        child_table, parent_table = quote(child._meta.db_table), quote(parent._meta.db_table)
        key, parent_key = quote(child._meta.pk.column), quote(parent._meta.pk.column)
        pairs = [(parent._meta.pk, child._meta.pk)] + [
            (parent._meta.get_field(name), child._meta.get_field(name)) for name in self.fields
        ]
        skip = {
            "postgresql": " ON CONFLICT (%s) DO NOTHING" % parent_key,
            "mysql": " ON DUPLICATE KEY UPDATE %s = %s.%s" % (parent_key, parent_table, parent_key),
        }.get(vendor, "")
        return {
            # The first child row without its parent row: where a rerun starts.
            "first": "SELECT c.%s FROM %s c LEFT JOIN %s p ON p.%s = c.%s WHERE p.%s IS NULL "
            "ORDER BY c.%s LIMIT 1"
            % (key, child_table, parent_table, parent_key, key, parent_key, key),
            "last": "SELECT %s FROM %s ORDER BY %s DESC LIMIT 1" % (key, child_table, key),
            # The batch's last id (read from the key's index), then the batch.
            "next": "SELECT %s FROM %s WHERE %s %%s %%%%s ORDER BY %s LIMIT 1 OFFSET %d"
            % (key, child_table, key, key, self.batch_size - 1),
            "copy": "INSERT %sINTO %s (%s) SELECT %s FROM %s WHERE %s {op} %%s AND %s <= %%s%s"
            % (
                "OR IGNORE " if vendor == "sqlite" else "",
                parent_table,
                ", ".join(quote(target.column) for target, _source in pairs),
                ", ".join(quote(source.column) for _target, source in pairs),
                child_table,
                key,
                key,
                skip,
            ),
        }

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass  # the parent's rows go with its table, dropped by the reverse of its CreateModel


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ('garage', '0002_create_vehicle'),
    ]

    operations = [
        MirrorToParent(
            model_name='car',
            parent_name='vehicle',
            fields=['plate', 'colour'],
        ),
        CopyInBatches(
            model_name='car',
            parent_name='vehicle',
            fields=['plate', 'colour'],
        ),
    ]
