"""Sealing user data for the disk: each value bound to where it belongs, padded, kept files in chunks.

A ``Codec`` turns what the user saved into what reaches the disk. Without a
passphrase that is the plaintext (``PlainCodec``); with one, ``SealedCodec``
seals it with AES-256-GCM under the data key and binds it, through the
associated data, to its place: the case's random id, the table, the column
and the row. A value moved to another row, swapped with another answer,
put back from ``history`` or copied from another case no longer opens.

Sealed plaintext is padded to a size bucket (at least 64 bytes, powers of
two up to 1 KiB, then Padmé, at most ~12% more), so no answer can be told
from its length: ``true`` and ``false`` seal to the same size. Rows that
are looked up by a name (an answer id, a step id) are keyed by a *slot*, an
HMAC of that name, so the ids do not show either.

Kept files are sealed as a stream of 64 KiB chunks under a key of their own
(HKDF from the data key, a random salt and the file's binding), so a file of
any size is sealed and opened in flat memory.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from typing import IO, Protocol

NONCE_BYTES = 12
TAG_BYTES = 16
VALUE_VERSION = b"\x02"
LEGACY_VALUE_VERSION = b"\x01"
FILE_MAGIC = b"LMF\x02"
FILE_SALT_BYTES = 16
CHUNK = 64 * 1024
MIN_BUCKET = 64
PLAIN = "plain"
_SLOT_HEX = 32


class Codec(Protocol):
    """Seals user data on its way to disk and opens it on the way back, bound to its place."""

    @property
    def state(self) -> str:
        """What a case sealed by this codec records in its ``meta``: ``plain`` or the key id."""

    def seal(self, plain: bytes, binding: bytes) -> bytes:
        """What may be written to disk for ``plain`` at the place ``binding`` names."""

    def open(self, sealed: bytes, binding: bytes) -> bytes | None:
        """The plaintext, or None when ``sealed`` does not belong at ``binding`` (or was changed)."""

    def open_legacy(self, sealed: bytes) -> bytes | None:
        """A value written before values were bound and padded (only migrations read these)."""

    def slot(self, name: str, binding: bytes) -> str:
        """The key a row named ``name`` is stored under (plain: the name itself)."""

    def tag(self, message: bytes) -> str | None:
        """An authentication tag over ``message`` (plain: None, nothing can be authenticated)."""

    def seal_file(self, source: IO[bytes], size: int, target: IO[bytes], binding: bytes) -> str:
        """Copy exactly ``size`` bytes from ``source`` to ``target``, sealed; return their SHA-256."""

    def open_file(self, source: IO[bytes], binding: bytes) -> Iterator[bytes]:
        """The plaintext of a kept file in chunks; raises ``Unsealable`` if it does not open."""


class Unsealable(Exception):
    """Sealed bytes that do not open at the place they were read from; the caller names the place."""


def binding_for(case_id: str, table: str, column: str, key: object) -> bytes:
    """The associated data of one stored value: the case, the table, the column and the row."""
    return f"leavemealone\x00{case_id}\x00{table}\x00{column}\x00{key}".encode()


def padded_size(length: int) -> int:
    """The bucket ``length`` bytes are padded to: >= 64, powers of two to 1 KiB, then Padmé."""
    if length <= MIN_BUCKET:
        return MIN_BUCKET
    if length <= 1024:
        return 1 << (length - 1).bit_length()
    exponent = length.bit_length() - 1
    low_bits = exponent - exponent.bit_length()
    mask = (1 << low_bits) - 1
    return (length + mask) & ~mask


def pad(plain: bytes) -> bytes:
    """``plain``, a 0x80 byte, then zeros up to its bucket."""
    size = padded_size(len(plain) + 1)
    return plain + b"\x80" + bytes(size - len(plain) - 1)


def unpad(padded: bytes) -> bytes | None:
    """The bytes ``pad`` was given, or None if the padding is not exactly what ``pad`` writes."""
    body = padded.rstrip(b"\x00")
    if not body.endswith(b"\x80") or padded_size(len(body)) != len(padded):
        return None
    return body[:-1]


class PlainCodec:
    """No passphrase set: data is stored as it is (the folder is still private)."""

    state = PLAIN

    def seal(self, plain: bytes, binding: bytes) -> bytes:
        return plain

    def open(self, sealed: bytes, binding: bytes) -> bytes | None:
        return bytes(sealed)

    def open_legacy(self, sealed: bytes) -> bytes | None:
        return bytes(sealed)

    def slot(self, name: str, binding: bytes) -> str:
        return name

    def tag(self, message: bytes) -> str | None:
        return None

    def seal_file(self, source: IO[bytes], size: int, target: IO[bytes], binding: bytes) -> str:
        digest = hashlib.sha256()
        for chunk in read_exactly(source, size):
            digest.update(chunk)
            target.write(chunk)
        return digest.hexdigest()

    def open_file(self, source: IO[bytes], binding: bytes) -> Iterator[bytes]:
        while chunk := source.read(CHUNK):
            yield chunk


def read_exactly(source: IO[bytes], size: int) -> Iterator[bytes]:
    """``size`` bytes of ``source`` in chunks; a file that shrank or grew meanwhile is an OSError."""
    left = size
    while left > 0:
        chunk = source.read(min(CHUNK, left))
        if not chunk:
            raise OSError("the file changed while it was being copied")
        left -= len(chunk)
        yield chunk
    if source.read(1):
        raise OSError("the file changed while it was being copied")


class SealedCodec:
    """AES-256-GCM under the data key, every value bound to its place and padded.

    A value is ``0x02 | 12-byte random nonce | ciphertext | 16-byte tag``. Slots
    and the log head's tag are HMAC-SHA256 under keys derived (HKDF) from
    the data key, one for each purpose.
    """

    def __init__(self, key: bytes, key_id: str) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._key = key
        self._aead = AESGCM(key)
        self.state = key_id
        self._slot_key = derive(key, b"leavemealone slot")
        self._tag_key = derive(key, b"leavemealone tag")

    def seal(self, plain: bytes, binding: bytes) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return VALUE_VERSION + nonce + self._aead.encrypt(nonce, pad(bytes(plain)), binding)

    def open(self, sealed: bytes, binding: bytes) -> bytes | None:
        padded = self._decrypt(bytes(sealed), VALUE_VERSION, binding)
        return None if padded is None else unpad(padded)

    def open_legacy(self, sealed: bytes) -> bytes | None:
        return self._decrypt(bytes(sealed), LEGACY_VALUE_VERSION, None)

    def _decrypt(self, sealed: bytes, version: bytes, binding: bytes | None) -> bytes | None:
        from cryptography.exceptions import InvalidTag

        if len(sealed) < 1 + NONCE_BYTES + TAG_BYTES or sealed[:1] != version:
            return None
        try:
            return self._aead.decrypt(sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :], binding)
        except InvalidTag:
            return None

    def slot(self, name: str, binding: bytes) -> str:
        return hmac.new(self._slot_key, binding, hashlib.sha256).hexdigest()[:_SLOT_HEX]

    def tag(self, message: bytes) -> str | None:
        return hmac.new(self._tag_key, message, hashlib.sha256).hexdigest()

    def seal_file(self, source: IO[bytes], size: int, target: IO[bytes], binding: bytes) -> str:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        salt = secrets.token_bytes(FILE_SALT_BYTES)
        header = FILE_MAGIC + salt
        aead = AESGCM(derive(self._key, b"leavemealone file " + binding, salt=salt))
        target.write(header)
        digest = hashlib.sha256()
        total = padded_size(8 + size)
        buffer = bytearray(size.to_bytes(8, "big"))
        counter = 0
        for chunk in read_exactly(source, size):
            digest.update(chunk)
            buffer += chunk
            while len(buffer) > CHUNK:
                target.write(aead.encrypt(_chunk_nonce(counter, last=False), bytes(buffer[:CHUNK]), header))
                del buffer[:CHUNK]
                counter += 1
        padding = total - 8 - size
        while padding > 0:
            step = min(padding, CHUNK)
            buffer += bytes(step)
            padding -= step
            while len(buffer) > CHUNK:
                target.write(aead.encrypt(_chunk_nonce(counter, last=False), bytes(buffer[:CHUNK]), header))
                del buffer[:CHUNK]
                counter += 1
        target.write(aead.encrypt(_chunk_nonce(counter, last=True), bytes(buffer), header))
        return digest.hexdigest()

    def open_file(self, source: IO[bytes], binding: bytes) -> Iterator[bytes]:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        header = source.read(len(FILE_MAGIC) + FILE_SALT_BYTES)
        if len(header) != len(FILE_MAGIC) + FILE_SALT_BYTES or not header.startswith(FILE_MAGIC):
            raise Unsealable
        aead = AESGCM(derive(self._key, b"leavemealone file " + binding, salt=header[len(FILE_MAGIC) :]))
        pending = source.read(CHUNK + TAG_BYTES)
        counter = seen = 0
        length = left = -1
        while True:
            following = source.read(CHUNK + TAG_BYTES)
            last = not following
            try:
                plain = aead.decrypt(_chunk_nonce(counter, last=last), pending, header)
            except InvalidTag:
                raise Unsealable from None
            seen += len(plain)
            if length < 0:
                if len(plain) < 8:
                    raise Unsealable
                length = left = int.from_bytes(plain[:8], "big")
                plain = plain[8:]
            content, padding = plain[:left], plain[left:]
            left -= len(content)
            if padding.strip(b"\x00") or (last and (left or seen != padded_size(8 + length))):
                raise Unsealable
            if content:
                yield content
            if last:
                return
            pending = following
            counter += 1

    def open_file_legacy(self, content: bytes) -> bytes | None:
        """A kept file sealed whole, before files were streamed and bound (migrations only)."""
        return self._decrypt(content, LEGACY_VALUE_VERSION, None)


def _chunk_nonce(counter: int, *, last: bool) -> bytes:
    return counter.to_bytes(NONCE_BYTES - 1, "big") + (b"\x01" if last else b"\x00")


def derive(key: bytes, purpose: bytes, *, salt: bytes | None = None) -> bytes:
    """A 256-bit key for one purpose, derived from the data key (HKDF-SHA256)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=purpose).derive(key)
