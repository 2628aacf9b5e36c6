"""A mirror on the disk: files written whole or not at all, the manifest and its signature last.

A file is written to a temporary name beside its place and renamed over it, so a reader (or
rsync) never sees half a file. In a folder that holds no mirror yet, which nobody reads and no
manifest describes, files are written at their own names (half the file system's work); a first
export that is interrupted is rendered and compared again, whole, on the next run. A file whose
bytes did not change is not touched, so its modification time stays and copies move only what
changed. ``SHA256SUMS`` lists every file's SHA-256 as ``sha256sum -c`` reads it; it is written
after every file it names, and ``SHA256SUMS.minisig`` after it, so an interrupted run leaves
files that no longer match the old manifest and the next run writes the new one: a copy checks
out against one state or fails, never against a mixture. ``bayan-mirror.json`` records what
the mirror holds (its state: sequence number, when, which addresses) for the next sync; it is
listed in the manifest too.
"""

import hashlib
import itertools
import json
import os
import re
import tempfile
from pathlib import Path

MANIFEST = "SHA256SUMS"
SIGNATURE = "SHA256SUMS.minisig"
STATE = "bayan-mirror.json"
NOT_IN_MANIFEST = {MANIFEST, SIGNATURE}
MANIFEST_LINE = re.compile(r"([0-9a-f]{64})  (.+)", re.DOTALL)
TEMPORARY_PREFIX = ".bayan-writing-"
# Present while a run writes: a run that finds it knows the last one was interrupted. Not in the
# manifest (its name starts like a temporary file's), so it never makes a copy fail its check.
RUNNING = f"{TEMPORARY_PREFIX}run"


class MirrorError(Exception):
    """A mirror folder that cannot be used: the message names the path and what is wrong."""


_written = itertools.count()
READABLE = 0o644
# {path: (the file's identity when it was read or written, what it holds, parsed)}: a site's worker syncs the same
# mirror again and again, and parsing the manifest and the state it wrote itself last time was a tenth of a second.
_remembered = {}
# A value of more entries than this is not kept: the state and manifest take about 11 MB at 10,000 posts, which
# the worker would hold between syncs, a gigabyte at a million, for a parse that is a tenth of a sync at any size.
MOST_REMEMBERED_ENTRIES = 100_000


def _identity(path):
    found = os.stat(path)
    return found.st_ino, found.st_size, found.st_mtime_ns


def remember(path, value, entries):
    """Keep ``value`` (of ``entries`` entries) as what the file at ``path`` holds now, for ``recalled``; its readers
    never change it. A value too large to keep (``MOST_REMEMBERED_ENTRIES``) is not kept, nor any earlier one."""
    if entries > MOST_REMEMBERED_ENTRIES:
        _remembered.pop(str(path), None)
    else:
        _remembered[str(path)] = (_identity(path), value)


def recalled(path, parse, entries):
    """What the file at ``path`` holds: ``parse()``, or the value kept for it when the file is the one it was kept for.

    A file rewritten since (renamed over, or written in place) has another inode, size or modification time.
    ``entries(value)`` is how many entries a parsed value holds (see ``remember``).
    """
    identity = _identity(path)
    kept = _remembered.get(str(path))
    if kept is not None and kept[0] == identity:
        return kept[1]
    value = parse()
    remember(path, value, entries(value))
    return value


def _opened(path, flags):
    """A descriptor of ``path`` opened with ``flags``, its folders made first when missing, readable by all."""
    try:
        handle = os.open(path, flags, READABLE)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        handle = os.open(path, flags, READABLE)
    os.fchmod(handle, READABLE)  # whatever the umask: a web server reads the copy
    return handle


def state_entries(state):
    """How many entries a recorded state holds (for ``remember``): its posts, archive pages and old addresses."""
    return len(state.get("posts") or ()) + len(state.get("archives") or ()) + len(state.get("moved") or ())


def _read(path):
    with open(path, "rb") as file:
        return file.read()


def digest(data):
    return hashlib.sha256(data).hexdigest()


class MirrorFolder:
    """One mirror's folder: its files, its manifest and its recorded state.

    ``in_place``: the folder holds no mirror yet (no state recorded), so files are written at their
    own names rather than renamed over them (see the module's docstring).
    """

    def __init__(self, root, in_place=False):
        self.root = Path(root)
        self.in_place = in_place

    def check_usable(self, creating):
        """Refuse a folder that is not a mirror and not empty, or that cannot be written."""
        if self.root.exists() and not self.root.is_dir():
            raise MirrorError(f"{self.root} is a file, not a folder.")
        if (creating and self.root.exists() and any(self.root.iterdir()) and not (self.root / STATE).exists()
                and not self.was_interrupted()):
            raise MirrorError(f"{self.root} is not empty and holds no mirror ({STATE} is missing): "
                              "choose an empty or new folder, so nothing of yours is overwritten.")
        if not creating and not (self.root / STATE).exists():
            raise MirrorError(f"{self.root} holds no mirror ({STATE} is missing): make one with "
                              "`bayan mirror export`.")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            probe = tempfile.NamedTemporaryFile(dir=self.root, prefix=TEMPORARY_PREFIX, delete=True)
            probe.close()
        except OSError as error:
            raise MirrorError(f"{self.root} cannot be written: {error.strerror or error}.") from None

    def state(self):
        """The recorded state (an empty one for a new mirror); a damaged record is named, not guessed at."""
        path = self.root / STATE
        if not path.exists():
            return {}
        try:
            return recalled(path, lambda: json.loads(path.read_text(encoding="utf-8")), state_entries)
        except (OSError, ValueError) as error:
            raise MirrorError(f"{path} cannot be read ({error}); export the mirror again into a new folder.") \
                from None

    def write(self, name, data):
        """``data`` at ``name`` (relative, with slashes), written only when its bytes changed; whether it was."""
        path = os.path.join(self.root, name)
        try:
            try:
                if os.stat(path).st_size == len(data) and _read(path) == data:
                    return False
            except FileNotFoundError:
                pass
            if self.in_place:
                with os.fdopen(_opened(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), "wb") as file:
                    file.write(data)
                return True
            # A name of this process's own (its id and a count): no other writer picks it, so no retries.
            temporary = os.path.join(os.path.dirname(path), f"{TEMPORARY_PREFIX}{os.getpid()}-{next(_written)}")
            handle = _opened(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
            try:
                with os.fdopen(handle, "wb") as file:
                    file.write(data)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            raise MirrorError(f"{path} could not be written: {error.strerror or error}. "
                              "The mirror's previous manifest still describes the files it had.") from None
        return True

    def remove(self, name):
        """The file at ``name`` removed, and the folders it leaves empty."""
        path = self.root / name
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != self.root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent

    def files(self):
        """Every file of the folder but the manifest, its signature and unfinished writes, as relative names."""
        found = []
        root = str(self.root)
        # os.walk reads each folder's entries with their types: no stat per file, as pathlib's rglob makes.
        for folder, _folders, names in os.walk(root):
            prefix = os.path.relpath(folder, root).replace(os.sep, "/") + "/" if folder != root else ""
            found.extend(prefix + name for name in names if not name.startswith(TEMPORARY_PREFIX))
        return sorted(set(found) - NOT_IN_MANIFEST)

    def leftovers(self):
        """Temporary files an interrupted run left behind (its marker aside)."""
        return [path for path in self.root.rglob(f"{TEMPORARY_PREFIX}*") if path.is_file() and path.name != RUNNING]

    def was_interrupted(self):
        """Whether the last run stopped before it signed its manifest."""
        return (self.root / RUNNING).exists()

    def mark_running(self, running):
        """Set (before the first write) or clear (after the signature) the marker of a run in progress."""
        marker = self.root / RUNNING
        if running:
            marker.write_text("a run of bayan mirror is writing, or was interrupted\n")
        else:
            marker.unlink(missing_ok=True)


def manifest_text(digests):
    """``SHA256SUMS``: one "<sha256>  <name>" line per file, sorted by name, as ``sha256sum`` writes them."""
    return "".join(f"{digests[name]}  {name}\n" for name in sorted(digests))


def read_manifest(text, source):
    """``{name: sha256}`` from a manifest's text; a line that is not "<64 hex>  <name>" is named."""
    found = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = MANIFEST_LINE.fullmatch(line)
        if match is None:
            raise MirrorError(f"{source}, line {number}, is not a \"<sha256>  <file>\" line: {line[:80]!r}")
        value, name = match.groups()
        if name.startswith("/") or ".." in name.split("/"):
            raise MirrorError(f"{source}, line {number}, names a file outside the mirror: {name!r}")
        found[name] = value
    return found
