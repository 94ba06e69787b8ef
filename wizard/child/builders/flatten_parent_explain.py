"""What each operation of a flatten-parent migration does, in plain words (README and preview)."""

from __future__ import annotations


class Flatten:
    """The sentences of one child and its parent."""

    def __init__(self, model, parent):
        self.child = model._meta.object_name
        self.parent = parent._meta.object_name
        self.table = model._meta.db_table
        self.parent_table = parent._meta.db_table
        self.link = model._meta.pk
        self.key = parent._meta.pk

    def check_rows(self):
        return (
            "`ParentRowsAreChildren` reads `%s` before any change and stops the migration if it "
            "holds rows that are not %s rows (they would be lost with the table), saying how many "
            "and which; migrating back does nothing here." % (self.parent_table, self.child)
        )

    def bases(self):
        return (
            "`StopInheriting` makes `%s` a model of its own in Django's migration state only "
            "(Django has no operation for a model's bases); no SQL." % self.child
        )

    def unlink(self):
        return (
            "`AlterField` turns the link `%s` into a %s of its own: the foreign key to `%s` goes "
            "and the column `%s` counts by itself (an identity on PostgreSQL, AUTO_INCREMENT on "
            "MySQL/MariaDB, a table rebuild on SQLite); every value stays, and foreign keys and "
            "M2M tables pointing at it keep their rows."
            % (self.link.name, type(self.key).__name__, self.parent_table, self.link.column)
        )

    def carry_back(self):
        return (
            "`CarrySequence` runs only when migrating back: it moves `%s`'s counter past every "
            "%s id, so a new `%s` never takes an id a %s had."
            % (
                self.parent_table,
                self.child,
                self.parent,
                self.child,
            )
        )

    def add_fields(self, names):
        # The parent's fields are cloned, so they are not bound to a model and have no name.
        listed = ", ".join("`%s`" % name for name in names) or "no field"
        return (
            "`AddParentFields` declares %s on `%s` with the parent's definitions: each column is "
            "added nullable, filled from the `%s` row with the same id in one UPDATE for the whole "
            "table, then given its own NULL, default and constraints. Migrating back writes each "
            "%s's values to its `%s` row (inserting the rows of %ss made since), then drops the "
            "columns."
            % (listed, self.child, self.parent_table, self.child, self.parent_table, self.child)
        )

    def rename(self):
        return (
            "`RestorePrimaryKey` renames the key `%s` to `%s` (column `%s`) with one "
            "`ALTER TABLE ... RENAME COLUMN`: foreign keys and M2M tables follow the column on "
            "every database, and no row moves." % (self.link.name, self.key.name, self.key.column)
        )

    def carry(self):
        return (
            "`CarrySequence` moves `%s`'s new counter past its ids and past every id `%s`'s "
            "counter issued, so ids of deleted rows are never issued again."
            % (
                self.table,
                self.parent_table,
            )
        )

    def hold_parent(self):
        return (
            "`HoldSequence` keeps `%s`'s id counter aside on SQLite, where dropping a constraint "
            "rebuilds the table and restarts it (CarrySequence reads it back); elsewhere it does "
            "nothing." % self.parent_table
        )

    def hold_child(self):
        return (
            "`HoldSequence` runs only when migrating back: on SQLite it keeps `%s`'s id counter "
            "aside before its table is rebuilt (a rebuild restarts it), for the parent's counter "
            "to move past it; elsewhere it does nothing." % self.table
        )

    def remove(self, what, name):
        return (
            "`Remove%s` drops the %s `%s` from `%s`: it moves to `%s` below (names are unique per "
            "database on PostgreSQL and SQLite)."
            % (what.capitalize(), what, name, self.parent_table, self.table)
        )

    def unique_together(self, groups):
        return (
            "`AlterUniqueTogether` gives `%s` the parent's unique groups %s, checked on the copied "
            "values." % (self.table, ", ".join("(%s)" % ", ".join(g) for g in groups))
        )

    def add(self, what, name, old, keep):
        if name == old:
            return "`Add%s` makes the %s `%s` on `%s`, as it was on `%s`." % (
                what.capitalize(),
                what,
                name,
                self.table,
                self.parent_table,
            )
        return "`Add%s` makes the %s `%s` on `%s`, Django's name for `%s`'s `%s` there%s." % (
            what.capitalize(),
            what,
            name,
            self.table,
            self.parent_table,
            old,
            " (the parent keeps its own)" if keep else "",
        )

    def delete(self):
        return (
            "`DeleteModel` drops `%s` and its rows: nothing else needs them (the plan's "
            "`keep_parent` is false). Migrating back creates it again, filled from the %s rows."
            % (self.parent_table, self.child)
        )
