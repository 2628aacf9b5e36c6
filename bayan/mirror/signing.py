"""Ed25519 signatures in minisign's own file formats, so that Debian's ``minisign -V`` checks what Bayan signs.

The formats (minisign's documentation, "Signature format", and ``src/minisign.h``):

public key, ``*.pub``
    ``untrusted comment: …`` then base64 of ``"Ed"`` + key id (8 bytes) + public key (32).
secret key, ``*.key``
    ``untrusted comment: …`` then base64 of ``"Ed"`` + KDF (``"Sc"`` for scrypt, two zero bytes
    for a key stored without a passphrase, as ``minisign -W`` writes it) + ``"B2"`` + salt (32)
    + scrypt's opslimit and memlimit (8 bytes each, little-endian) + the 104 bytes of key id,
    secret key (64: seed and public key) and checksum (BLAKE2b-256 of ``"Ed"``, key id and
    secret key). With a passphrase those 104 bytes are XORed with as many bytes of
    scrypt(passphrase, salt, opslimit, memlimit).
signature, ``*.minisig``
    ``untrusted comment: …``; base64 of ``"ED"`` + key id + the Ed25519 signature of the file's
    BLAKE2b-512 (``"Ed"``, the legacy form, signs the file itself); ``trusted comment: …``;
    base64 of the Ed25519 signature of that first signature followed by the trusted comment.
    The trusted comment is thus signed; the untrusted one is not. Every line ends with a newline.

Key ids are shown as minisign shows them: the 8 bytes read as a little-endian number, in
upper-case hexadecimal (``%016" PRIX64`` of ``le64_load``).
"""

import base64
import binascii
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import nacl.exceptions
import nacl.pwhash
import nacl.signing

ED25519, PREHASHED = b"Ed", b"ED"
SCRYPT, NO_KDF, BLAKE2B = b"Sc", b"\x00\x00", b"B2"
# minisign protects its own keys with libsodium's "sensitive" scrypt limits (1 GiB of memory, about five
# seconds to open). Bayan opens its key at every sync, in the server's worker, so it writes the lighter
# "interactive" limits (16 MiB, a fraction of a second); the limits travel in the key file, and minisign
# opens such a key as well as its own. Keys made by minisign keep theirs.
OPSLIMIT = nacl.pwhash.scrypt.OPSLIMIT_INTERACTIVE  # 524_288
MEMLIMIT = nacl.pwhash.scrypt.MEMLIMIT_INTERACTIVE  # 16_777_216
KEY_ID_BYTES, SALT_BYTES, KEYNUM_SK_BYTES = 8, 32, 104
UNTRUSTED, TRUSTED = "untrusted comment: ", "trusted comment: "


class SigningError(Exception):
    """A key or a signature that cannot be used: the message names the file and what is wrong."""


def _key_id_hex(key_id):
    return f"{int.from_bytes(key_id, 'little'):016X}"


def _decode(line, source, what):
    try:
        return base64.b64decode(line.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise SigningError(f"{source}: {what} is not base64.") from None


def _lines(text, source, what, count):
    """The first ``count`` lines of a minisign file, the first an untrusted comment, as minisign reads them."""
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    if len(lines) <= count - 1 or not lines[0].startswith(UNTRUSTED):
        raise SigningError(f'{source} is not a minisign {what} (it must start with an "{UNTRUSTED.strip()}" line '
                           f"and hold {count} lines).")
    return lines[:count]


def _read(path, what):
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise SigningError(f"{path} cannot be read as a {what}: {reason}.") from None


def _one_line(comment, what):
    # minisign keeps each comment on its own line; 0.12 also refuses control characters but tabs.
    if any((ord(c) < 0x20 and c != "\t") or c == "\x7f" for c in comment):
        raise SigningError(f"the {what} must be one line of printable text: {comment!r}.")
    return comment


@dataclass(frozen=True)
class PublicKey:
    """A minisign public key: its 8-byte id and its 32 Ed25519 bytes."""

    key_id: bytes
    key: bytes

    @property
    def key_id_hex(self):
        """The id as minisign prints it, e.g. ``minisign public key 6F0A…``."""
        return _key_id_hex(self.key_id)

    def text(self, comment=None):
        """The ``.pub`` file's text (minisign's own comment when none is given)."""
        comment = _one_line(comment or f"minisign public key {self.key_id_hex}", "comment")
        return f"{UNTRUSTED}{comment}\n{base64.b64encode(ED25519 + self.key_id + self.key).decode()}\n"

    @classmethod
    def from_text(cls, text, source=""):
        """The public key in the text of a ``.pub`` file; ``source`` names it in errors."""
        source = source or "the public key"
        data = _decode(_lines(text, source, "public key", 2)[1], source, "the key line")
        if len(data) != 2 + KEY_ID_BYTES + 32:
            raise SigningError(f"{source} is not a minisign public key (it holds {len(data)} bytes, not 42).")
        if data[:2] != ED25519:
            raise SigningError(f"{source} uses an algorithm minisign does not know ({data[:2]!r}, not Ed25519).")
        return cls(data[2:10], data[10:])

    @classmethod
    def from_file(cls, path):
        """The public key in the ``.pub`` file at ``path``."""
        return cls.from_text(_read(path, "public key"), str(path))


@dataclass(frozen=True)
class SecretKey:
    """A minisign secret key: its id, the 32-byte Ed25519 seed (never shown by repr), and its public key."""

    key_id: bytes
    seed: bytes = field(repr=False)
    public: PublicKey

    def text(self, passphrase=None, comment="minisign secret key", opslimit=OPSLIMIT, memlimit=MEMLIMIT):
        """The ``.key`` file's text, its secret part encrypted with scrypt when a passphrase is given."""
        secret = self.seed + self.public.key
        checksum = hashlib.blake2b(ED25519 + self.key_id + secret, digest_size=32).digest()
        keynum_sk = self.key_id + secret + checksum
        if passphrase is not None:
            if not passphrase:
                raise SigningError("an empty passphrase protects nothing: give one, or none for an unprotected key.")
            salt = secrets.token_bytes(SALT_BYTES)
            keynum_sk = _xor(keynum_sk, _stream(passphrase, salt, opslimit, memlimit, "the new key"))
            head = ED25519 + SCRYPT + BLAKE2B + salt + opslimit.to_bytes(8, "little") + memlimit.to_bytes(8, "little")
        else:
            # As `minisign -W`: no KDF, salt and limits left zero.
            head = ED25519 + NO_KDF + BLAKE2B + bytes(SALT_BYTES) + bytes(16)
        return f"{UNTRUSTED}{_one_line(comment, 'comment')}\n{base64.b64encode(head + keynum_sk).decode()}\n"

    @classmethod
    def from_file(cls, path, passphrase=None):
        """The secret key in ``path`` (minisign's format), opened with ``passphrase`` when it is protected."""
        data = _decode(_lines(_read(path, "secret key"), path, "secret key", 2)[1], path, "the key line")
        if len(data) != 6 + SALT_BYTES + 16 + KEYNUM_SK_BYTES:
            raise SigningError(f"{path} is not a minisign secret key (it holds {len(data)} bytes, not 158).")
        if data[:2] != ED25519 or data[4:6] != BLAKE2B:
            raise SigningError(f"{path} uses an algorithm minisign does not know ({data[:2]!r}, {data[4:6]!r}).")
        kdf, salt = data[2:4], data[6:6 + SALT_BYTES]
        opslimit = int.from_bytes(data[38:46], "little")
        memlimit = int.from_bytes(data[46:54], "little")
        keynum_sk = data[54:]
        if kdf == SCRYPT:
            if passphrase is None:
                raise SigningError(f"{path} is protected by a passphrase: give it (BAYAN_MIRROR_KEY_PASSPHRASE).")
            keynum_sk = _xor(keynum_sk, _stream(passphrase, salt, opslimit, memlimit, path))
        elif kdf != NO_KDF:
            raise SigningError(f"{path} uses a key derivation minisign does not know ({kdf!r}).")
        key_id, secret, checksum = keynum_sk[:8], keynum_sk[8:72], keynum_sk[72:]
        expected = hashlib.blake2b(ED25519 + key_id + secret, digest_size=32).digest()
        # `minisign -G -W` never computes the checksum of an unprotected key: it stays zeros.
        unchecked = kdf == NO_KDF and checksum == bytes(len(checksum))
        if not unchecked and not hmac.compare_digest(checksum, expected):
            if kdf == SCRYPT:
                raise SigningError(f"the passphrase does not open {path}.")
            raise SigningError(f"{path} is damaged: its checksum does not match.")
        seed, public = secret[:32], secret[32:]
        if bytes(nacl.signing.SigningKey(seed).verify_key) != public:
            raise SigningError(f"{path} is damaged: its public half does not match its secret half.")
        return cls(key_id, seed, PublicKey(key_id, public))


def _stream(passphrase, salt, opslimit, memlimit, source):
    """scrypt's 104 bytes that the secret part of a key file is XORed with."""
    try:
        return nacl.pwhash.scrypt.kdf(KEYNUM_SK_BYTES, passphrase.encode("utf-8"), salt,
                                      opslimit=opslimit, memlimit=memlimit)
    except (nacl.exceptions.CryptoError, ValueError, TypeError, MemoryError) as error:
        raise SigningError(f"{source}: scrypt cannot run with opslimit {opslimit} and memlimit {memlimit} "
                           f"bytes here ({error}).") from None


def _xor(data, stream):
    return bytes(a ^ b for a, b in zip(data, stream, strict=True))


def generate_keypair():
    """A new secret key (and its public key) with a random key id."""
    signer = nacl.signing.SigningKey.generate()
    key_id = secrets.token_bytes(KEY_ID_BYTES)
    return SecretKey(key_id, bytes(signer), PublicKey(key_id, bytes(signer.verify_key)))


def _create(path, text, mode, overwrite):
    # A replaced file is removed first: O_TRUNC would keep an older file's (perhaps looser) mode.
    if overwrite:
        path.unlink(missing_ok=True)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), "w", encoding="utf-8") as file:
        file.write(text)


def write_keypair(directory, name="bayan-mirror", passphrase=None, overwrite=False, *,
                  opslimit=OPSLIMIT, memlimit=MEMLIMIT):
    """A new key pair written as ``<name>.pub`` and ``<name>.key``; returns their paths.

    The secret key is created with mode 0600 and protected with scrypt (minisign's own limits unless
    ``opslimit``/``memlimit`` say otherwise) when a passphrase is given; without one it is stored
    as ``minisign -W`` stores it. Existing files are refused unless ``overwrite``.
    """
    directory = Path(directory)
    public_path, secret_path = directory / f"{name}.pub", directory / f"{name}.key"
    if not overwrite:
        for path in (public_path, secret_path):
            if path.exists():
                raise SigningError(f"{path} exists already: a key is never overwritten (remove it first if you "
                                   "mean to replace it, and publish the new public key).")
    secret = generate_keypair()
    secret_text = secret.text(passphrase, "bayan mirror secret key", opslimit=opslimit, memlimit=memlimit)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        _create(secret_path, secret_text, 0o600, overwrite)
        _create(public_path, secret.public.text(), 0o644, overwrite)
    except FileExistsError as error:
        raise SigningError(f"{error.filename} appeared while the keys were written: nothing was overwritten.") \
            from None
    except OSError as error:
        raise SigningError(f"{directory} cannot hold the keys: {error.strerror or error}.") from None
    return public_path, secret_path


def sign(data, secret, trusted_comment, untrusted_comment="signature from bayan mirror"):
    """The ``.minisig`` text of ``data``: prehashed with BLAKE2b-512 (``"ED"``), the trusted comment signed too."""
    _one_line(trusted_comment, "trusted comment")
    _one_line(untrusted_comment, "untrusted comment")
    signer = nacl.signing.SigningKey(secret.seed)
    signature = signer.sign(hashlib.blake2b(data, digest_size=64).digest()).signature
    global_signature = signer.sign(signature + trusted_comment.encode("utf-8")).signature
    return (f"{UNTRUSTED}{untrusted_comment}\n"
            f"{base64.b64encode(PREHASHED + secret.key_id + signature).decode()}\n"
            f"{TRUSTED}{trusted_comment}\n"
            f"{base64.b64encode(global_signature).decode()}\n")


def verify(data, signature_text, public, source=""):
    """The trusted comment of ``signature_text`` once the key id and both signatures check against ``public``.

    Both minisign's forms are accepted: ``"ED"`` (the file's BLAKE2b-512 signed) and the legacy ``"Ed"``.
    """
    source = source or "the signature"
    lines = _lines(signature_text, source, "signature", 4)
    if not lines[2].startswith(TRUSTED):
        raise SigningError(f'{source} is not a minisign signature: its third line is no "{TRUSTED.strip()}".')
    payload = _decode(lines[1], source, "the signature line")
    if len(payload) != 2 + KEY_ID_BYTES + 64:
        raise SigningError(f"{source} is not a minisign signature (it holds {len(payload)} bytes, not 74).")
    algorithm, key_id, signature = payload[:2], payload[2:10], payload[10:]
    if algorithm not in (ED25519, PREHASHED):
        raise SigningError(f"{source} uses an algorithm minisign does not know ({algorithm!r}).")
    if key_id != public.key_id:
        raise SigningError(f"the signature was made with another key (id {_key_id_hex(key_id)}, "
                           f"expected {public.key_id_hex}).")
    comment = lines[2][len(TRUSTED):]
    global_signature = _decode(lines[3], source, "the trusted comment's signature")
    if len(global_signature) != 64:
        raise SigningError(f"{source}: the trusted comment's signature holds {len(global_signature)} bytes, not 64.")
    checker = nacl.signing.VerifyKey(public.key)
    signed = hashlib.blake2b(data, digest_size=64).digest() if algorithm == PREHASHED else data
    try:
        checker.verify(signed, signature)
    except nacl.exceptions.BadSignatureError:
        raise SigningError("the file does not match its signature.") from None
    try:
        checker.verify(signature + comment.encode("utf-8"), global_signature)
    except nacl.exceptions.BadSignatureError:
        raise SigningError("the trusted comment was altered.") from None
    return comment
