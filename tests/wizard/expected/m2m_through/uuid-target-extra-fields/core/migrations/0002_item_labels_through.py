import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ItemLabel',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='core.item')),
                        ('tag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='core.tag')),
                    ],
                    options={
                        'unique_together': {('item', 'tag')},
                        'db_table': 'core_item_labels',
                    },
                ),
                migrations.AlterField(
                    model_name='item',
                    name='labels',
                    field=models.ManyToManyField(blank=True, limit_choices_to={'name__startswith': 'l'}, related_name='labelled', through='core.ItemLabel', to='core.tag'),
                ),
            ],
        ),
        migrations.AlterModelTable(
            name='itemlabel',
            table=None,
        ),
        migrations.AddField(
            model_name='itemlabel',
            name='added',
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='itemlabel',
            name='note',
            field=models.CharField(default='x', max_length=20),
        ),
        migrations.AddField(
            model_name='itemlabel',
            name='weight',
            field=models.IntegerField(null=True),
        ),
        migrations.AddField(
            model_name='itemlabel',
            name='pinned',
            field=models.BooleanField(default=True),
            preserve_default=False,
        ),
    ]
