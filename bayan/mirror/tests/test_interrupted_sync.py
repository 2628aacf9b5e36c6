"""A sync killed at any moment (SIGKILL) leaves a copy that checks out as the old or the new state, never a mixture.

Run against the demo site's own data directory (`bayan demo`, as a reader would get it), with
the real command in a process of its own: each run changes every file (the copy moves to
another address), and is killed at a random moment. The copy is then checked as `bayan mirror
verify` checks it, by the same function in this process (the command itself has its own tests).
"""

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bayan.mirror import signing
from bayan.mirror.folder import MirrorError
from bayan.mirror.verification import verify
from bayan.tests.browser import NOT_PASSED_TO_THE_DEMO

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo-site")]
ADDRESSES = ["https://copy-one.example.org", "https://copy-two.example.org"]


def bayan(demo_files, *arguments, timeout=300):
    environment = {key: value for key, value in os.environ.items() if key not in NOT_PASSED_TO_THE_DEMO}
    environment.update(BAYAN_DATA_DIR=str(demo_files))
    return subprocess.run([sys.executable, "-m", "bayan.cli", *arguments], env=environment, capture_output=True,
                          text=True, timeout=timeout)


def started(demo_files, *arguments):
    environment = {key: value for key, value in os.environ.items() if key not in NOT_PASSED_TO_THE_DEMO}
    environment.update(BAYAN_DATA_DIR=str(demo_files))
    return subprocess.Popen([sys.executable, "-m", "bayan.cli", *arguments], env=environment,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def checked_site(demo_files, mirror, key):
    """The address the copy's signed manifest names when it checks out (what `bayan mirror verify` runs), else None.

    The highest manifest seen is remembered between checks, so a copy rolled back does not check out.
    """
    try:
        report = verify(mirror, signing.PublicKey.from_file(key), seen_file=demo_files / "verifier" / "seen.json")
    except MirrorError:
        return None
    return report.site if report.passed else None


def no_process_left_for(mirror, seconds=10):
    """Whether, within ``seconds``, no process runs with the mirror's folder among its arguments."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        running = []
        for command_line in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                if str(mirror).encode() in command_line.read_bytes():
                    running.append(command_line.parent.name)
            except OSError:
                continue  # the process ended meanwhile
        if not running:
            return True
        time.sleep(0.5)
    return False


def test_a_killed_sync_never_checks_out_as_a_mixture_and_the_next_one_finishes(demo_site, demo_files):
    keys, mirror = demo_files / "mirror-keys", demo_files / "mirror-copy"
    key, _secret = signing.write_keypair(keys)
    made = bayan(demo_files, "mirror", "export", str(mirror), "--base-url", ADDRESSES[0],
                 "--key", str(keys / "bayan-mirror.key"))
    assert made.returncode == 0, made.stderr
    full_run = float(re.search(r"in ([\d.]+) s", made.stdout).group(1))
    chooser = random.Random(18)
    current = ADDRESSES[0]
    for attempt in range(3):
        target = ADDRESSES[(attempt + 1) % 2]
        running = started(demo_files, "mirror", "sync", str(mirror), "--base-url", target,
                          "--key", str(keys / "bayan-mirror.key"))
        time.sleep(chooser.uniform(1.5, max(2.0, full_run + 3)))
        running.send_signal(signal.SIGKILL)
        running.wait()
        # The processes a full render forks end with it, rather than wait for work for ever.
        assert no_process_left_for(mirror)
        site = checked_site(demo_files, mirror, key)
        assert site in (None, current, target)
        if site is not None:
            current = site
    finished = bayan(demo_files, "mirror", "sync", str(mirror), "--base-url", ADDRESSES[0],
                     "--key", str(keys / "bayan-mirror.key"))
    assert finished.returncode == 0, finished.stderr
    assert checked_site(demo_files, mirror, key) == ADDRESSES[0]
    assert not list(mirror.rglob(".bayan-writing-*"))


def test_a_killed_first_export_checks_out_as_nothing_and_the_next_export_finishes_it(demo_site, demo_files):
    keys, mirror = demo_files / "first-keys", demo_files / "first-copy"
    key, secret = signing.write_keypair(keys)
    running = started(demo_files, "mirror", "export", str(mirror), "--base-url", ADDRESSES[0], "--key", str(secret))
    # Killed once it has written pages (files are written at their names in a folder with no mirror yet).
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(mirror.rglob("index.html"))) < 20:
        time.sleep(0.05)
    running.send_signal(signal.SIGKILL)
    running.wait()
    assert no_process_left_for(mirror)
    assert checked_site(demo_files, mirror, key) is None
    finished = bayan(demo_files, "mirror", "export", str(mirror), "--base-url", ADDRESSES[0], "--key", str(secret))
    assert finished.returncode == 0, finished.stderr
    assert checked_site(demo_files, mirror, key) == ADDRESSES[0]
    assert not list(mirror.rglob(".bayan-writing-*"))
