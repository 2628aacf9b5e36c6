"""Rate limits count per key and window in the database, so every server process shares them."""

import pytest

from bayan.accounts.limits import forget_past_windows, spend
from bayan.accounts.models import RateCount

pytestmark = pytest.mark.django_db


def test_a_key_is_allowed_up_to_its_limit_then_refused_until_the_window_ends():
    verdicts = [spend("address:192.0.2.1", 3, 60, now=1_000_000.0) for _ in range(5)]
    assert [verdict.allowed for verdict in verdicts] == [True, True, True, False, False]
    assert verdicts[-1].count == 5
    assert verdicts[-1].retry_after == 1_000_020 - 1_000_000  # the window of 60 s ends at 1,000,020
    assert spend("address:192.0.2.1", 3, 60, now=1_000_020.0).allowed


def test_keys_are_counted_apart():
    for _ in range(3):
        spend("address:192.0.2.1", 3, 60, now=2_000_000.0)
    assert not spend("address:192.0.2.1", 3, 60, now=2_000_000.0).allowed
    assert spend("address:192.0.2.2", 3, 60, now=2_000_000.0).allowed


def test_retry_after_is_at_least_a_second():
    assert spend("link:abc", 1, 60, now=3_000_059.9).retry_after == 1


def test_windows_of_different_lengths_are_told_apart_and_only_ended_ones_are_forgotten():
    spend("minute", 5, 60, now=4_000_000.0)
    spend("hour", 5, 3600, now=4_000_000.0)
    forget_past_windows(now=4_000_100.0)
    assert list(RateCount.objects.values_list("key", flat=True)) == ["hour"]
