from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='item',
                    name='tags',
                    field=models.ManyToManyField(db_table='core_itemtag', related_name='items', to='core.tag'),
                ),
                migrations.DeleteModel(
                    name='ItemTag',
                ),
            ],
        ),
    ]
