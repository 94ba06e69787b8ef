import django.db.migrations.operations.special
import functools
from django.db import migrations, models


class KeyIndexesAsBefore(migrations.operations.base.Operation):
    """Going back on MySQL/MariaDB, leave each foreign key with the index it had before.

    Removing a unique pair whose first column is a foreign key makes Django's MySQL schema editor
    create an index on that column first (InnoDB needs one for the key). The through model's
    table had instead the key's own index, named like the key, or none when a unique pair
    starting with that column covered it. So, last when migrating back: an index on exactly one
    key column, not the key's own, is dropped when another index starts with that column, else
    made again under the key's name. Migrating forwards, and on other databases, it does nothing.
    """

    reversible = True

    def __init__(self, model_name):
        self.model_name = model_name

    def describe(self):
        return "Leave the foreign keys of %s with their own indexes (MySQL, going back)" % (
            self.model_name
        )

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        connection = schema_editor.connection
        model = to_state.apps.get_model(app_label, self.model_name)
        if connection.vendor != "mysql" or not self.allow_migrate_model(connection.alias, model):
            return
        table = model._meta.db_table
        with connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, table)
        keys = {i["columns"][0]: name for name, i in found.items() if i.get("foreign_key")}
        quote = schema_editor.quote_name
        for name, info in sorted(found.items()):
            columns = info["columns"]
            if info.get("foreign_key") or info["unique"] or info["primary_key"]:
                continue
            if not info["index"] or len(columns) != 1 or columns[0] not in keys:
                continue
            covered = any(
                len(other["columns"]) > 1 and other["columns"][0] == columns[0]
                and (other["index"] or other["unique"])
                for other in found.values()
            )  # fmt: skip
            statement = "ALTER TABLE %s DROP INDEX %s" % (quote(table), quote(name))
            if not covered:
                # One statement, so the key always has an index (RENAME INDEX is newer than
                # some supported servers).
                statement += ", ADD INDEX %s (%s)" % (quote(keys[columns[0]]), quote(columns[0]))
            schema_editor.execute(statement)


def pairs_once(apps, schema_editor, app_label, model_name, source, target, remove):
    """Refuse (or, with ``remove``, delete all but the lowest id of) duplicate pairs.

    Runs before any DDL of the migration, so a refusal leaves the database as it was, even on
    MySQL/MariaDB, whose DDL cannot be rolled back. Django's auto-created table has a unique pair.
    """
    from django.db.models import Count, Min

    model = apps.get_model(app_label, model_name)
    rows = model._default_manager.using(schema_editor.connection.alias)
    groups = (
        rows.values(source, target)
        .annotate(copies=Count("pk"), lowest=Min("pk"))
        .filter(copies__gt=1)
        .order_by()
    )
    found = list(groups)
    if not found:
        return
    extra = sum(group["copies"] - 1 for group in found)
    if not remove:
        raise RuntimeError(
            "%s.%s holds %d duplicate pairs (%d rows too many); Django's own table allows each "
            'pair once. Remove them, or make the bundle again with "duplicates": "remove" '
            "(keeps the lowest id of each pair)."
            % (app_label, model._meta.object_name, len(found), extra)
        )
    for group in found:
        pair = {source: group[source], target: group[target]}
        rows.filter(**pair).exclude(pk=group["lowest"]).delete()


class KeepIdCounter(migrations.operations.base.Operation):
    """Run ``operations`` on one model's table; on SQLite, keep its id counter where it was.

    On SQLite, Django adds (and may drop) a column by rebuilding the table (new table,
    INSERT ... SELECT, DROP, RENAME), and the new table's AUTOINCREMENT counter in
    ``sqlite_sequence`` starts again from the highest existing id: ids of rows deleted before
    would be issued again. So, in both directions, the counter is copied into a row of its own in
    ``sqlite_sequence`` before the operations and the larger of the two is put back after them.
    It is plain SQL (``sqlmigrate`` shows it). PostgreSQL sequences and MySQL's AUTO_INCREMENT
    survive ALTER TABLE: there, this is exactly ``operations``. It wraps ``AddField``
    operations, which are reversible and reduce to SQL, like this operation.
    """

    serialization_expand_args = ["operations"]

    def __init__(self, model_name, operations):
        self.model_name = model_name
        self.operations = list(operations)

    def describe(self):
        return "%s; keep the id counter of %s (SQLite)" % (
            "; ".join(operation.describe() for operation in self.operations),
            self.model_name,
        )

    def references_model(self, name, app_label):
        return any(op.references_model(name, app_label) for op in self.operations)

    def references_field(self, model_name, name, app_label):
        return any(op.references_field(model_name, name, app_label) for op in self.operations)

    def state_forwards(self, app_label, state):
        for operation in self.operations:
            operation.state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        held = self.hold(app_label, schema_editor, from_state)
        for operation in self.operations:
            to_state = from_state.clone()
            operation.state_forwards(app_label, to_state)
            operation.database_forwards(app_label, schema_editor, from_state, to_state)
            from_state = to_state
        self.restore(app_label, schema_editor, from_state, held)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        held = self.hold(app_label, schema_editor, from_state)
        states = [to_state]  # states[i]: the state before operations[i]
        for operation in self.operations[:-1]:
            states.append(states[-1].clone())
            operation.state_forwards(app_label, states[-1])
        for operation, before in reversed(list(zip(self.operations, states))):
            operation.database_backwards(app_label, schema_editor, from_state, before)
            from_state = before
        self.restore(app_label, schema_editor, to_state, held)

    def table(self, app_label, schema_editor, state):
        """Return the model's table when this database holds it and it is SQLite, else None."""
        model = state.apps.get_model(app_label, self.model_name)
        if schema_editor.connection.vendor != "sqlite" or not self.allow_migrate_model(
            schema_editor.connection.alias, model
        ):
            return None
        return model._meta.db_table

    def hold(self, app_label, schema_editor, state):
        """Copy the table's counter into the row ``mw_high_water:<table>``; return that name."""
        table = self.table(app_label, schema_editor, state)
        if table is None:
            return None
        held = "mw_high_water:%s" % table
        quote = schema_editor.quote_value
        schema_editor.execute("DELETE FROM sqlite_sequence WHERE name = %s" % quote(held))
        schema_editor.execute(
            "INSERT INTO sqlite_sequence (name, seq) SELECT %s, seq FROM sqlite_sequence "
            "WHERE name = %s" % (quote(held), quote(table))
        )
        return held

    def restore(self, app_label, schema_editor, state, held):
        """Put back the larger of the held counter and the table's new one; drop the held row."""
        table = self.table(app_label, schema_editor, state)
        if held is None or table is None:
            return
        quote = schema_editor.quote_value
        schema_editor.execute(
            "INSERT INTO sqlite_sequence (name, seq) SELECT %s, 0 FROM sqlite_sequence "
            "WHERE name = %s AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = %s)"
            % (quote(table), quote(held), quote(table))
        )
        schema_editor.execute(
            "UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT seq FROM sqlite_sequence "
            "WHERE name = %s), 0)) WHERE name = %s" % (quote(held), quote(table))
        )
        schema_editor.execute("DELETE FROM sqlite_sequence WHERE name = %s" % quote(held))


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
    ]

    operations = [
        KeyIndexesAsBefore(
            model_name='labelling',
        ),
        migrations.RunPython(
            code=functools.partial(pairs_once, *(), **{'app_label': 'core', 'model_name': 'Labelling', 'remove': True, 'source': 'thing', 'target': 'label'}),
            reverse_code=django.db.migrations.operations.special.RunPython.noop,
        ),
        KeepIdCounter(
            model_name='labelling',
            operations=[
                migrations.AlterField(
                    model_name='labelling',
                    name='note',
                    field=models.CharField(default='', max_length=20),
                ),
                migrations.RemoveField(
                    model_name='labelling',
                    name='note',
                ),
                migrations.RemoveField(
                    model_name='labelling',
                    name='weight',
                ),
                migrations.AlterField(
                    model_name='labelling',
                    name='id',
                    field=models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID'),
                ),
                migrations.RenameField(
                    model_name='labelling',
                    old_name='thing',
                    new_name='item',
                ),
                migrations.RenameField(
                    model_name='labelling',
                    old_name='label',
                    new_name='tag',
                ),
            ],
        ),
        migrations.AlterModelTable(
            name='labelling',
            table='core_item_labels',
        ),
        migrations.AlterUniqueTogether(
            name='labelling',
            unique_together={('item', 'tag')},
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='item',
                    name='labels',
                    field=models.ManyToManyField(related_name='labelled', to='core.tag'),
                ),
                migrations.DeleteModel(
                    name='Labelling',
                ),
            ],
        ),
    ]
