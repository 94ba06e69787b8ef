import functools
from django.db import migrations


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
        ('blog', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('people', '0001_move_author_from_blog'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Author',
                ),
            ],
        ),
        migrations.RunPython(
            code=functools.partial(move_content_type, *(), **{'model': 'author', 'new_app': 'people', 'old_app': 'blog'}),
            reverse_code=functools.partial(move_content_type, *(), **{'model': 'author', 'new_app': 'blog', 'old_app': 'people'}),
        ),
    ]
