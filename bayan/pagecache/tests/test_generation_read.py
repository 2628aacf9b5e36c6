"""The generation every cached request reads: one plain statement, the same row the ORM would give."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bayan.pagecache.invalidation import current_generation, start_new_generation
from bayan.pagecache.models import ContentGeneration

pytestmark = pytest.mark.django_db


def test_the_generation_read_is_the_row_as_the_orm_reads_it_in_one_statement():
    start_new_generation()
    with CaptureQueriesContext(connection) as captured:
        read = current_generation()
    stored = ContentGeneration.objects.get(pk=1)
    assert (read.pk, read.token, read.changed_at, read.due_at) == (
        stored.pk, stored.token, stored.changed_at, stored.due_at)
    assert not read._state.adding and read._state.db == "default"
    assert len(captured) == 1 and "pagecache_contentgeneration" in captured[0]["sql"]
