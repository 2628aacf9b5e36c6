"""A signing key for the mirror's tests, made once per session (scrypt makes a protected key slow)."""

import pytest

from bayan.mirror import signing


@pytest.fixture(scope="session")
def key_pair(tmp_path_factory):
    """``(public key, secret key, folder holding bayan-mirror.pub and .key)``, unprotected."""
    folder = tmp_path_factory.mktemp("mirror-key")
    public_path, secret_path = signing.write_keypair(folder)
    return signing.PublicKey.from_file(public_path), signing.SecretKey.from_file(secret_path, None), folder


@pytest.fixture
def seen_file(tmp_path):
    """Where verify keeps the highest sequence seen, per test."""
    return tmp_path / "seen" / "mirror-sequences.json"
