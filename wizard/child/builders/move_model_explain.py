"""The plain words of each operation ``builders.move_model`` emits: what it does, why it is safe.

Each sentence travels with its operation (``writer.explained``) to the preview, the walkthrough
and the README.
"""

from __future__ import annotations


def create(model, new_app, table):
    return (
        "`SeparateDatabaseAndState` holds a state-only `CreateModel` that gives the app `%s` "
        "the model `%s` exactly as the migrations of `%s` have it (fields, primary key, "
        "options, managers) on its table `%s`. No SQL: the table and its rows stay where they "
        "are." % (new_app, model._meta.object_name, model._meta.app_label, table)
    )


def rename(model, old_table, new_table, m2m_tables):
    also = ""
    if m2m_tables:
        also = ", and the tables of its M2M fields (%s) with it" % ", ".join(
            "`%s`" % old for old, _new in m2m_tables
        )
    return (
        "`AlterModelTable` renames `%s` to `%s`, the new app's default name%s: Django's own "
        "operation, one `ALTER TABLE … RENAME` each; foreign keys that point at the table follow "
        "it, rows are not copied." % (old_table, new_table, also)
    )


def repoint(app_label, model_name, field_name, new_ref):
    return (
        "`SeparateDatabaseAndState` holds a state-only `AlterField` that points `%s.%s.%s` at "
        "`%s`: the column and its constraint already point at the model's table, so no SQL."
        % (app_label, model_name, field_name, new_ref)
    )


def bases(app_label, model_name, new_ref, fields):
    return (
        "`ChangeBases` (state only) makes `%s.%s` inherit from `%s` in the migration state, as "
        "the patched class does, and points %s at it in the same step; its table and columns do "
        "not change."
        % (app_label, model_name, new_ref, ", ".join("`%s`" % f for f in fields) or "nothing")
    )


def delete(model, new_app):
    return (
        "`SeparateDatabaseAndState` holds a state-only `DeleteModel` that removes `%s` from the "
        "migration state of `%s`: the model lives on in `%s` with the same table, so nothing "
        "is dropped." % (model._meta.object_name, model._meta.app_label, new_app)
    )


def content_type(model, new_app):
    return (
        "`RunPython` gives the content type `%s.%s` the app label `%s` and keeps its id, so "
        "permissions, admin log entries and generic relations keep pointing at the same rows; "
        "going back gives it `%s` again."
        % (model._meta.app_label, model._meta.model_name, new_app, model._meta.app_label)
    )
