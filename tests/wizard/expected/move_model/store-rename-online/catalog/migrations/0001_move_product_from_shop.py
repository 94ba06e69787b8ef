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


class Migration(ShortLocksMigration):

    dependencies = [
        ('shop', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Product',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(db_index=True, max_length=40)),
                        ('category', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='products', to='shop.category')),
                        ('replaces', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='catalog.product')),
                        ('tags', models.ManyToManyField(blank=True, to='shop.tag')),
                    ],
                    options={
                        'ordering': ['name'],
                        'indexes': [],
                        'constraints': [],
                        'db_table': 'shop_product',
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(
            name='product',
            table=None,
        ),
    ]
