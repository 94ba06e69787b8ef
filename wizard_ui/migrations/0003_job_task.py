from django.db import migrations


class Migration(migrations.Migration):
    """A job's ``kind`` is what it does: ``task``, so that "kind" means a refactor kind only."""

    dependencies = [("wizard_ui", "0002_plan_kind_from_registry")]

    operations = [
        migrations.RenameField(model_name="job", old_name="kind", new_name="task"),
    ]
