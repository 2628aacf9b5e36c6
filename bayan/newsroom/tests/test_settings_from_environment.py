import pytest
from django.core.exceptions import ImproperlyConfigured

from bayan.environment import env_bool, env_int, env_list


@pytest.mark.parametrize("raw, expected", [("true", True), ("TRUE", True), ("1", True), ("false", False), ("0", False)])
def test_booleans_accept_only_true_and_false(monkeypatch, raw, expected):
    monkeypatch.setenv("BAYAN_FLAG", raw)
    assert env_bool("BAYAN_FLAG", not expected) is expected


@pytest.mark.parametrize("raw", ["yes", "on", "tru", "2"])
def test_a_misspelt_boolean_is_refused_with_its_name(monkeypatch, raw):
    monkeypatch.setenv("BAYAN_DEBUG", raw)
    with pytest.raises(ImproperlyConfigured, match=f"BAYAN_DEBUG must be true or false, not '{raw}'"):
        env_bool("BAYAN_DEBUG", False)


def test_an_unset_value_takes_the_default(monkeypatch):
    monkeypatch.delenv("BAYAN_DEBUG", raising=False)
    assert env_bool("BAYAN_DEBUG", False) is False
    assert env_int("BAYAN_ITEMS_PER_PAGE", 10) == 10
    assert env_list("BAYAN_ALLOWED_HOSTS", ["127.0.0.1"]) == ["127.0.0.1"]


@pytest.mark.parametrize("raw, message", [("ten", "must be a whole number"), ("0", "must be at least 1")])
def test_numbers_are_checked(monkeypatch, raw, message):
    monkeypatch.setenv("BAYAN_ITEMS_PER_PAGE", raw)
    with pytest.raises(ImproperlyConfigured, match=f"BAYAN_ITEMS_PER_PAGE {message}"):
        env_int("BAYAN_ITEMS_PER_PAGE", 10)


def test_lists_are_split_on_commas(monkeypatch):
    monkeypatch.setenv("BAYAN_ALLOWED_HOSTS", " news.example.org, mirror.example.net ,")
    assert env_list("BAYAN_ALLOWED_HOSTS", []) == ["news.example.org", "mirror.example.net"]


def test_debug_is_off_unless_asked():
    from django.conf import settings

    assert settings.DEBUG is False


def _postgresql_settings(**environment):
    """DATABASES["default"]'s options and server-side cursors, as bayan.settings makes them from ``environment``."""
    import json
    import os
    import subprocess
    import sys

    script = ("import json; from bayan import settings; database = settings.DATABASES['default']; "
              "print(json.dumps([database.get('OPTIONS', {}), database.get('DISABLE_SERVER_SIDE_CURSORS', False)]))")
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env={
        **os.environ, "DATABASE_URL": "postgres://bayan@db.example.org:5432/bayan", **environment})
    return json.loads(found.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("environment", "prepared", "server_cursors"), [
    ({}, True, True),
    ({"BAYAN_PREPARED_STATEMENTS": "false"}, False, True),
    ({"BAYAN_TRANSACTION_POOLER": "true"}, False, False),
])
def test_behind_a_transaction_pooler_nothing_outlives_a_transaction(environment, prepared, server_cursors):
    options, no_server_cursors = _postgresql_settings(**environment)
    assert (options.get("prepare_threshold") == 5) is prepared
    assert no_server_cursors is not server_cursors


def _settings_run(script, **environment):
    import os
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env={
        **os.environ, "DATABASE_URL": "postgres://bayan@db.example.org:5432/bayan", **environment})


def test_each_replica_named_becomes_a_database_readers_are_routed_to():
    found = _settings_run("from bayan import settings; import json; print(json.dumps([settings.BAYAN_REPLICAS, "
                          "[settings.DATABASES[alias]['HOST'] for alias in settings.BAYAN_REPLICAS], "
                          "settings.DATABASE_ROUTERS, 'bayan.pagecache.replicas.ReplicaRoutingMiddleware' in "
                          "settings.MIDDLEWARE, settings.DATABASES['replica1']['TEST']]))",
                          BAYAN_REPLICA_URLS="postgres://bayan@r1.example.org/bayan, postgres://bayan@r2.example.org/bayan")
    import json

    aliases, hosts, routers, routed, test = json.loads(found.stdout.strip().splitlines()[-1])
    assert aliases == ["replica1", "replica2"] and hosts == ["r1.example.org", "r2.example.org"]
    assert routers == ["bayan.pagecache.replicas.ReplicaRouter"] and routed
    # The test runner makes no database for a replica: it stands for the primary's.
    assert test == {"MIRROR": "default"}


@pytest.mark.parametrize(("environment", "message"), [
    ({"BAYAN_REPLICA_URLS": "mysql://bayan@r1/bayan"}, "BAYAN_REPLICA_URLS: replica 1 must be a PostgreSQL address"),
    ({"BAYAN_REPLICA_URLS": "postgres://bayan@r1/bayan,nonsense"}, "BAYAN_REPLICA_URLS: replica 2 is not a database"),
])
def test_a_replica_address_that_cannot_be_one_stops_the_server_saying_which(environment, message):
    found = _settings_run("from bayan import settings", **environment)
    assert found.returncode != 0 and message in found.stderr
