"""The sets of common terms kept whole (``postings``), of the full index and of the title index: a new table, empty
until ``bayan search-postings --build`` or ``bayan search-rebuild`` fills it; searches read the index for every term
meanwhile, as before."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bayan_search', '0009_title_vectors_in_rows_on_postgresql'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchPostings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('term', models.CharField(max_length=200)),
                ('in_titles', models.BooleanField(default=False)),
                ('change_id', models.BigIntegerField()),
                ('change_token', models.CharField(max_length=32)),
                ('bits', models.BinaryField()),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('in_titles', 'term'), name='bayan_search_postings_term')],
            },
        ),
    ]
