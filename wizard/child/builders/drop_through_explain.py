"""What each operation of a drop-through migration does, in plain words (README and preview)."""

from __future__ import annotations


def duplicates_text(through, keys, mode):
    label = through._meta.label
    pair = "`%s` and `%s`" % (keys[0].name, keys[1].name)
    if mode == "remove":
        what = (
            "deletes every duplicate row (the same %s more than once), keeping the lowest id of "
            "each pair; the deleted rows do not come back when migrating back" % pair
        )
    else:
        what = (
            "stops the migration with the number of duplicate pairs (the same %s more than once) "
            'if there are any; make the bundle again with `"duplicates": "remove"` to delete '
            "them" % pair
        )
    return (
        "`RunPython` looks for pairs `%s` holds more than once, which Django's own table (unique "
        "pair) cannot hold, before any change to the table, and %s. Migrating back does nothing "
        "here." % (label, what)
    )


def key_indexes_text():
    return (
        "`KeyIndexesAsBefore` (defined in the migration file) does nothing here. It runs last "
        "when migrating back, and only on MySQL/MariaDB: removing the unique pair makes Django "
        "add an index for the first foreign key, which the through model's table did not have; "
        "it drops that index, or gives it the key's own name, so the table is back exactly."
    )


def keep_text(sentences):
    return (
        "`KeepIdCounter` (defined in the migration file) runs these operations on the through "
        "table: " + " ".join(sentences) + " On SQLite, where they may rebuild the table, it keeps "
        "the table's `sqlite_sequence` counter at its old high-water mark, in both directions, so "
        "ids of deleted pairs are never issued again; on PostgreSQL and MySQL/MariaDB it is "
        "exactly these operations."
    )


def refill_text(field, refilled):
    return (
        "`AlterField` gives `%s` the default %r, only in Django's state (no SQL): migrating back "
        "re-adds the column, and existing rows need a value there." % (field.name, refilled.default)
    )


def remove_text(field):
    return (
        "`RemoveField` drops the column `%s` (%s): its values are lost, as the plan's "
        "`drop_fields` accepts. Migrating back adds it again with its default."
        % (field.column, type(field).__name__)
    )


def pk_text(pk, new_class):
    return (
        "`AlterField` changes the `id` column from %s to %s, the class Django's migrations give an "
        "auto-created table (`DEFAULT_AUTO_FIELD`); every id keeps its value (PostgreSQL and "
        "MySQL/MariaDB rewrite the table)." % (type(pk).__name__, new_class.__name__)
    )


def column_text(key, column):
    return (
        "`%s` renames the column `%s` to `%s`, the name Django gives the column of the "
        "auto-created table; every value stays."
        % ("RenameField" if key.db_column is None else "AlterField", key.column, column)
    )


def rename_text(old_table, new_table):
    return (
        "`AlterModelTable` renames the table `%s` to `%s`, the name Django gives the auto-created "
        "table. A rename moves no row: ids, indexes and foreign keys stay with the table, and "
        "migrating back renames it again." % (old_table, new_table)
    )


def unique_text(names, constraint):
    why = (
        "which replaces the named constraint `%s` dropped above" % constraint
        if constraint
        else "which the through model did not have"
    )
    return (
        "`AlterUniqueTogether` adds the unique pair (`%s`, `%s`) Django's own table has, %s; "
        "building it reads the table once, no row moves." % (names[0], names[1], why)
    )


def remove_constraint_text(name):
    return (
        "`RemoveConstraint` drops the unique constraint `%s` on the pair; the unique pair Django's "
        "own table has takes its place below." % name
    )


def swap_text(field, through, kept_table):
    return (
        "`SeparateDatabaseAndState` removes `through=` from `%s`%s and deletes the model `%s` "
        "from what Django knows; it sends no SQL: the table, its rows and their ids are now the "
        "field's own auto-created table."
        % (
            field.name,
            ' (with `db_table="%s"` keeping the table name)' % kept_table if kept_table else "",
            through._meta.object_name,
        )
    )
