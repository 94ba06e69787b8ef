from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='itemtag',
            table='core_item_tags',
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='item',
                    name='tags',
                    field=models.ManyToManyField(related_name='items', to='core.tag'),
                ),
                migrations.DeleteModel(
                    name='ItemTag',
                ),
            ],
        ),
    ]
