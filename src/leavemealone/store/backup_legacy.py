"""Reading backups made before backups were age files (``LMAB`` and the bytes 01 0a).

Layout: the magic, a 4-byte length and a JSON header (the key file, wrapped
by the passphrase, and a random file key wrapped by the data key), then a
tar stream of ``manifest.json`` and ``cases/NAME/...`` sealed in 64 KiB
AES-GCM chunks (``crypto.StreamOpener``). Inside, every case is sealed with
the backup's data key in the old way; restoring puts them in place with that
key, and opening them afterwards migrates them to the current form.
"""

from __future__ import annotations

import json
import re
import tarfile
from pathlib import Path
from typing import IO, BinaryIO, cast

from leavemealone import suggest
from leavemealone.errors import LeaveMeAloneError, StoreError
from leavemealone.files import write_private_file
from leavemealone.paths import ensure_private_dir
from leavemealone.store import crypto
from leavemealone.store.case_store import DATABASE_NAME

MAGIC = b"LMAB\x01\n"
MANIFEST = "manifest.json"
BACKUP_FORMAT = 1
_FILE_KEY_CONTEXT = b"leavemealone backup file key 1"
_CASE_MEMBER = re.compile(
    r"^cases/([A-Za-z0-9][A-Za-z0-9_-]{0,39})/(case\.sqlite3|files/[A-Za-z0-9_-]{1,128})$"
)
_MAX_HEADER = 64 * 1024


class BackupDamaged(LeaveMeAloneError):
    """The backup file does not open to a complete, unchanged backup."""


def unpack_legacy(
    handle: BinaryIO, source: Path, scratch: Path
) -> tuple[crypto.KeyFile, bytes, list[str], int]:
    """Unpack an ``LMAB`` backup into ``scratch``: its key file, data key, case names and kept-file count."""
    from leavemealone.store import keys

    keyfile, file_key_sealed, header = _read_header(handle, source)
    _passphrase, key = keys.open_with_passphrase(
        lambda typed: crypto.unwrap_key(keyfile, typed), "Passphrase of the backup: "
    )
    file_key = _open_file_key(key, file_key_sealed)
    names, files = _extract(
        crypto.StreamOpener(handle, file_key, header, damaged(source)), scratch, source
    )
    return keyfile, key, names, files


def damaged(source: Path) -> BackupDamaged:
    """The one sentence for a backup that is cut, changed or not a backup at all."""
    return BackupDamaged(
        f"{source} is damaged, incomplete or not a leavemealone backup, so nothing was restored.",
        hint="Try another copy of the backup.",
    )


def _read_header(
    handle: BinaryIO, source: Path
) -> tuple[crypto.KeyFile, tuple[bytes, bytes], bytes]:
    magic = handle.read(len(MAGIC))
    size_bytes = handle.read(4)
    if magic != MAGIC or len(size_bytes) != 4:
        raise damaged(source)
    size = int.from_bytes(size_bytes, "big")
    body = handle.read(size) if size <= _MAX_HEADER else b""
    try:
        document = json.loads(body)
        keyfile = crypto.KeyFile.from_json(
            {**document["key"], "format": crypto.KEY_FORMAT}, where=str(source)
        )
        sealed = (crypto.unb64(document["file_key_nonce"]), crypto.unb64(document["file_key"]))
        if document["chunk"] != crypto.STREAM_CHUNK:
            raise ValueError("unexpected chunk size")
    except (ValueError, KeyError, TypeError, StoreError) as error:
        raise damaged(source) from error
    return keyfile, sealed, magic + size_bytes + body


def _open_file_key(key: bytes, sealed: tuple[bytes, bytes]) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(key).decrypt(sealed[0], sealed[1], _FILE_KEY_CONTEXT)
    except InvalidTag:
        raise BackupDamaged("The backup's header is damaged, so nothing was restored.") from None


def _extract(stream: crypto.StreamOpener, scratch: Path, source: Path) -> tuple[list[str], int]:
    """Unpack into ``scratch``, accepting only the names a backup holds; return case names and file count."""
    names: list[str] = []
    files = 0
    manifest: object = None
    try:
        with tarfile.open(fileobj=cast("IO[bytes]", stream), mode="r|") as tar:
            for member in tar:
                match = _CASE_MEMBER.match(member.name)
                if not member.isfile() or (member.name != MANIFEST and match is None):
                    raise damaged(source)
                reader = tar.extractfile(member)
                content = reader.read() if reader is not None else b""
                if member.name == MANIFEST:
                    manifest = json.loads(content)
                    continue
                assert match is not None
                target = scratch / member.name
                for folder in reversed(Path(member.name).parents[:-1]):
                    ensure_private_dir(scratch / folder)
                write_private_file(target, content)
                if match.group(2) == DATABASE_NAME:
                    names.append(match.group(1))
                else:
                    files += 1
        stream.read()  # the rest, so a cut or changed last chunk is caught before anything is installed
    except (tarfile.TarError, ValueError, EOFError) as error:
        raise damaged(source) from error
    if not isinstance(manifest, dict) or sorted(manifest.get("cases", [])) != sorted(names):
        raise damaged(source)
    if manifest.get("format", 0) > BACKUP_FORMAT:
        raise LeaveMeAloneError(
            "This backup was made by a newer version of leavemealone.",
            hint=f"Update leavemealone ({suggest.UPGRADE}), then try again.",
        )
    return names, files
