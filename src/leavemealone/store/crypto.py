"""The data key: random, wrapped by the user's passphrase, and the file that keeps it.

The design restic and age use: a random 256-bit data key seals every value
and kept file (AES-256-GCM); the passphrase only wraps that key (scrypt,
n=2^15, r=8, p=1), so changing the passphrase rewrites one small file. The
wrapped key lives in ``key.json`` in the data folder, mode 0600.

Sealing user data with the key lives in ``sealing``; asking for the
passphrase and keeping the unlocked key for a run in ``keys``.
``cryptography`` is imported inside the functions that need it, so
commands that never touch a protected case start as fast as before.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from leavemealone import files, suggest
from leavemealone.errors import LeaveMeAloneError, StoreError
from leavemealone.inputs import read_user_file

KEY_FILE = "key.json"
KEY_FORMAT = "leavemealone-key"
KEY_VERSION = 1
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
TAG_BYTES = 16
STREAM_CHUNK = 64 * 1024


class WrongPassphrase(LeaveMeAloneError):
    """The passphrase does not open the key; nothing was read or changed."""


@dataclass(frozen=True)
class KeyFile:
    """The wrapped data key and how to unwrap it (the contents of ``key.json``).

    ``pending`` is true while a newly set passphrase is still sealing the
    cases; the next unlock finishes the job.
    """

    key_id: str
    salt: bytes
    nonce: bytes
    wrapped_key: bytes
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P
    pending: bool = False

    def associated_data(self) -> bytes:
        """What the wrap authenticates besides the key: format, id and scrypt cost."""
        return f"{KEY_FORMAT} {KEY_VERSION} {self.key_id} scrypt {self.n} {self.r} {self.p}".encode()

    def to_json(self) -> dict[str, object]:
        """The key file as a JSON object."""
        return {
            "format": KEY_FORMAT,
            "version": KEY_VERSION,
            "key_id": self.key_id,
            "kdf": "scrypt",
            "n": self.n,
            "r": self.r,
            "p": self.p,
            "salt": b64(self.salt),
            "cipher": "AES-256-GCM",
            "nonce": b64(self.nonce),
            "wrapped_key": b64(self.wrapped_key),
            "pending": self.pending,
        }

    @classmethod
    def from_json(cls, document: object, *, where: str) -> KeyFile:
        """Read a key file's JSON object, refusing anything unexpected (never guessing)."""
        damaged = StoreError(
            f"The key file {where} is damaged or not a leavemealone key.",
            hint="Put back a good copy of it if you have one; without it the data cannot be opened.",
        )
        if not isinstance(document, dict) or document.get("format") != KEY_FORMAT:
            raise damaged
        if document.get("version") != KEY_VERSION:
            raise StoreError(
                f"The key file {where} was written by a newer version of leavemealone.",
                hint=f"Update leavemealone ({suggest.UPGRADE}), then try again.",
            )
        try:
            keyfile = cls(
                key_id=str(document["key_id"]),
                salt=unb64(document["salt"]),
                nonce=unb64(document["nonce"]),
                wrapped_key=unb64(document["wrapped_key"]),
                n=int(document["n"]),
                r=int(document["r"]),
                p=int(document["p"]),
                pending=bool(document.get("pending", False)),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise damaged from error
        if not _sane_cost(keyfile.n, keyfile.r, keyfile.p) or len(keyfile.nonce) != NONCE_BYTES:
            raise damaged
        return keyfile


def _sane_cost(n: int, r: int, p: int) -> bool:
    # Bounds keep a tampered file from asking for gigabytes of memory.
    return n in {2**power for power in range(14, 21)} and 1 <= r <= 16 and 1 <= p <= 4


def b64(raw: bytes) -> str:
    """Bytes as base64 text (for JSON)."""
    return base64.b64encode(raw).decode("ascii")


def unb64(text: object) -> bytes:
    """Base64 text back to bytes; anything else is a ValueError."""
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def key_file_path(home: Path) -> Path:
    """Where the wrapped key lives for the data folder ``home``."""
    return home / KEY_FILE


def read_key_file(home: Path) -> KeyFile | None:
    """The key file of ``home``, or None when no passphrase is set."""
    path = key_file_path(home)
    if not path.exists() and not path.is_symlink():
        return None
    try:
        text = read_user_file(path, limit=64 * 1024, what="The key file").decode("utf-8")
    except (LeaveMeAloneError, UnicodeDecodeError) as error:
        raise StoreError(
            f"The key file {path} cannot be read ({getattr(error, 'message', error)}).",
            hint="Put back a good copy of it if you have one; without it the data cannot be opened.",
        ) from error
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        document = None
    return KeyFile.from_json(document, where=str(path))


def write_key_file(home: Path, keyfile: KeyFile) -> None:
    """Save the key file of ``home`` (atomically, 0600)."""
    content = json.dumps(keyfile.to_json(), indent=2).encode("utf-8") + b"\n"
    files.write_private_file(key_file_path(home), content)


def overwrite_and_delete(path: Path) -> None:
    """Overwrite a regular file with random bytes, flush, then delete it; a link is only unlinked.

    On SSDs and journaling file systems the old blocks may survive anyway;
    that is why the key is destroyed first and the data is encrypted.
    """
    try:
        if path.is_symlink() or not path.is_file():
            path.unlink(missing_ok=True)
            return
        size = path.stat().st_size
        with path.open("r+b") as handle:
            left = size
            while left > 0:
                block = min(left, 1 << 20)
                handle.write(os.urandom(block))
                left -= block
            handle.flush()
            os.fsync(handle.fileno())
    except FileNotFoundError:
        return
    path.unlink(missing_ok=True)


def destroy_key_file(home: Path) -> bool:
    """Overwrite and delete the wrapped key (and any half-written copy); True if there was one."""
    path = key_file_path(home)
    existed = path.exists()
    overwrite_and_delete(path)
    overwrite_and_delete(path.with_name(path.name + ".partial"))
    return existed


def normalise(passphrase: str) -> bytes:
    """The bytes a passphrase stands for: NFC, so the same words typed elsewhere still match."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive_key(
    passphrase: str, salt: bytes, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P
) -> bytes:
    """The key-encryption key for ``passphrase`` (scrypt; ~0.1 s and ~32 MiB on purpose)."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(normalise(passphrase))


def new_data_key() -> tuple[str, bytes]:
    """A fresh random data key and its (public) id."""
    return secrets.token_hex(8), secrets.token_bytes(KEY_BYTES)


def wrap_key(data_key: bytes, passphrase: str, *, key_id: str, pending: bool = False) -> KeyFile:
    """Wrap ``data_key`` with a key derived from ``passphrase`` and a fresh salt."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    keyfile = KeyFile(
        key_id=key_id,
        salt=secrets.token_bytes(SALT_BYTES),
        nonce=secrets.token_bytes(NONCE_BYTES),
        wrapped_key=b"",
        pending=pending,
    )
    kek = derive_key(passphrase, keyfile.salt, n=keyfile.n, r=keyfile.r, p=keyfile.p)
    wrapped = AESGCM(kek).encrypt(keyfile.nonce, data_key, keyfile.associated_data())
    return replace(keyfile, wrapped_key=wrapped)


def unwrap_key(keyfile: KeyFile, passphrase: str) -> bytes:
    """The data key, or ``WrongPassphrase`` (one sentence) when the passphrase does not open it."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kek = derive_key(passphrase, keyfile.salt, n=keyfile.n, r=keyfile.r, p=keyfile.p)
    try:
        key = AESGCM(kek).decrypt(keyfile.nonce, keyfile.wrapped_key, keyfile.associated_data())
    except InvalidTag:
        raise WrongPassphrase("That passphrase is not right, so nothing was opened.") from None
    if len(key) != KEY_BYTES:
        raise StoreError("The key file is damaged: the key inside has the wrong size.")
    return key


def _stream_nonce(counter: int, *, last: bool) -> bytes:
    return counter.to_bytes(NONCE_BYTES - 1, "big") + (b"\x01" if last else b"\x00")


class StreamOpener:
    """Reads the chunked stream of a backup made before backups were age files (``LMAB``).

    Each 64 KiB chunk is AES-GCM with a counter nonce and a last-chunk flag,
    and the file's header as associated data; a cut, changed or reordered
    stream raises ``damaged``.
    """

    def __init__(self, source: BinaryIO, key: bytes, header: bytes, damaged: Exception) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._source = source
        self._aead = AESGCM(key)
        self._header = header
        self._damaged = damaged
        self._pending = source.read(STREAM_CHUNK + TAG_BYTES)
        self._plain = bytearray()
        self._counter = 0
        self._done = False

    def read(self, size: int = -1) -> bytes:
        while not self._done and (size < 0 or len(self._plain) < size):
            self._open_next()
        if size < 0:
            size = len(self._plain)
        taken = bytes(self._plain[:size])
        del self._plain[:size]
        return taken

    def _open_next(self) -> None:
        from cryptography.exceptions import InvalidTag

        following = self._source.read(STREAM_CHUNK + TAG_BYTES)
        last = not following
        try:
            self._plain.extend(
                self._aead.decrypt(_stream_nonce(self._counter, last=last), self._pending, self._header)
            )
        except InvalidTag:
            raise self._damaged from None
        self._pending = following
        self._counter += 1
        self._done = last
