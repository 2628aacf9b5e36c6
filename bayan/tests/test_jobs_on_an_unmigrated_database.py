"""A job run on a database that `bayan migrate` has not set up says so, instead of a traceback."""

import subprocess
import sys

import pytest

from bayan.tests.data_dirs import job_environment


@pytest.mark.parametrize("job", ["search-postings", "changes-prune", "search-rebuild"])
def test_a_job_on_an_unmigrated_database_says_to_run_migrate(job, tmp_path):
    run = subprocess.run([sys.executable, "-m", "bayan.cli", job], env=job_environment(tmp_path),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert f"bayan {job}: the database is not set up for this version of Bayan" in run.stderr
    assert "run `bayan migrate`, then the job again" in run.stderr
