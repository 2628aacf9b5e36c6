"""Ed25519 signatures in minisign's own file formats, so that Debian's ``minisign -V`` checks what Bayan signs.

The formats (minisign's documentation, "Signature format" and its key files):

public key, ``*.pub``
    ``untrusted comment: …`` then base64 of ``"Ed"`` + key id (8 bytes) + public key (32).
secret key, ``*.key``
    ``untrusted comment: …`` then base64 of ``"Ed"`` + KDF (``"Sc"`` for scrypt, two zero bytes
    for a key stored without a passphrase, as ``minisign -W`` writes it) + ``"B2"`` + salt (32)
    + scrypt's opslimit and memlimit (8 bytes each, little-endian) + the 104 bytes of key id,
    secret key (64: seed and public key) and checksum (BLAKE2b-256 of ``"Ed"``, key id and
    secret key). With a passphrase those 104 bytes are XORed with as many bytes of
    scrypt(passphrase, salt).
signature, ``*.minisig``
    ``untrusted comment: …``; base64 of ``"ED"`` + key id + the Ed25519 signature of the file's
    BLAKE2b-512 (``"Ed"``, the legacy form, signs the file itself); ``trusted comment: …``;
    base64 of the Ed25519 signature of that first signature followed by the trusted comment.
    The trusted comment is thus signed; the untrusted one is not.

Key ids are shown as minisign shows them: the 8 bytes read as a little-endian number, in
upper-case hexadecimal.
"""

import base64
import binascii
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import nacl.exceptions
import nacl.pwhash
import nacl.signing

ED25519, PREHASHED = b"Ed", b"ED"
SCRYPT, NO_KDF, BLAKE2B = b"Sc", b"\x00\x00", b"B2"
# minisign's own scrypt limits for a protected key.
OPSLIMIT, MEMLIMIT = 1_048_576, 33_554_432
KEY_ID_BYTES, SALT_BYTES, KEYNUM_SK_BYTES = 8, 32, 104


class SigningError(Exception):
    """A key or a signature that cannot be used: the message names the file and what is wrong."""


def _key_id_hex(key_id):
    return f"{int.from_bytes(key_id, 'little'):016X}"


def _payload(text, source, line_index, what):
    """The base64 payload on line ``line_index`` of a minisign file, decoded."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) <= line_index or not lines[0].startswith("untrusted comment:"):
        raise SigningError(f"{source or 'the text'} is not a minisign {what} (no \"untrusted comment:\" line "
                           "followed by a key or signature).")
    try:
        return base64.b64decode(lines[line_index], validate=True)
    except (binascii.Error, ValueError):
        raise SigningError(f"{source or 'the text'} is not a minisign {what}: line {line_index + 1} is not base64.") \
            from None


@dataclass(frozen=True)
class PublicKey:
    """A minisign public key: its id and its 32 Ed25519 bytes."""

    key_id: bytes
    key: bytes

    @property
    def key_id_hex(self):
        return _key_id_hex(self.key_id)

    def text(self, comment=None):
        """The ``.pub`` file's text."""
        comment = comment or f"minisign public key {self.key_id_hex}"
        encoded = base64.b64encode(ED25519 + self.key_id + self.key).decode()
        return f"untrusted comment: {comment}\n{encoded}\n"

    @classmethod
    def from_text(cls, text, source=""):
        data = _payload(text, source, 1, "public key")
        if len(data) != 2 + KEY_ID_BYTES + 32 or data[:2] != ED25519:
            raise SigningError(f"{source or 'the text'} is not a minisign Ed25519 public key.")
        return cls(data[2:10], data[10:])

    @classmethod
    def from_file(cls, path):
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise SigningError(f"{path} cannot be read as a public key: {getattr(error, 'strerror', None) or error}.") \
                from None
        return cls.from_text(text, str(path))


@dataclass(frozen=True)
class SecretKey:
    """A minisign secret key: its id, the 32-byte Ed25519 seed, and its public key."""

    key_id: bytes
    seed: bytes
    public: PublicKey

    def _signer(self):
        return nacl.signing.SigningKey(self.seed)

    def text(self, passphrase=None, comment="minisign secret key"):
        """The ``.key`` file's text, its secret part encrypted with scrypt when a passphrase is given."""
        secret = self.seed + self.public.key
        checksum = hashlib.blake2b(ED25519 + self.key_id + secret, digest_size=32).digest()
        keynum_sk = self.key_id + secret + checksum
        if passphrase:
            salt = secrets.token_bytes(SALT_BYTES)
            keynum_sk = _xor(keynum_sk, _stream(passphrase, salt, OPSLIMIT, MEMLIMIT))
            head = ED25519 + SCRYPT + BLAKE2B + salt + OPSLIMIT.to_bytes(8, "little") + MEMLIMIT.to_bytes(8, "little")
        else:
            head = ED25519 + NO_KDF + BLAKE2B + bytes(SALT_BYTES) + bytes(16)
        encoded = base64.b64encode(head + keynum_sk).decode()
        return f"untrusted comment: {comment}\n{encoded}\n"

    @classmethod
    def from_file(cls, path, passphrase=None):
        """The secret key in ``path`` (minisign's format), opened with ``passphrase`` when it is protected."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise SigningError(f"{path} cannot be read as a secret key: {getattr(error, 'strerror', None) or error}.") \
                from None
        data = _payload(text, str(path), 1, "secret key")
        if len(data) != 6 + SALT_BYTES + 16 + KEYNUM_SK_BYTES or data[:2] != ED25519 or data[4:6] != BLAKE2B:
            raise SigningError(f"{path} is not a minisign Ed25519 secret key.")
        kdf, salt = data[2:4], data[6:6 + SALT_BYTES]
        opslimit = int.from_bytes(data[38:46], "little")
        memlimit = int.from_bytes(data[46:54], "little")
        keynum_sk = data[54:]
        if kdf == SCRYPT:
            if not passphrase:
                raise SigningError(f"{path} is protected by a passphrase: give it (BAYAN_MIRROR_KEY_PASSPHRASE).")
            keynum_sk = _xor(keynum_sk, _stream(passphrase, salt, opslimit, memlimit))
        elif kdf != NO_KDF:
            raise SigningError(f"{path} uses a key derivation minisign does not ({kdf!r}).")
        key_id, secret, checksum = keynum_sk[:8], keynum_sk[8:72], keynum_sk[72:]
        expected = hashlib.blake2b(ED25519 + key_id + secret, digest_size=32).digest()
        # minisign -W leaves the checksum of a key kept without a passphrase empty (zeros).
        unchecked = kdf == NO_KDF and checksum == bytes(len(checksum))
        if not unchecked and not hmac.compare_digest(checksum, expected):
            if kdf == SCRYPT:
                raise SigningError(f"the passphrase does not open {path}.")
            raise SigningError(f"{path} is damaged: its checksum does not match.")
        seed, public = secret[:32], secret[32:]
        if bytes(nacl.signing.SigningKey(seed).verify_key) != public:
            raise SigningError(f"{path} is damaged: its public half does not match its secret half.")
        return cls(key_id, seed, PublicKey(key_id, public))


def _stream(passphrase, salt, opslimit, memlimit):
    try:
        return nacl.pwhash.scrypt.kdf(KEYNUM_SK_BYTES, passphrase.encode("utf-8"), salt,
                                      opslimit=opslimit, memlimit=memlimit)
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as error:
        raise SigningError(f"the key's scrypt settings cannot be used here ({error}).") from None


def _xor(data, stream):
    return bytes(a ^ b for a, b in zip(data, stream, strict=True))


def generate_keypair():
    """A new secret key with a random key id."""
    signer = nacl.signing.SigningKey.generate()
    key_id = secrets.token_bytes(KEY_ID_BYTES)
    return SecretKey(key_id, bytes(signer), PublicKey(key_id, bytes(signer.verify_key)))


def write_keypair(directory, name="bayan-mirror", passphrase=None, overwrite=False):
    """A new key pair written as ``<name>.pub`` and ``<name>.key`` (mode 0600 from its creation)."""
    directory = Path(directory)
    public_path, secret_path = directory / f"{name}.pub", directory / f"{name}.key"
    if not overwrite:
        for path in (public_path, secret_path):
            if path.exists():
                raise SigningError(f"{path} exists already: a key is never overwritten (remove it first if you "
                                   "mean to replace it, and publish the new public key).")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        secret = generate_keypair()
        flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overwrite else os.O_EXCL)
        with os.fdopen(os.open(secret_path, flags, 0o600), "w", encoding="utf-8") as file:
            file.write(secret.text(passphrase, comment="bayan mirror secret key"))
        public_path.write_text(secret.public.text(), encoding="utf-8")
    except OSError as error:
        raise SigningError(f"{directory} cannot hold the keys: {error.strerror or error}.") from None
    return public_path, secret_path


def sign(data, secret, trusted_comment, untrusted_comment="signature from bayan mirror"):
    """The ``.minisig`` text of ``data``: prehashed with BLAKE2b-512, the trusted comment signed too."""
    if "\n" in trusted_comment or "\r" in trusted_comment:
        raise SigningError("a trusted comment is one line.")
    signer = secret._signer()
    signature = signer.sign(hashlib.blake2b(data, digest_size=64).digest()).signature
    global_signature = signer.sign(signature + trusted_comment.encode("utf-8")).signature
    return (f"untrusted comment: {untrusted_comment}\n"
            f"{base64.b64encode(PREHASHED + secret.key_id + signature).decode()}\n"
            f"trusted comment: {trusted_comment}\n"
            f"{base64.b64encode(global_signature).decode()}\n")


def verify(data, signature_text, public, source=""):
    """The trusted comment of ``signature_text`` once both signatures check against ``public``."""
    source = source or "the signature"
    lines = [line.rstrip("\r") for line in signature_text.split("\n")]
    if len(lines) < 4 or not lines[2].startswith("trusted comment: "):
        raise SigningError(f"{source} is not a minisign signature (four lines, the third a trusted comment).")
    payload = _payload(signature_text, source, 1, "signature")
    if len(payload) != 2 + KEY_ID_BYTES + 64 or payload[:2] not in (ED25519, PREHASHED):
        raise SigningError(f"{source} is not a minisign Ed25519 signature.")
    algorithm, key_id, signature = payload[:2], payload[2:10], payload[10:]
    if key_id != public.key_id:
        raise SigningError(f"the signature was made with another key (id {_key_id_hex(key_id)}, "
                           f"expected {public.key_id_hex}).")
    comment = lines[2][len("trusted comment: "):]
    try:
        global_signature = base64.b64decode(lines[3].strip(), validate=True)
    except (binascii.Error, ValueError):
        raise SigningError(f"{source}: the trusted comment's signature is not base64.") from None
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
