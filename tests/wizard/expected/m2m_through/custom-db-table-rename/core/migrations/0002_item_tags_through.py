import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ItemTag',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='core.item')),
                        ('tag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='core.tag')),
                    ],
                    options={
                        'unique_together': {('item', 'tag')},
                        'db_table': 'legacy_item_tags',
                    },
                ),
                migrations.AlterField(
                    model_name='item',
                    name='tags',
                    field=models.ManyToManyField(related_name='items', through='core.ItemTag', to='core.tag'),
                ),
            ],
        ),
        migrations.AlterModelTable(
            name='itemtag',
            table=None,
        ),
    ]
