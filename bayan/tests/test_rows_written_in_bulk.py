"""``insert_rows`` and ``update_rows`` write what a save would: text, numbers, dates, moments, flags, nothing."""

from datetime import date

import pytest
from django.utils import timezone

from bayan.cases.dates import Precision
from bayan.cases.models import Event, Person
from bayan.database import insert_rows, update_rows

pytestmark = pytest.mark.django_db


def test_rows_inserted_in_bulk_read_back_as_saved_ones():
    moment = timezone.now().replace(microsecond=0)
    insert_rows(Event, ["record_id", "type", "date", "precision", "end_date", "place", "responsible", "note",
                        "created_at", "updated_at"],
                [["A", "arrested", date(2013, 12, 1), Precision.MONTH, None, "Douma", "", "", moment, moment],
                 ["B", "released", date(2015, 2, 28), "day", date(2015, 3, 1), "", "", "a note", moment, moment]])
    rows = list(Event.objects.order_by("record_id").values_list("record_id", "date", "precision", "end_date",
                                                                "note", "created_at"))
    assert rows == [("A", date(2013, 12, 1), "month", None, "", moment),
                    ("B", date(2015, 2, 28), "day", date(2015, 3, 1), "a note", moment)]


def test_rows_updated_in_bulk_change_only_the_named_fields_of_the_named_rows():
    first, second, _third = (Person.objects.create(name_en=name) for name in ("One", "Two", "Three"))
    update_rows(Person, ["status", "status_since", "portrait_consent"],
                [["detained", date(2020, 1, 2), True, first.pk], ["dead", None, False, second.pk]])
    assert list(Person.objects.order_by("pk").values_list("name_en", "status", "status_since", "portrait_consent")) == [
        ("One", "detained", date(2020, 1, 2), True), ("Two", "dead", None, False), ("Three", "unknown", None, False)]
