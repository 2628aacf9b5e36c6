"""The `bayan` command: what an operator sees when asking for help or making a mistake."""

import os
import subprocess
import sys

import pytest


def run_bayan(*args, **env):
    environment = dict(os.environ, **env)
    for inherited in ("DJANGO_SETTINGS_MODULE", "BAYAN_SECRET_KEY", "BAYAN_SECRET_KEY_FILE"):
        environment.pop(inherited, None)
    return subprocess.run(
        [sys.executable, "-m", "bayan.cli", *args], capture_output=True, text=True, env=environment, timeout=120
    )


@pytest.fixture
def data_dir(tmp_path):
    return {"BAYAN_DATA_DIR": str(tmp_path)}


def test_help_lists_bayans_own_jobs_first(data_dir):
    result = run_bayan("help", **data_dir)
    assert result.returncode == 0
    assert "demo " in result.stdout and "serve " in result.stdout
    assert "bayan <job> --help" in result.stdout


def test_the_first_run_creates_a_private_secret_key(data_dir, tmp_path):
    run_bayan("help", **data_dir)
    key = tmp_path / "secret_key"
    assert len(key.read_text().strip()) >= 50
    assert oct(key.stat().st_mode & 0o777) == "0o600"


def test_a_misspelt_setting_is_named_without_a_traceback(data_dir):
    result = run_bayan("help", BAYAN_DEBUG="yes", **data_dir)
    assert result.returncode != 0
    assert "BAYAN_DEBUG must be true or false, not 'yes'" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_job_is_named(data_dir):
    result = run_bayan("publish-everything", **data_dir)
    assert result.returncode == 1
    assert "Unknown command: 'publish_everything'" in result.stderr


def test_serve_refuses_an_impossible_port(data_dir):
    result = run_bayan("serve", "--port", "70000", **data_dir)
    assert result.returncode == 1
    assert "--port must be between 1 and 65535, not 70000" in result.stderr
    assert "Traceback" not in result.stderr
