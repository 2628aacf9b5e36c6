"""How static files are stored: hashed, compressed copies that never break a page."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ForgivingManifestStorage(CompressedManifestStaticFilesStorage):
    """Hashed and compressed static files; a file not collected yet is linked by its plain name.

    Without this, a missing manifest (collectstatic not run after an upgrade) would turn
    every reader page into a server error instead of a page with a stale stylesheet link.
    """

    manifest_strict = False

    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            return name
