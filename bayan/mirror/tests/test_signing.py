"""minisign's formats in bayan.mirror.signing: what we sign Debian's minisign verifies, and the other way round."""

import base64
import os
import shutil
import stat
import subprocess

import nacl.pwhash
import pytest

from bayan.mirror import signing

needs_minisign = pytest.mark.skipif(shutil.which("minisign") is None, reason="Debian's minisign is not installed")
# minisign's own scrypt limits cost 1 GiB and seconds per opening; most tests protect keys with the
# lightest limits libsodium suggests, which the key file records and minisign honours all the same.
LIGHT = {"opslimit": nacl.pwhash.scrypt.OPSLIMIT_INTERACTIVE, "memlimit": nacl.pwhash.scrypt.MEMLIMIT_INTERACTIVE}


def minisign(*args, cwd, stdin=None):
    return subprocess.run(["minisign", *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=120)


def key_file_bytes(path):
    return base64.b64decode(path.read_text().split("\n")[1])


@pytest.fixture(scope="module")
def secret():
    return signing.generate_keypair()


def test_a_signature_verifies_and_gives_back_its_trusted_comment(secret):
    text = signing.sign(b"manifest\n", secret, "site=example.org\tsequence=7")
    assert signing.verify(b"manifest\n", text, secret.public) == "site=example.org\tsequence=7"
    lines = text.split("\n")
    assert lines[0] == "untrusted comment: signature from bayan mirror"
    assert base64.b64decode(lines[1])[:10] == b"ED" + secret.key_id
    assert lines[2] == "trusted comment: site=example.org\tsequence=7"


def test_a_changed_byte_in_the_file_is_refused(secret):
    text = signing.sign(b"manifest\n", secret, "c")
    with pytest.raises(signing.SigningError, match="^the file does not match its signature"):
        signing.verify(b"manifesT\n", text, secret.public)


def test_a_changed_trusted_comment_is_refused(secret):
    text = signing.sign(b"manifest\n", secret, "sequence=1")
    with pytest.raises(signing.SigningError, match="^the trusted comment was altered"):
        signing.verify(b"manifest\n", text.replace("sequence=1", "sequence=9"), secret.public)


def test_a_signature_from_another_key_is_refused_naming_both_ids(secret):
    other = signing.generate_keypair()
    text = signing.sign(b"manifest\n", other, "c")
    expected = f"another key \\(id {other.public.key_id_hex}, expected {secret.public.key_id_hex}\\)"
    with pytest.raises(signing.SigningError, match=expected):
        signing.verify(b"manifest\n", text, secret.public)


@pytest.mark.parametrize("comment", ["two\nlines", "carriage\rreturn", "bell\x07"])
def test_a_trusted_comment_is_one_printable_line(secret, comment):
    with pytest.raises(signing.SigningError, match="one line"):
        signing.sign(b"data", secret, comment)


@pytest.mark.parametrize(("mangle", "message"), [
    (lambda lines: ["hello"] + lines[1:], "is not a minisign signature"),
    (lambda lines: lines[:2], "is not a minisign signature"),
    (lambda lines: [lines[0], "not base64!"] + lines[2:], "the signature line is not base64"),
    (lambda lines: [lines[0], base64.b64encode(b"XX" + base64.b64decode(lines[1])[2:]).decode()] + lines[2:],
     "algorithm minisign does not know"),
    (lambda lines: lines[:2] + ["comment: x"] + lines[3:], "third line"),
    (lambda lines: lines[:3] + ["AAAA"] + lines[4:], "holds 3 bytes, not 64"),
])
def test_a_broken_signature_file_is_refused_by_name(secret, mangle, message):
    text = "\n".join(mangle(signing.sign(b"data", secret, "c").split("\n")))
    with pytest.raises(signing.SigningError, match=message) as refused:
        signing.verify(b"data", text, secret.public, source="SHA256SUMS.minisig")
    assert "SHA256SUMS.minisig" in str(refused.value)


def test_a_public_key_shows_its_id_as_minisign_does_and_reads_back():
    public = signing.PublicKey(bytes(range(1, 9)), bytes(32))
    assert public.key_id_hex == "0807060504030201"  # the 8 bytes as a little-endian number
    text = public.text()
    assert text.startswith("untrusted comment: minisign public key 0807060504030201\n")
    assert signing.PublicKey.from_text(text) == public
    assert signing.PublicKey.from_text(public.text("mirror of example.org")) == public


def test_files_that_are_not_minisign_keys_are_refused_by_name(tmp_path):
    notes = tmp_path / "notes.pub"
    notes.write_text("hello\n")
    with pytest.raises(signing.SigningError, match="notes.pub is not a minisign public key"):
        signing.PublicKey.from_file(notes)
    with pytest.raises(signing.SigningError, match="missing.key cannot be read as a secret key"):
        signing.SecretKey.from_file(tmp_path / "missing.key")
    public_path, _secret_path = signing.write_keypair(tmp_path)
    with pytest.raises(signing.SigningError, match="bayan-mirror.pub is not a minisign secret key"):
        signing.SecretKey.from_file(public_path)


def test_write_keypair_writes_a_public_key_and_a_secret_key_only_its_owner_reads(tmp_path):
    public_path, secret_path = signing.write_keypair(tmp_path / "keys")
    assert (public_path.name, secret_path.name) == ("bayan-mirror.pub", "bayan-mirror.key")
    assert stat.S_IMODE(secret_path.stat().st_mode) == 0o600
    secret = signing.SecretKey.from_file(secret_path, None)
    assert signing.PublicKey.from_file(public_path) == secret.public
    assert key_file_bytes(secret_path)[:6] == b"Ed\x00\x00B2"  # unprotected, as `minisign -W` writes it


def test_write_keypair_refuses_to_overwrite_a_key_unless_asked(tmp_path):
    public_path, secret_path = signing.write_keypair(tmp_path, name="site")
    before = signing.PublicKey.from_file(public_path)
    with pytest.raises(signing.SigningError, match="site.key exists already|site.pub exists already"):
        signing.write_keypair(tmp_path, name="site")
    assert signing.PublicKey.from_file(public_path) == before
    os.chmod(secret_path, 0o644)
    signing.write_keypair(tmp_path, name="site", overwrite=True)
    assert signing.PublicKey.from_file(public_path) != before
    assert stat.S_IMODE(secret_path.stat().st_mode) == 0o600  # a new file, not the old one truncated


def test_a_protected_key_opens_with_its_passphrase_only(tmp_path):
    public_path, secret_path = signing.write_keypair(tmp_path, passphrase="correct horse", **LIGHT)
    assert key_file_bytes(secret_path)[:6] == b"EdScB2"
    with pytest.raises(signing.SigningError, match="is protected by a passphrase"):
        signing.SecretKey.from_file(secret_path, None)
    with pytest.raises(signing.SigningError, match=f"^the passphrase does not open {secret_path}"):
        signing.SecretKey.from_file(secret_path, "wrong horse")
    secret = signing.SecretKey.from_file(secret_path, "correct horse")
    assert secret.public == signing.PublicKey.from_file(public_path)


def test_an_empty_passphrase_is_refused_rather_than_leaving_the_key_unprotected(tmp_path):
    with pytest.raises(signing.SigningError, match="empty passphrase"):
        signing.write_keypair(tmp_path, passphrase="")
    assert not list(tmp_path.iterdir())


def test_the_secret_seed_never_shows_in_a_repr(secret):
    assert secret.seed.hex() not in repr(secret) and repr(secret.seed) not in repr(secret)


@needs_minisign
@pytest.mark.parametrize("passphrase", [None, "correct horse"])
def test_debians_minisign_verifies_our_signature(tmp_path, passphrase):
    public_path, secret_path = signing.write_keypair(tmp_path, passphrase=passphrase, **LIGHT)
    secret = signing.SecretKey.from_file(secret_path, passphrase)
    (tmp_path / "file").write_bytes(b"some bytes\n")
    (tmp_path / "file.minisig").write_text(signing.sign(b"some bytes\n", secret, "a trusted line"))
    checked = minisign("-Vm", "file", "-p", str(public_path), cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "Trusted comment: a trusted line" in checked.stdout
    (tmp_path / "file").write_bytes(b"some bytes!\n")
    assert minisign("-Vm", "file", "-p", str(public_path), cwd=tmp_path).returncode != 0


@needs_minisign
def test_we_verify_minisigns_signatures_and_sign_with_its_unprotected_key(tmp_path):
    assert minisign("-G", "-W", "-p", "k.pub", "-s", "k.key", cwd=tmp_path).returncode == 0
    public = signing.PublicKey.from_file(tmp_path / "k.pub")
    # minisign's comment names the id likewise, but without its leading zeros.
    assert f"public key {public.key_id_hex.lstrip('0')}\n" in (tmp_path / "k.pub").read_text()
    (tmp_path / "file").write_bytes(b"data\n")
    assert minisign("-S", "-s", "k.key", "-m", "file", "-t", "trusted text", cwd=tmp_path).returncode == 0
    assert signing.verify(b"data\n", (tmp_path / "file.minisig").read_text(), public) == "trusted text"
    # The legacy form ("Ed", the file itself signed) is still accepted.
    assert minisign("-S", "-l", "-s", "k.key", "-m", "file", "-t", "legacy", cwd=tmp_path).returncode == 0
    assert signing.verify(b"data\n", (tmp_path / "file.minisig").read_text(), public) == "legacy"

    secret = signing.SecretKey.from_file(tmp_path / "k.key", None)
    assert secret.public == public
    (tmp_path / "file.minisig").write_text(signing.sign(b"data\n", secret, "signed by bayan"))
    checked = minisign("-Vm", "file", "-p", "k.pub", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "Trusted comment: signed by bayan" in checked.stdout


@needs_minisign
def test_minisign_signs_with_our_protected_key_reading_the_passphrase_from_stdin(tmp_path):
    # minisign reads the password with fgets on stdin and only turns echo off when stdin is a tty.
    public_path, secret_path = signing.write_keypair(tmp_path, passphrase="correct horse", **LIGHT)
    (tmp_path / "file").write_bytes(b"data\n")
    signed = minisign("-S", "-s", str(secret_path), "-m", "file", "-t", "by minisign", cwd=tmp_path,
                      stdin="correct horse\n")
    assert signed.returncode == 0, signed.stderr
    public = signing.PublicKey.from_file(public_path)
    assert signing.verify(b"data\n", (tmp_path / "file.minisig").read_text(), public) == "by minisign"
    refused = minisign("-S", "-s", str(secret_path), "-m", "file", cwd=tmp_path, stdin="wrong horse\n")
    assert refused.returncode != 0 and "Wrong password" in refused.stderr + refused.stdout


@needs_minisign
@pytest.mark.slow
def test_a_key_protected_with_minisigns_own_limits_is_read_by_both(tmp_path):
    # Bayan's own keys use lighter limits (opened at every sync); minisign's: 1 GiB of scrypt memory.
    public_path, secret_path = signing.write_keypair(tmp_path, passphrase="correct horse", opslimit=33_554_432,
                                                     memlimit=1_073_741_824)
    head = key_file_bytes(secret_path)
    assert int.from_bytes(head[38:46], "little") == 33_554_432
    assert int.from_bytes(head[46:54], "little") == 1_073_741_824
    (tmp_path / "file").write_bytes(b"data\n")
    signed = minisign("-S", "-s", str(secret_path), "-m", "file", "-t", "t", cwd=tmp_path, stdin="correct horse\n")
    assert signed.returncode == 0, signed.stderr
    assert signing.verify(b"data\n", (tmp_path / "file.minisig").read_text(), signing.PublicKey.from_file(public_path))

    # And a key minisign protected itself (it asks twice, on stdin) opens here.
    made = minisign("-G", "-p", "m.pub", "-s", "m.key", cwd=tmp_path, stdin="battery staple\nbattery staple\n")
    assert made.returncode == 0, made.stderr
    secret = signing.SecretKey.from_file(tmp_path / "m.key", "battery staple")
    assert secret.public == signing.PublicKey.from_file(tmp_path / "m.pub")
    (tmp_path / "file.minisig").write_text(signing.sign(b"data\n", secret, "bayan, minisign's key"))
    assert minisign("-Vm", "file", "-p", "m.pub", cwd=tmp_path).returncode == 0
