"""Checking a copy of the mirror: signed by the site's key, every file as signed, not stale, not rolled back.

``verify(root, public_key)`` does in one step what a volunteer can do with Debian's tools
(``minisign -Vm SHA256SUMS -p key.pub`` then ``sha256sum -c SHA256SUMS``) and more: it reads
the signed trusted comment (site, sequence number, expiry), names each file that is missing,
added or altered, reports a signature past its expiry, and one whose sequence number is lower
than the highest this user has seen for the key (a copy rolled back to an older state, which
its old signature would otherwise vouch for). The highest sequence seen per key is kept in the
verifying user's data directory (``$XDG_DATA_HOME/bayan``, else ``~/.local/share/bayan``).
"""

import json
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import signing
from .folder import MANIFEST, SIGNATURE, MirrorError, MirrorFolder, digest, read_manifest

COMMENT = re.compile(r"^bayan-mirror site=(?P<site>\S+) sequence=(?P<sequence>\d+) expires=(?P<expires>\S+)$")


@dataclass
class Report:
    """What ``verify`` found: the signed facts and every problem, each naming its file."""

    site: str = ""
    sequence: int = 0
    expires: datetime = None
    checked: int = 0
    problems: list = field(default_factory=list)

    @property
    def passed(self):
        return not self.problems


def seen_sequences_file():
    """Where this user's highest sequence number per key is kept."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "bayan" / "mirror-sequences.json"


def _read_seen(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _remember(path, key_id, sequence):
    seen = _read_seen(path)
    if sequence > int(seen.get(key_id, 0)):
        seen[key_id] = sequence
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(seen, indent=2, sort_keys=True), encoding="utf-8")
        os.replace(temporary, path)


def _signed_facts(report, comment, source):
    found = COMMENT.match(comment)
    if found is None:
        raise MirrorError(f"{source}: the signed comment is not a Bayan mirror's ({comment[:80]!r}).")
    report.site, report.sequence = found["site"], int(found["sequence"])
    try:
        report.expires = datetime.strptime(found["expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise MirrorError(f"{source}: the signed expiry {found['expires']!r} is not a date.") from None


def verify(root, public_key, now=None, seen_file=None):
    """A report on the copy in ``root`` against ``public_key`` (a ``signing.PublicKey``).

    Raises ``MirrorError`` when the copy cannot be checked at all (no manifest, no signature,
    a signature by another key or not matching the manifest); file problems are in the report.
    """
    root = Path(root)
    manifest_path, signature_path = root / MANIFEST, root / SIGNATURE
    for path in (manifest_path, signature_path):
        if not path.is_file():
            raise MirrorError(f"{path} is missing: this is not a signed mirror, or it was not copied whole.")
    manifest = manifest_path.read_bytes()
    try:
        comment = signing.verify(manifest, signature_path.read_text(encoding="utf-8"), public_key,
                                 source=str(signature_path))
    except signing.SigningError as error:
        raise MirrorError(f"{manifest_path} is not as the site signed it: {error}") from None
    report = Report()
    _signed_facts(report, comment, signature_path)
    listed = read_manifest(manifest.decode("utf-8", "replace"), str(manifest_path))
    present = set(MirrorFolder(root).files())
    for name in sorted(set(listed) - present):
        report.problems.append(f"missing: {name}")
    for name in sorted(present - set(listed)):
        report.problems.append(f"added (not in the signed manifest): {name}")
    for name in sorted(set(listed) & present):
        report.checked += 1
        if digest((root / name).read_bytes()) != listed[name]:
            report.problems.append(f"altered: {name}")
    now = now or datetime.now(UTC)
    if report.expires <= now:
        report.problems.append(f"stale: the signature expired on {report.expires:%Y-%m-%d %H:%M} UTC; the site "
                               "re-signs its mirror every day, so this copy has stopped following it")
    seen_file = seen_file or seen_sequences_file()
    highest = int(_read_seen(seen_file).get(public_key.key_id_hex, 0))
    if report.sequence < highest:
        report.problems.append(f"rolled back: this copy is manifest {report.sequence}, but manifest {highest} "
                               "of the same key was seen before; the copy is older than one already checked")
    elif report.passed:
        _remember(seen_file, public_key.key_id_hex, report.sequence)
    return report
