"""The age file format (age-encryption.org/v1) with one passphrase recipient, written and read in chunks.

Backups are age files, so ``age -d backup.age > backup.tar`` opens one with
the passphrase if this program is ever gone (rage and pyrage open them too;
the tests check with pyrage). pyrage itself only encrypts with a passphrase
in memory, which would hold a whole backup (evidence videos included) in
RAM twice; this streams it in 64 KiB chunks, as the format is designed to be.

The format, from the age specification: a text header (the intro line, one
``scrypt`` stanza wrapping a random 16-byte file key, and an HMAC over the
header), then a 16-byte nonce and the payload as ChaCha20-Poly1305 chunks of
64 KiB with a counter nonce and a last-chunk flag (STREAM).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from typing import BinaryIO

from leavemealone.store import crypto

INTRO = b"age-encryption.org/v1\n"
SCRYPT_LABEL = b"age-encryption.org/v1/scrypt"
LOG_N = 16  # scrypt 2^16, r=8: ~0.3 s and 64 MiB here; twice the cost of the key file's 2^15
MAX_LOG_N = 20  # what a file may ask for (age -p writes 18): bounds memory for a hostile file
FILE_KEY_BYTES = 16
CHUNK = 64 * 1024
TAG_BYTES = 16
_MAX_HEADER = 4096
_COLUMNS = 64


class AgeDamaged(Exception):
    """The file is not an age file this can open, or it was cut or changed."""


class AgeWrongPassphrase(Exception):
    """The passphrase does not open the file's key."""


def _b64(raw: bytes) -> bytes:
    return base64.b64encode(raw).rstrip(b"=")


def _unb64(text: bytes) -> bytes:
    if b"=" in text or b"\r" in text:
        raise AgeDamaged
    try:
        return base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except ValueError:
        raise AgeDamaged from None


def _scrypt_key(passphrase: str, salt: bytes, log_n: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=SCRYPT_LABEL + salt, length=32, n=2**log_n, r=8, p=1).derive(
        crypto.normalise(passphrase)
    )


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def _nonce(counter: int, *, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class AgeWriter:
    """A write-only stream that encrypts what passes through it into an age file; ``finish`` ends it."""

    def __init__(self, out: BinaryIO, passphrase: str, *, log_n: int = LOG_N) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

        file_key = secrets.token_bytes(FILE_KEY_BYTES)
        salt = secrets.token_bytes(16)
        wrapped = ChaCha20Poly1305(_scrypt_key(passphrase, salt, log_n)).encrypt(
            bytes(12), file_key, None
        )
        header = INTRO + b"-> scrypt " + _b64(salt) + b" " + str(log_n).encode() + b"\n"
        header += _wrap_lines(_b64(wrapped)) + b"---"
        mac = hmac.new(_hkdf(file_key, b"", b"header"), header, hashlib.sha256).digest()
        nonce = secrets.token_bytes(16)
        out.write(header + b" " + _b64(mac) + b"\n" + nonce)
        self._out = out
        self._aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
        self._buffer = bytearray()
        self._counter = 0

    def write(self, data: bytes) -> int:
        self._buffer.extend(data)
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def finish(self) -> None:
        """Encrypt what is left as the last chunk (empty only when nothing was written at all)."""
        self._emit(bytes(self._buffer), last=True)
        self._buffer.clear()

    def _emit(self, chunk: bytes, *, last: bool) -> None:
        self._out.write(self._aead.encrypt(_nonce(self._counter, last=last), chunk, None))
        self._counter += 1


def _wrap_lines(text: bytes) -> bytes:
    lines = [text[index : index + _COLUMNS] for index in range(0, len(text), _COLUMNS)]
    if not lines or len(lines[-1]) == _COLUMNS:
        lines.append(b"")  # the body ends with a line shorter than 64 columns
    return b"".join(line + b"\n" for line in lines)


def is_age_file(start: bytes) -> bool:
    """Whether a file beginning with ``start`` is a binary age file."""
    return start.startswith(INTRO)


class AgeReader:
    """Reads an age file with a passphrase recipient; raises ``AgeDamaged`` or ``AgeWrongPassphrase``."""

    def __init__(self, source: BinaryIO, passphrase: str) -> None:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

        header, salt, log_n, wrapped, mac = _read_header(source)
        try:
            file_key = ChaCha20Poly1305(_scrypt_key(passphrase, salt, log_n)).decrypt(
                bytes(12), wrapped, None
            )
        except InvalidTag:
            raise AgeWrongPassphrase from None
        expected = hmac.new(_hkdf(file_key, b"", b"header"), header, hashlib.sha256).digest()
        if not hmac.compare_digest(expected, mac):
            raise AgeDamaged
        nonce = source.read(16)
        if len(nonce) != 16:
            raise AgeDamaged
        self._source = source
        self._aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
        self._pending = source.read(CHUNK + TAG_BYTES)
        self._plain = bytearray()
        self._counter = 0
        self._done = False

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._plain) < size):
            self._open_next()
        size = len(self._plain) if size < 0 else size
        taken = bytes(self._plain[:size])
        del self._plain[:size]
        return taken

    def _open_next(self) -> None:
        from cryptography.exceptions import InvalidTag

        following = self._source.read(CHUNK + TAG_BYTES)
        last = not following
        try:
            chunk = self._aead.decrypt(_nonce(self._counter, last=last), self._pending, None)
        except InvalidTag:
            raise AgeDamaged from None
        if last and not chunk and self._counter:
            raise AgeDamaged  # only an empty file may end with an empty chunk
        self._plain.extend(chunk)
        self._pending = following
        self._counter += 1
        self._done = last


def _read_header(source: BinaryIO) -> tuple[bytes, bytes, int, bytes, bytes]:
    """The header up to ``---`` (what the MAC covers), the scrypt salt, work factor, wrapped key, MAC."""
    lines: list[bytes] = []
    read = 0
    while True:
        line = source.readline(_MAX_HEADER)
        read += len(line)
        if not line.endswith(b"\n") or read > _MAX_HEADER:
            raise AgeDamaged
        lines.append(line[:-1])
        if line.startswith(b"---"):
            break
    if lines[0] + b"\n" != INTRO or len(lines) < 4:
        raise AgeDamaged
    stanza = lines[1].split(b" ")
    body = lines[2:-1]
    if stanza[:2] != [b"->", b"scrypt"] or len(stanza) != 4 or len(body) != 1:
        raise AgeDamaged  # a passphrase file has exactly one stanza, and it is scrypt
    salt, work = _unb64(stanza[2]), stanza[3]
    if (
        len(salt) != 16
        or not work.isdigit()
        or work.startswith(b"0")
        or not 1 <= int(work) <= MAX_LOG_N
    ):
        raise AgeDamaged
    wrapped = _unb64(body[0])
    mac_line = lines[-1].split(b" ")
    if (
        len(wrapped) != 32
        or len(body[0]) >= _COLUMNS
        or len(mac_line) != 2
        or mac_line[0] != b"---"
    ):
        raise AgeDamaged
    mac = _unb64(mac_line[1])
    header = b"\n".join(lines[:-1]) + b"\n---"
    return header, salt, int(work), wrapped, mac
