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


def test_a_large_limit_is_counted_in_shares_and_never_exceeded(django_assert_num_queries):
    # A limit of 1,000 is taken ten uses at a time: ten requests, one write.
    with django_assert_num_queries(3):  # one write, in its transaction (a savepoint within the test's)
        verdicts = [spend("api-key:shared", 1000, 60, now=5_000_000.0) for _ in range(10)]
    assert all(verdict.allowed for verdict in verdicts)
    assert [verdict.count for verdict in verdicts] == list(range(1, 11))
    assert RateCount.objects.get(key="api-key:shared").count == 10
    allowed = sum(spend("api-key:shared", 1000, 60, now=5_000_000.0).allowed for _ in range(1100))
    assert allowed == 990


def test_a_share_taken_by_another_process_counts_against_the_limit():
    # Another process took 995 uses of a limit of 1,000: this one gets the five left, then a refusal.
    RateCount.objects.create(key="api-key:busy", window_end=6_000_060, count=995)  # the minute from 6,000,000 s
    verdicts = [spend("api-key:busy", 1000, 60, now=6_000_000.0) for _ in range(7)]
    assert [verdict.allowed for verdict in verdicts] == [True] * 5 + [False] * 2
