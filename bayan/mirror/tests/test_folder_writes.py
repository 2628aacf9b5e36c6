"""A mirror folder's files: readable by any web server, written only when their bytes change, never half-written."""

import os
import stat

import pytest

from bayan.mirror.folder import MOST_REMEMBERED_ENTRIES, TEMPORARY_PREFIX, MirrorFolder, recalled, remember


@pytest.fixture
def strict_umask():
    previous = os.umask(0o077)
    yield
    os.umask(previous)


@pytest.mark.parametrize("in_place", [False, True], ids=["replaced", "in place"])
def test_a_file_is_readable_by_all_whatever_the_umask_and_kept_when_its_bytes_are_the_same(tmp_path, strict_umask,
                                                                                         in_place):
    folder = MirrorFolder(tmp_path, in_place=in_place)
    assert folder.write("en/tag/a/index.html", b"<p>one</p>") is True
    path = tmp_path / "en/tag/a/index.html"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    os.utime(path, (1_000_000, 1_000_000))
    assert folder.write("en/tag/a/index.html", b"<p>one</p>") is False
    assert path.stat().st_mtime == 1_000_000
    assert folder.write("en/tag/a/index.html", b"<p>two</p>") is True
    assert path.read_bytes() == b"<p>two</p>"
    assert not list(tmp_path.rglob(f"{TEMPORARY_PREFIX}*"))


def test_what_a_run_wrote_is_recalled_until_the_file_is_written_again_unless_too_large_to_keep(tmp_path):
    folder = MirrorFolder(tmp_path)
    folder.write("SHA256SUMS", b"first\n")
    remember(tmp_path / "SHA256SUMS", {"as": "written"}, 1)
    parsed = []

    def parse():
        parsed.append(True)
        return {"as": "read"}

    assert recalled(tmp_path / "SHA256SUMS", parse, len) == {"as": "written"} and not parsed
    folder.write("SHA256SUMS", b"other\n")  # renamed over: another file
    assert recalled(tmp_path / "SHA256SUMS", parse, len) == {"as": "read"} and len(parsed) == 1
    assert recalled(tmp_path / "SHA256SUMS", parse, len) == {"as": "read"} and len(parsed) == 1
    # A site too large to hold between syncs is parsed each time, and nothing older is held in its place.
    remember(tmp_path / "SHA256SUMS", {"as": "written"}, MOST_REMEMBERED_ENTRIES + 1)
    assert recalled(tmp_path / "SHA256SUMS", parse, lambda value: MOST_REMEMBERED_ENTRIES + 1) == {"as": "read"}
    assert recalled(tmp_path / "SHA256SUMS", parse, lambda value: MOST_REMEMBERED_ENTRIES + 1) == {"as": "read"}
    assert len(parsed) == 3
