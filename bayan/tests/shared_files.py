"""The files beside the repository that some tests read (``../shared``): the seed page, the WXR corpus, the bench tools.

Run by hand without them, those tests are skipped with the reason. Under CI (``CI`` set)
a missing file fails the test instead: the acceptance tests must never vanish from a
green run.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

SHARED = Path(settings.BASE_DIR).parent / "shared"


def require(path, what):
    """Return ``path`` if it exists; else skip the calling test, or fail it under CI."""
    if Path(path).exists():
        return Path(path)
    message = f"{what} is not at {path}"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must have ../shared beside the repository")
    pytest.skip(message)
