import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('hangar', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='Aircraft',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('registration', models.CharField(max_length=20, unique=True)),
                ('kind', models.CharField(choices=[('jet', 'Jet'), ('prop', 'Propeller')], db_index=True, default='prop', max_length=10)),
                ('owner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='planes', to='hangar.owner')),
                ('nickname', models.CharField(blank=True, max_length=30, null=True)),
            ],
            options={
                'unique_together': {('registration', 'kind')},
            },
        ),
    ]
