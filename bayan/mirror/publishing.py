"""Copies of the mirror elsewhere: another folder or host with rsync, and one archive to hand around.

``rsync_to(folder, target)`` sends the files first and the manifest and its signature after, so
that a copy being updated never shows a new manifest over old files: a reader who checks it
mid-way sees the old signature fail on the new files (named), never a passing mixture. Files
removed from the mirror are removed there too. ``pack(folder, output)`` writes the mirror, its
manifest and signature into one zip archive (opened by every phone and computer), for
messaging apps and USB sticks; unpacked, the folder checks out as the mirror does.
"""

import shutil
import subprocess
import zipfile
from pathlib import Path

from .folder import MANIFEST, SIGNATURE, TEMPORARY_PREFIX, MirrorError, MirrorFolder


def rsync_to(folder, target):
    """The mirror in ``folder`` copied to ``target`` (a path, ``host:path`` or ``rsync://…``), manifest last."""
    if shutil.which("rsync") is None:
        raise MirrorError("rsync is not installed (apt install rsync).")
    source = f"{Path(folder)}/"
    common = ["rsync", "--recursive", "--links", "--times", "--checksum", "--delay-updates",
              f"--exclude={TEMPORARY_PREFIX}*"]
    steps = [
        [*common, "--delete", f"--exclude=/{MANIFEST}", f"--exclude=/{SIGNATURE}", source, target],
        [*common, f"--include=/{MANIFEST}", f"--include=/{SIGNATURE}", "--exclude=*", source, target],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            raise MirrorError(f"rsync to {target} failed (exit {done.returncode}): {done.stderr.strip()[:500]}")


def pack(folder, output=None):
    """One zip archive of the mirror in ``folder`` (files in name order, the manifest and signature last)."""
    mirror = MirrorFolder(folder)
    mirror.check_usable(creating=False)
    state = mirror.state()
    if output is None:
        host = state.get("site", "mirror").split("://")[-1].replace("/", "-")
        output = Path(folder).resolve().parent / f"{host}-{state.get('sequence', 0)}.zip"
    output = Path(output)
    if output.resolve().is_relative_to(Path(folder).resolve()):
        raise MirrorError(f"{output} is inside the mirror: write the archive elsewhere.")
    temporary = output.with_name(f"{TEMPORARY_PREFIX}{output.name}")
    names = [*mirror.files(), MANIFEST, SIGNATURE]
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            for name in names:
                archive.write(Path(folder) / name, name)
        temporary.replace(output)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise MirrorError(f"{output} could not be written: {error.strerror or error}.") from None
    return output, len(names)


