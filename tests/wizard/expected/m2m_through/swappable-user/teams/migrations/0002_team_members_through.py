import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('teams', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Membership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('team', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='teams.team')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'unique_together': {('team', 'user')},
                        'db_table': 'teams_team_members',
                    },
                ),
                migrations.AlterField(
                    model_name='team',
                    name='members',
                    field=models.ManyToManyField(blank=True, related_name='teams', through='teams.Membership', to=settings.AUTH_USER_MODEL),
                ),
            ],
        ),
        migrations.AlterModelTable(
            name='membership',
            table=None,
        ),
    ]
