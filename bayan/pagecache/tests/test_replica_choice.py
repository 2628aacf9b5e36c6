"""Which replica may serve a reader: plain bookkeeping of WAL positions, tried without a database."""

import pytest

from bayan.pagecache.replicas import ReplicaSet, parse_lsn


def test_wal_positions_read_and_written_as_postgresql_writes_them():
    assert parse_lsn("16/B374D848") == (0x16 << 32) + 0xB374D848
    assert parse_lsn("0/0") == 0


@pytest.mark.parametrize("text", ["", None, "16", "/1", "1/", "x/1", "1/2/3", "123456789/1", "0/-1 "])
def test_a_cookie_that_is_not_a_wal_position_counts_for_nothing(text):
    assert parse_lsn(text) is None


def replica_set(max_lag=5):
    return ReplicaSet(["replica1", "replica2"], max_lag)


def test_a_replica_that_has_replayed_what_the_reader_needs_serves_them():
    replicas = replica_set()
    replicas.primary_at(90, now=9.0)
    replicas.primary_at(100, now=10.0)
    first, second = replicas.replicas
    replicas.replica_at(first, 100, now=10.1)
    replicas.replica_at(second, 90, now=10.1)
    assert replicas.choose(100, now=10.2) == "replica1"
    # Needing less, either will do; needing more than either has replayed, the primary.
    assert {replicas.choose(90, now=10.2) for _ in range(50)} == {"replica1", "replica2"}
    assert replicas.choose(101, now=10.2) is None


def test_lag_is_the_time_since_the_primary_stood_where_the_replica_has_replayed_to():
    replicas = replica_set(max_lag=5)
    first = replicas.replicas[0]
    replicas.primary_at(100, now=0.0)
    replicas.replica_at(first, 100, now=0.0)
    # The primary moves on; the replica stays where it was.
    for moment in (1.0, 3.0, 5.0, 6.0):
        replicas.primary_at(200, now=moment)
        replicas.replica_at(first, 100, now=moment)
    assert first.lag(6.0) == 6.0
    assert replicas.choose(0, now=6.0) is None
    # Once it has replayed what the primary had at the last check, its lag counts from then.
    replicas.replica_at(first, 200, now=6.5)
    assert first.lag(6.5) == pytest.approx(0.5)
    assert replicas.choose(200, now=6.5) == "replica1"


def test_an_idle_primary_does_not_make_an_up_to_date_replica_look_late():
    replicas = replica_set(max_lag=5)
    first = replicas.replicas[0]
    for moment in range(0, 60, 10):
        replicas.primary_at(100, now=float(moment))
        replicas.replica_at(first, 100, now=float(moment))
    assert first.lag(50.0) == 0.0
    assert replicas.choose(100, now=50.0) == "replica1"


def test_a_replica_never_seen_caught_up_serves_nobody():
    replicas = replica_set()
    replicas.primary_at(300, now=0.0)
    replicas.replica_at(replicas.replicas[0], 100, now=0.0)
    assert replicas.choose(0, now=0.0) is None


def test_a_replica_that_failed_is_left_out_until_its_retry_and_serves_when_the_primary_is_gone():
    replicas = replica_set()
    first, second = replicas.replicas
    replicas.primary_at(100, now=0.0)
    replicas.replica_at(first, 100, now=0.0)
    replicas.replica_at(second, 40, now=0.0)
    replicas.replica_failed(first, "does not answer", now=1.0)
    assert replicas.choose(0, now=1.0) is None
    assert replicas.due(now=2.0, needed=0) == [second]
    assert first in replicas.due(now=10.0, needed=0)
    # Without the primary, any replica that answers, however late: reading old news beats reading none.
    assert replicas.choose(0, now=1.0, primary_answers=False) == "replica2"


def test_a_replica_behind_what_a_reader_needs_is_read_again_sooner():
    replicas = replica_set()
    first, second = replicas.replicas
    replicas.primary_at(100, now=0.0)
    replicas.replica_at(first, 100, now=0.0)
    replicas.replica_at(second, 100, now=0.0)
    assert replicas.due(now=0.2, needed=100) == []
    assert replicas.due(now=0.2, needed=150) == [first, second]
    assert replicas.due(now=0.6, needed=0) == [first, second]
