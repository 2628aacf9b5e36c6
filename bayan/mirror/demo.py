"""The demo's mirror key: made with the demo, so its about page shows how to check copies, and a line to try it."""

from django.conf import settings

from . import signing


def add_demo_mirror_key(sender, homes, **kwargs):
    """The key pair at BAYAN_MIRROR_KEY (unprotected, as befits a demo) unless one is there; lines for `bayan demo`."""
    secret_path = settings.BAYAN_MIRROR_KEY
    if not secret_path.exists():
        try:
            signing.write_keypair(secret_path.parent, name=secret_path.stem)
        except signing.SigningError:
            # Another demo built at the same moment on this data directory (the suite's two workers) wrote it.
            if not secret_path.exists():
                raise
    return [
        f"Static mirror: its key is in {secret_path.parent}. Try: bayan mirror export /tmp/bayan-mirror "
        "--base-url http://127.0.0.1:8001 then open /tmp/bayan-mirror/en/index.html, "
        f"and check it: bayan mirror verify /tmp/bayan-mirror --key {secret_path.with_suffix('.pub')}",
    ]
