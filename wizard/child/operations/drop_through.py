"""What a drop-through migration defines in its own file: ``pairs_once``, the function it runs
first when the through model allows duplicate pairs, and ``KeyIndexesAsBefore``, the operation
that tidies MySQL's indexes when it gives the table a unique pair.

The writer copies them into the generated migration file (with ``functools.partial`` carrying
the function's arguments), so they use nothing but Django and work with Django 4.2 to 6.x and
Python 3.8+.
"""

from django.db import migrations


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
