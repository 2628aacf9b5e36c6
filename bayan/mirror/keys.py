"""The mirror's signing key as the site uses it: read from BAYAN_MIRROR_KEY, opened with its passphrase."""

import getpass
import sys
from pathlib import Path

from django.conf import settings

from . import signing
from .folder import MirrorError


def load_secret_key(path, ask=False):
    """The secret key at ``path``, opened with BAYAN_MIRROR_KEY_PASSPHRASE (or asked, when ``ask`` at a terminal)."""
    path = Path(path)
    if not path.is_file():
        raise MirrorError(f"There is no signing key at {path}: make one with `bayan mirror keygen` "
                          "(or point BAYAN_MIRROR_KEY at yours).")
    passphrase = settings.BAYAN_MIRROR_KEY_PASSPHRASE or None
    try:
        return signing.SecretKey.from_file(path, passphrase)
    except signing.SigningError as error:
        if passphrase is None and ask and sys.stdin.isatty():
            try:
                return signing.SecretKey.from_file(path, getpass.getpass(f"Passphrase for {path}: "))
            except signing.SigningError as second:
                raise MirrorError(str(second)) from None
        raise MirrorError(str(error)) from None


def public_key_for_readers():
    """What the about page shows of the mirror's key: the ``.pub`` file's text, its id, the copy's address.

    None when the site has no key yet. Read from the disk beside ``BAYAN_MIRROR_KEY``; ``bayan mirror
    keygen`` starts a new content generation, so no page keeps showing an older key.
    """
    path = Path(settings.BAYAN_MIRROR_KEY).with_suffix(".pub")
    try:
        public = signing.PublicKey.from_file(path)
    except signing.SigningError:
        return None
    return {"text": public.text().strip(), "key_id": public.key_id_hex, "copy_url": settings.BAYAN_MIRROR_BASE_URL}
