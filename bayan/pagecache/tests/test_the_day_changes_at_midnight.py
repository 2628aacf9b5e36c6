"""Pages that count days are right the morning after: the generation ends at midnight in the site's time zone."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bayan.newsroom.tests.factories import make_post
from bayan.pagecache.invalidation import current_token, next_midnight, start_new_generation
from bayan.pagecache.models import ContentGeneration

pytestmark = pytest.mark.django_db

DAMASCUS = ZoneInfo("Asia/Damascus")


@pytest.fixture(autouse=True)
def site_in_damascus(settings):
    settings.TIME_ZONE = "Asia/Damascus"


def due_at():
    return ContentGeneration.objects.get(pk=1).due_at


def test_the_token_changes_when_midnight_passes_where_the_site_is():
    with time_machine.travel(datetime(2026, 12, 8, 23, 50, tzinfo=DAMASCUS), tick=False) as traveller:
        start_new_generation()
        evening = current_token()
        traveller.move_to(datetime(2026, 12, 8, 23, 59, 59, tzinfo=DAMASCUS))
        assert current_token() == evening
        traveller.move_to(datetime(2026, 12, 9, 0, 0, 1, tzinfo=DAMASCUS))
        morning = current_token()
        assert morning != evening
        traveller.move_to(datetime(2026, 12, 9, 18, 0, tzinfo=DAMASCUS))
        assert current_token() == morning


def test_midnight_is_the_site_time_zone_s_not_utc():
    # 22:30 in UTC is already 01:30 the next day in Damascus (UTC+3): its midnight has passed.
    with time_machine.travel(datetime(2026, 12, 8, 20, 0, tzinfo=UTC), tick=False) as traveller:
        start_new_generation()
        assert due_at() == datetime(2026, 12, 9, 0, 0, tzinfo=DAMASCUS)
        evening = current_token()
        traveller.move_to(datetime(2026, 12, 8, 22, 30, tzinfo=UTC))
        assert current_token() != evening


def test_a_post_due_before_midnight_ends_the_generation_first():
    with time_machine.travel(datetime(2026, 12, 8, 20, 0, tzinfo=DAMASCUS), tick=False):
        make_post(title="Embargoed until ten", date=datetime(2026, 12, 8, 22, 0, tzinfo=DAMASCUS))
        make_post(title="Embargoed until next week", date=datetime(2026, 12, 15, 9, 0, tzinfo=DAMASCUS))
        start_new_generation()
        assert due_at() == datetime(2026, 12, 8, 22, 0, tzinfo=DAMASCUS)


def test_a_post_due_after_midnight_waits_for_the_generation_after():
    with time_machine.travel(datetime(2026, 12, 8, 20, 0, tzinfo=DAMASCUS), tick=False) as traveller:
        make_post(title="Embargoed until morning", date=datetime(2026, 12, 9, 8, 0, tzinfo=DAMASCUS))
        start_new_generation()
        assert due_at() == datetime(2026, 12, 9, 0, 0, tzinfo=DAMASCUS)
        traveller.move_to(datetime(2026, 12, 9, 0, 0, 1, tzinfo=DAMASCUS))
        current_token()
        assert due_at() == datetime(2026, 12, 9, 8, 0, tzinfo=DAMASCUS)


def test_where_clocks_skip_midnight_the_day_begins_at_the_change(settings):
    # Beirut moves its clocks from midnight to one o'clock on the last Sunday of March.
    settings.TIME_ZONE = "Asia/Beirut"
    beirut = ZoneInfo("Asia/Beirut")
    midnight = next_midnight(datetime(2026, 3, 28, 12, 0, tzinfo=UTC))
    assert midnight == datetime(2026, 3, 28, 22, 0, tzinfo=UTC)
    assert (midnight + timedelta(seconds=1)).astimezone(beirut).date().isoformat() == "2026-03-29"
