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
                    name='PostCategory',
                    fields=[
                        ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('post', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='core.post')),
                        ('category', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='core.category')),
                    ],
                    options={
                        'unique_together': {('post', 'category')},
                        'db_table': 'core_post_categories',
                    },
                ),
                migrations.AlterField(
                    model_name='post',
                    name='categories',
                    field=models.ManyToManyField(related_name='posts', through='core.PostCategory', to='core.category'),
                ),
            ],
        ),
        migrations.AlterModelTable(
            name='postcategory',
            table=None,
        ),
        migrations.AddField(
            model_name='postcategory',
            name='position',
            field=models.PositiveIntegerField(default=0),
            preserve_default=False,
        ),
    ]
