"""Copies of the mirror: rsync to a folder and to an rsync daemon on loopback, and one zip archive; each checks out."""

import os
import shutil
import socket
import subprocess
import time
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bayan.mirror.export import Options, export
from bayan.mirror.folder import MirrorError
from bayan.mirror.publishing import pack, rsync_to
from bayan.mirror.verification import verify
from bayan.newsroom.tests.factories import make_post

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync is not installed")]


@pytest.fixture
def mirror(tmp_path, key_pair):
    make_post(slug="copied-post")
    folder = tmp_path / "mirror"
    export(folder, Options("https://copy.example.org", key_pair[1]))
    return folder


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def rsync_daemon(tmp_path):
    """An rsync daemon on loopback serving one writable module, ``copies``; its address and folder."""
    folder, port = tmp_path / "daemon-copies", free_port()
    folder.mkdir()
    config = tmp_path / "rsyncd.conf"
    config.write_text(f"use chroot = no\npid file = {tmp_path / 'rsyncd.pid'}\n[copies]\n  path = {folder}\n"
                      f"  read only = no\n  uid = {os.getuid()}\n  gid = {os.getgid()}\n")
    daemon = subprocess.Popen(["rsync", "--daemon", "--no-detach", f"--config={config}", f"--port={port}",
                               "--address=127.0.0.1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    yield f"rsync://127.0.0.1:{port}/copies/", folder
    daemon.terminate()
    daemon.wait(timeout=10)


def test_rsync_to_a_folder_copies_a_mirror_that_checks_out_and_removes_what_is_gone(mirror, tmp_path, key_pair,
                                                                                      seen_file):
    target = tmp_path / "elsewhere"
    rsync_to(mirror, str(target))
    assert verify(target, key_pair[0], seen_file=seen_file).passed
    (target / "en" / "stale-page.html").write_text("left over")
    rsync_to(mirror, str(target))
    assert not (target / "en" / "stale-page.html").exists()


def test_rsync_to_a_daemon_on_loopback(mirror, rsync_daemon, key_pair, seen_file):
    address, folder = rsync_daemon
    rsync_to(mirror, address)
    assert verify(folder, key_pair[0], seen_file=seen_file).passed


def test_an_unreachable_target_is_named(mirror):
    with pytest.raises(MirrorError, match="rsync to rsync://127.0.0.1:9/nowhere/ failed"):
        rsync_to(mirror, "rsync://127.0.0.1:9/nowhere/")


def test_a_packed_mirror_unpacks_into_a_copy_that_checks_out(mirror, tmp_path, key_pair, seen_file):
    archive, count = pack(mirror, tmp_path / "shared.zip")
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        opened.extractall(tmp_path / "unpacked")
    assert names[-2:] == ["SHA256SUMS", "SHA256SUMS.minisig"] and len(names) == count
    assert verify(tmp_path / "unpacked", key_pair[0], seen_file=seen_file).passed


def test_the_command_packs_and_refuses_a_folder_that_is_no_mirror(mirror, tmp_path):
    out = StringIO()
    call_command("mirror", "pack", str(mirror), "--output", str(tmp_path / "a.zip"), stdout=out)
    assert "Archive written" in out.getvalue() and (tmp_path / "a.zip").is_file()
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError, match="holds no mirror"):
        call_command("mirror", "pack", str(tmp_path / "empty"), stdout=out)
