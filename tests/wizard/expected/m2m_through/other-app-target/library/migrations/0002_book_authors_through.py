import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('library', '0001_initial'),
        ('teams', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Authorship',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('book', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='library.book')),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='teams.author')),
                    ],
                    options={
                        'unique_together': {('book', 'author')},
                        'db_table': 'library_book_authors',
                    },
                ),
                migrations.AlterField(
                    model_name='book',
                    name='authors',
                    field=models.ManyToManyField(related_name='books', through='library.Authorship', to='teams.author'),
                ),
            ],
        ),
        migrations.AlterModelTable(
            name='authorship',
            table=None,
        ),
    ]
