"""Checking a copy: `verify` and Debian's own minisign and sha256sum agree, and every problem names its file."""

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bayan.mirror import signing
from bayan.mirror.export import Options, export
from bayan.mirror.folder import MirrorError
from bayan.mirror.verification import verify
from bayan.newsroom.tests.factories import make_post

pytestmark = pytest.mark.django_db
needs_minisign = pytest.mark.skipif(shutil.which("minisign") is None, reason="Debian's minisign is not installed")


@pytest.fixture
def mirror(tmp_path, key_pair):
    make_post(slug="a-checked-post", tags=["detention"])
    folder = tmp_path / "mirror"
    export(folder, Options("https://copy.example.org", key_pair[1]))
    return folder


def check(folder, key_pair, seen_file, **options):
    return verify(folder, key_pair[0], seen_file=seen_file, **options)


def test_a_fresh_copy_passes(mirror, key_pair, seen_file):
    report = check(mirror, key_pair, seen_file)
    assert report.passed and report.site == "https://copy.example.org" and report.sequence == 1
    assert report.checked > 20


def test_altered_missing_and_added_files_are_each_named(mirror, key_pair, seen_file):
    (mirror / "en/a-checked-post/index.html").write_text("<p>Changed by someone else</p>")
    (mirror / "en/tag/detention/index.html").unlink()
    (mirror / "en/extra.html").write_text("<script>evil()</script>")
    problems = check(mirror, key_pair, seen_file).problems
    assert problems == ["missing: en/tag/detention/index.html", "added (not in the signed manifest): en/extra.html",
                        "altered: en/a-checked-post/index.html"]


def test_an_expired_signature_is_reported_stale(mirror, key_pair, seen_file):
    report = check(mirror, key_pair, seen_file, now=datetime.now(UTC) + timedelta(days=15))
    assert [problem.split(":")[0] for problem in report.problems] == ["stale"]


def test_a_copy_older_than_one_already_checked_is_reported_rolled_back(mirror, key_pair, seen_file, tmp_path):
    older = tmp_path / "older"
    shutil.copytree(mirror, older)
    export(mirror, Options("https://copy.example.org", key_pair[1]))
    assert check(mirror, key_pair, seen_file).sequence == 2
    report = check(older, key_pair, seen_file)
    assert report.problems and report.problems[0].startswith("rolled back: this copy is manifest 1")


def test_a_manifest_changed_or_signed_by_another_key_is_refused(mirror, key_pair, seen_file, tmp_path):
    other_public, _secret = signing.write_keypair(tmp_path / "other")
    with pytest.raises(MirrorError, match="is not as the site signed it"):
        verify(mirror, signing.PublicKey.from_file(other_public), seen_file=seen_file)
    manifest = mirror / "SHA256SUMS"
    manifest.write_text(manifest.read_text().replace("en/", "en/x", 1))
    with pytest.raises(MirrorError, match="is not as the site signed it"):
        check(mirror, key_pair, seen_file)


@needs_minisign
def test_debians_minisign_and_sha256sum_accept_the_copy_and_refuse_a_tampered_one(mirror, key_pair):
    public_file = key_pair[2] / "bayan-mirror.pub"
    checked = subprocess.run(["minisign", "-Vm", "SHA256SUMS", "-p", str(public_file)], cwd=mirror,
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "bayan-mirror site=https://copy.example.org sequence=1" in checked.stdout
    assert subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=mirror).returncode == 0
    (mirror / "en/a-checked-post/index.html").write_text("altered")
    summed = subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=mirror, capture_output=True, text=True)
    assert summed.returncode != 0 and "en/a-checked-post/index.html: FAILED" in summed.stdout


def test_the_command_names_the_problems_and_fails(mirror, key_pair, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    out = StringIO()
    call_command("mirror", "verify", str(mirror), "--key", str(key_pair[2] / "bayan-mirror.pub"), stdout=out)
    assert "Every file is as the site signed it." in out.getvalue()
    (mirror / "robots.txt").write_text("changed")
    with pytest.raises(CommandError, match="does not match what the site signed"):
        call_command("mirror", "verify", str(mirror), "--key", str(key_pair[2] / "bayan-mirror.pub"), stdout=out)
    assert "altered: robots.txt" in out.getvalue()
