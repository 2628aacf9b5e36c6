"""The sets of common terms kept whole (``postings``): a new table, empty until ``bayan search-postings --build`` or
``bayan search-rebuild`` fills it; searches read the index for every term meanwhile, as before."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bayan_search', '0009_title_vectors_in_rows_on_postgresql'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchPostings',
            fields=[
                ('term', models.CharField(max_length=200, primary_key=True, serialize=False)),
                ('change_id', models.BigIntegerField()),
                ('change_token', models.CharField(max_length=32)),
                ('bits', models.BinaryField()),
            ],
        ),
    ]
