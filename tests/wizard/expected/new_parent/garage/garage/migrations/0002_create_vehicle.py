from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('garage', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='Vehicle',
            fields=[
                ('number', models.BigAutoField(primary_key=True, serialize=False)),
                ('plate', models.CharField(max_length=12)),
                ('colour', models.CharField(default='blue', max_length=12)),
            ],
        ),
    ]
