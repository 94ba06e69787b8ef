"""What moving a model to another app needs beyond Django's own operations.

The writer copies these into the generated migration files, so they use nothing but the names a
migration file has (``migrations``) and the standard library, and work with Django 4.2 to 6.x.
"""

from django.db import migrations


class ChangeBases(migrations.operations.base.Operation):
    """Change the bases of a model in the migration state only (Django has no operation for it).

    A subclass (multi-table child or proxy) names its base by label in the state; when the base
    moves to another app, the label follows it, and so does its parent link, in the same step (a
    link to a class that is not a base would clash with the link Django makes). The database is
    not touched.
    """

    reduces_to_sql = True
    reversible = True

    def __init__(self, name, bases, fields=()):
        self.name = name
        self.bases = tuple(bases)
        self.fields = list(fields)

    def describe(self):
        return "Make %s inherit from %s" % (self.name, ", ".join(map(str, self.bases)))

    def state_forwards(self, app_label, state):
        model_state = state.models[app_label, self.name.lower()]
        model_state.bases = self.bases
        for name, field in self.fields:
            model_state.fields[name] = field
        state.reload_model(app_label, self.name.lower(), delay=True)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


def move_content_type(apps, schema_editor, model, old_app, new_app):
    """Give the model's content type its new app label; its id, and so every permission, admin
    log entry and generic relation that points at it, stays."""
    content_type = apps.get_model("contenttypes", "ContentType")
    alias = schema_editor.connection.alias
    types = content_type._base_manager.db_manager(alias)
    taken = types.filter(app_label=new_app, model=model).first()
    if taken is not None:
        if not types.filter(app_label=old_app, model=model).exists():
            return  # moved already (a rerun)
        raise RuntimeError(
            "A content type %s.%s exists already (id %s), left by an earlier model of that "
            "name; delete it (and what points at it) before moving %s.%s."
            % (new_app, model, taken.pk, old_app, model)
        )
    types.filter(app_label=old_app, model=model).update(app_label=new_app)
