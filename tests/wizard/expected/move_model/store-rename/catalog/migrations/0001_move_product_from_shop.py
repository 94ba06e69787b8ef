import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('shop', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Product',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(db_index=True, max_length=40)),
                        ('category', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='products', to='shop.category')),
                        ('replaces', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='catalog.product')),
                        ('tags', models.ManyToManyField(blank=True, to='shop.tag')),
                    ],
                    options={
                        'ordering': ['name'],
                        'indexes': [],
                        'constraints': [],
                        'db_table': 'shop_product',
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(
            name='product',
            table=None,
        ),
    ]
