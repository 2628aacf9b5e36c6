"""Keys and signatures in minisign's formats: Debian's minisign and Bayan read each other's, passphrase included."""

import shutil
import stat
import subprocess

import pytest

from bayan.mirror import signing

needs_minisign = pytest.mark.skipif(shutil.which("minisign") is None, reason="Debian's minisign is not installed")


def test_a_signature_holds_and_any_change_to_the_file_or_its_comment_is_refused(key_pair):
    public, secret, _folder = key_pair
    text = signing.sign(b"manifest", secret, "bayan-mirror site=x sequence=1")
    assert signing.verify(b"manifest", text, public) == "bayan-mirror site=x sequence=1"
    with pytest.raises(signing.SigningError, match="does not match its signature"):
        signing.verify(b"manifesT", text, public)
    with pytest.raises(signing.SigningError, match="trusted comment was altered"):
        signing.verify(b"manifest", text.replace("sequence=1", "sequence=9"), public)
    other = signing.generate_keypair()
    with pytest.raises(signing.SigningError, match="made with another key"):
        signing.verify(b"manifest", signing.sign(b"manifest", other, "c"), public)


def test_the_secret_key_is_private_from_its_creation_and_never_overwritten(tmp_path):
    public_path, secret_path = signing.write_keypair(tmp_path)
    assert stat.S_IMODE(secret_path.stat().st_mode) == 0o600
    assert public_path.read_text().startswith("untrusted comment: minisign public key ")
    with pytest.raises(signing.SigningError, match="exists already"):
        signing.write_keypair(tmp_path)


def test_a_protected_key_opens_with_its_passphrase_only(tmp_path):
    _public, secret_path = signing.write_keypair(tmp_path, passphrase="correct horse")
    with pytest.raises(signing.SigningError, match="protected by a passphrase"):
        signing.SecretKey.from_file(secret_path)
    with pytest.raises(signing.SigningError, match="passphrase does not open"):
        signing.SecretKey.from_file(secret_path, "wrong horse")
    assert signing.SecretKey.from_file(secret_path, "correct horse").public.key_id


def test_files_that_are_not_keys_are_named(tmp_path):
    path = tmp_path / "notes.pub"
    path.write_text("hello\n")
    with pytest.raises(signing.SigningError, match="notes.pub is not a minisign public key"):
        signing.PublicKey.from_file(path)


@needs_minisign
@pytest.mark.parametrize("passphrase", [None, "correct horse"])
def test_debians_minisign_verifies_what_bayan_signs(tmp_path, passphrase):
    public_path, secret_path = signing.write_keypair(tmp_path, passphrase=passphrase)
    secret = signing.SecretKey.from_file(secret_path, passphrase)
    (tmp_path / "file").write_bytes(b"some bytes\n")
    (tmp_path / "file.minisig").write_text(signing.sign(b"some bytes\n", secret, "a trusted line"))
    checked = subprocess.run(["minisign", "-Vm", "file", "-p", str(public_path)], cwd=tmp_path,
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    assert "Trusted comment: a trusted line" in checked.stdout


@needs_minisign
def test_bayan_reads_minisigns_keys_and_signatures(tmp_path):
    subprocess.run(["minisign", "-G", "-W", "-p", "k.pub", "-s", "k.key"], cwd=tmp_path, check=True,
                   capture_output=True)
    (tmp_path / "file").write_bytes(b"data\n")
    subprocess.run(["minisign", "-S", "-s", "k.key", "-m", "file", "-t", "signed by minisign"], cwd=tmp_path,
                   check=True, capture_output=True)
    public = signing.PublicKey.from_file(tmp_path / "k.pub")
    assert signing.verify(b"data\n", (tmp_path / "file.minisig").read_text(), public) == "signed by minisign"
    secret = signing.SecretKey.from_file(tmp_path / "k.key")
    (tmp_path / "file.minisig").write_text(signing.sign(b"data\n", secret, "signed by bayan"))
    assert subprocess.run(["minisign", "-Vm", "file", "-p", "k.pub"], cwd=tmp_path, capture_output=True).returncode == 0


@needs_minisign
def test_minisign_signs_with_a_key_bayan_protected(tmp_path):
    public_path, secret_path = signing.write_keypair(tmp_path, passphrase="correct horse")
    (tmp_path / "file").write_bytes(b"data\n")
    signed = subprocess.run(["minisign", "-S", "-s", str(secret_path), "-m", "file"], cwd=tmp_path,
                            input="correct horse\n", capture_output=True, text=True)
    assert signed.returncode == 0, signed.stderr
    public = signing.PublicKey.from_file(public_path)
    assert signing.verify(b"data\n", (tmp_path / "file.minisig").read_text(), public)
