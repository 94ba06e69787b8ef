"""The plain words of each operation ``build_new_parent`` emits: what it does, why it is safe.

Each sentence is written from the same models and names the builder uses, and travels with its
operation (``writer.explained``) to the preview, the walkthrough and the README.
"""

from __future__ import annotations


def names(items):
    return ", ".join("`%s`" % item for item in items) or "no field"


def parent_table(model, parent):
    from django.db import connection
    from django.db.backends.utils import truncate_name

    table = "%s_%s" % (model._meta.app_label, parent.lower())
    return truncate_name(table, connection.ops.max_name_length())


def create_parent(model, parent, moved, with_unique_together):
    pk = model._meta.pk
    return (
        "`CreateModel` creates `%s` (table `%s`) with the primary key `%s` (%s, as on %s) and %s, "
        "defined exactly as on the model%s. The new table is empty; nothing else changes."
        % (
            parent,
            parent_table(model, parent),
            pk.name,
            type(pk).__name__,
            model._meta.object_name,
            names([field.name for field in moved]),
            ", and the `unique_together` groups made of them" if with_unique_together else "",
        )
    )


def copy_rows(model, parent, moved):
    child = model._meta.object_name
    return (
        "`CopyToParent` copies every %s's id and %s into `%s` with one `INSERT … SELECT`: the "
        "database copies all rows in one statement, and each %s row gets the id of its %s, so ids "
        "with gaps stay aligned. The migration commits here, so PostgreSQL checks the copied rows' "
        "deferred foreign keys before any table is altered."
        % (
            child,
            names([field.name for field in moved]),
            parent_table(model, parent),
            parent,
            child,
        )
    )


def follow_root_content_type(model, parent, fields):
    child = model._meta.object_name
    return (
        "`FollowRootContentType` points %s at %s's content type where they hold %s's: they record "
        "an object by its topmost concrete model, which %s becomes. One `UPDATE` per field through "
        "the historical models; nothing else changes, and going back points them at %s again."
        % (
            names(["%s.%s" % (other._meta.label, name) for other, name in fields]),
            parent,
            child,
            parent,
            child,
        )
    )


class Link:
    """The sentences of the last migration, which makes the child inherit from the parent."""

    def __init__(self, model, parent, moved):
        self.child = model._meta.object_name
        self.child_table = model._meta.db_table
        self.parent = parent
        self.table = parent_table(model, parent)
        self.pk = model._meta.pk.name
        self.link = "%s_ptr" % parent.lower()
        self.moved = names([field.name for field in moved])

    def hold_child(self):
        return (
            "`HoldSequence` keeps `%s`'s id counter aside in `sqlite_sequence` (SQLite only), "
            "because moving the constraints rebuilds the table and SQLite restarts a rebuilt "
            "table's counter from its highest id." % self.child_table
        )

    def carry_back(self):
        return (
            "`CarrySequence` (going back only) runs last when migrating back and moves %s's "
            "restored id counter past every id %s handed out." % (self.child, self.parent)
        )

    def unique_together(self):
        return "`AlterUniqueTogether` takes the groups that moved to %s off %s." % (
            self.parent,
            self.child,
        )

    def remove(self, kind, name):
        return (
            "`Remove%s` takes the %s `%s` off %s; the next operations make it on %s (its name is "
            "unique per schema, so it goes first)."
            % (kind.title(), kind, name, self.child, self.parent)
        )

    def add(self, kind, name, old_name=None):
        renamed = (
            " under the name `%s` (Django's name for it on the new table)" % name
            if old_name and old_name != name
            else ""
        )
        return (
            "`Add%s` makes the %s `%s` on %s%s: the same definition, which names only moved "
            "fields." % (kind.title(), kind, old_name or name, self.parent, renamed)
        )

    def carry(self):
        return (
            "`CarrySequence` moves the id counter of `%s` past the highest copied id and past "
            "`%s`'s own high-water mark, so ids of %s rows deleted long ago are never handed out "
            "again." % (self.table, self.child_table, self.child)
        )

    def hold_parent(self):
        return (
            "`HoldSequence` (going back only) keeps `%s`'s counter aside before its constraints "
            "go (SQLite only)." % self.table
        )

    def rename(self, auto):
        return (
            "`RenamePrimaryKey` renames `%s` to `%s` and its column to `%s_id` with a plain "
            "`ALTER TABLE … RENAME COLUMN` while it is still %s: every foreign key and M2M table "
            "that points at it follows (SQLite rewrites their REFERENCES clauses too). No row is "
            "touched."
            % (self.pk, self.link, self.link, "an auto field" if auto else "a plain field")
        )

    def remove_moved(self):
        return (
            "`RemoveMovedFields` drops %s from `%s`, whose values are safe in `%s` since the copy "
            "committed (on SQLite the rebuild of the next step leaves them out, so the table is "
            "copied once). Going back, it re-adds each column nullable, fills it from `%s` in one "
            "UPDATE, then restores NOT NULL and its default."
            % (self.moved, self.child_table, self.table, self.table)
        )

    def make_link(self, auto):
        return (
            "`MakeParentLink` turns `%s` into the one-to-one link to `%s` (%sa foreign key to "
            "`%s` comes); the values stay, and each has its parent row since the copy."
            % (self.link, self.parent, "its auto-increment goes, " if auto else "", self.table)
        )

    def change_bases(self):
        return (
            "`ChangeModelBases` changes only what Django knows: %s now inherits from %s in the "
            "migration state, so later migrations (a `RunPython`, say) get historical models that "
            "inherit. No SQL." % (self.child, self.parent)
        )


class Online(Link):
    """The sentences of the online bundle's own operations (``"online": true``)."""

    def mirror(self):
        return (
            "`MirrorToParent` puts a trigger on `%s` in one short step (a lock wait of at most "
            "500 ms on PostgreSQL, 1 s on MySQL, retried): from now on, every %s inserted, "
            "updated or deleted is written to `%s` too, so the copy below can take its time "
            "while the site keeps writing. SQLite, with one writer at a time, needs none."
            % (self.child_table, self.child, self.table)
        )

    def copy(self):
        return (
            "`CopyInBatches` copies every %s's id and %s into `%s`, 50,000 ids at a time, each "
            "batch its own short transaction (no long transaction, no table lock). Rows the "
            "trigger wrote already are skipped; a row deleted while its batch copied it can leave "
            "a parent row behind, whose id the trigger recorded: the locked step removes it. If "
            "it is interrupted, `migrate` starts again at the first row not yet copied."
            % (self.child, self.moved, self.table)
        )

    def drop(self, vendor):
        if vendor == "postgresql":
            return (
                "`DropMirror` (PostgreSQL) removes the trigger first in this step's one "
                "transaction: that locks `%s`, so nothing is written unmirrored before the step "
                "commits; it then deletes the parent rows of children deleted during the copy "
                "(by the ids the trigger recorded), and every statement after it only changes "
                "the catalog." % self.child_table
            )
        return (
            "`DropMirror` (MySQL/MariaDB, whose DDL commits statement by statement) removes the "
            "trigger last: from the key's rename on, the trigger names a column that is gone, "
            "so every write to `%s` fails until the link is made, instead of going "
            "unmirrored; then it deletes the parent rows of children deleted during the copy "
            "(by the ids the trigger recorded)." % self.child_table
        )

    def make_link(self, auto):
        return (
            "`MakeParentLink` turns `%s` into the one-to-one link to `%s` (%sa foreign key to "
            "`%s` comes). On PostgreSQL the key is added `NOT VALID` (no scan under the lock); "
            "on MySQL/MariaDB it is added in place without checking the rows (checking would "
            "copy the table). The next migration checks them."
            % (self.link, self.parent, "its auto-increment goes, " if auto else "", self.table)
        )

    def validate(self):
        return (
            "`ValidateLink` checks that every %s has its row in `%s`: on PostgreSQL `VALIDATE "
            "CONSTRAINT`, which reads the table while reads and writes go on; on MySQL/MariaDB "
            "a read that stops the migration, naming the row, if one has no parent."
            % (self.child, self.table)
        )
