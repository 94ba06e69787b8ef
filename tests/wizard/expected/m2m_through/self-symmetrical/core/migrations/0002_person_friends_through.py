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
                    name='Friendship',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('from_person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.person')),
                        ('to_person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.person')),
                    ],
                    options={
                        'unique_together': {('from_person', 'to_person')},
                        'db_table': 'core_person_friends',
                    },
                ),
                migrations.AlterField(
                    model_name='person',
                    name='friends',
                    field=models.ManyToManyField(blank=True, through='core.Friendship', to='core.person'),
                ),
            ],
        ),
        migrations.AlterModelTable(
            name='friendship',
            table=None,
        ),
    ]
