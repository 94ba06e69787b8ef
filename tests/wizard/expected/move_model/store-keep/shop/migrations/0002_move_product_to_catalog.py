import django.db.models.deletion
import functools
from django.db import migrations, models


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


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0001_move_product_from_shop'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('orders', '0002_product_shop_moved_to_catalog'),
        ('shop', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='review',
                    name='product',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='catalog.product'),
                ),
            ],
        ),
        ChangeBases(
            name='Special',
            bases=('catalog.product',),
            fields=[('product_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='catalog.product'))],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Product',
                ),
            ],
        ),
        migrations.RunPython(
            code=functools.partial(move_content_type, *(), **{'model': 'product', 'new_app': 'catalog', 'old_app': 'shop'}),
            reverse_code=functools.partial(move_content_type, *(), **{'model': 'product', 'new_app': 'shop', 'old_app': 'catalog'}),
        ),
    ]
