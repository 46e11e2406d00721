"""Re-sealing one case from plain to locked or back: rows in one transaction, then kept files, then VACUUM.

Every step recognises what is already done, so running it again after a
crash (see ``protect``'s journal) finishes the job without harm: rows follow
the case's ``codec`` mark, and a kept file is plain exactly when its bytes
hash to its name.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import IO, cast

from leavemealone.store.case_store import (
    CODEC_META,
    FILES_DIR,
    SEALED_TABLES,
    CaseStore,
    write_meta,
    write_new_file,
)
from leavemealone.store.sealing import CHUNK, PLAIN, Codec, PlainCodec, SealedCodec, Unsealable, binding_for

_DIGEST = re.compile(r"^[0-9a-f]{64}$")


def reseal_case(store: CaseStore, target: Codec, sealed: SealedCodec) -> None:
    """Bring an open case to ``target`` (plain, or ``sealed``): rows, then kept files, then VACUUM."""
    if store.codec.state != target.state:
        with store.transaction() as connection:
            reseal_rows(store, connection, target)
    reseal_files(store, sealed, to_plain=target.state == PLAIN)
    vacuum(store.connection)


def reseal_rows(store: CaseStore, connection: sqlite3.Connection, target: Codec) -> None:
    """Open every row with the store's codec and seal it with ``target``, inside the caller's transaction.

    The case's ``codec`` mark and the log head's tag change in the same
    transaction, so the rows and the mark can never disagree.
    """
    for table in SEALED_TABLES.values():
        rows = connection.execute(f"SELECT {table.key}, {table.column} FROM {table.name}").fetchall()
        converted = []
        for key, sealed in rows:
            record = store.open_record(table.name, key, sealed)
            new_key = key
            if table.slotted:
                name = str(record["id"])
                new_key = target.slot(name, binding_for(store.case_id, table.name, "id", name))
            plain = json.dumps(record, ensure_ascii=False).encode("utf-8")
            converted.append((new_key, target.seal(plain, store.binding(table.name, new_key)), key))
        if table.slotted:
            connection.execute(f"DELETE FROM {table.name}")
            insert = f"INSERT INTO {table.name} (slot, {table.column}) VALUES (?, ?)"
            connection.executemany(insert, [(new_key, value) for new_key, value, _key in converted])
        else:
            update = f"UPDATE {table.name} SET {table.column} = ? WHERE seq = ?"
            connection.executemany(update, [(value, key) for _new_key, value, key in converted])
    write_meta(connection, CODEC_META, target.state)
    store.codec = target
    store.tag_log_head(connection)


def reseal_files(store: CaseStore, sealed: SealedCodec, *, to_plain: bool) -> int:
    """Bring every kept file of the case to plain (``to_plain``) or sealed; return how many changed.

    A file that neither hashes to its name nor opens with the key is damaged:
    it is left as it is, for ``log verify`` to name.
    """
    folder = store.folder / FILES_DIR
    changed = 0
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.is_symlink() or not path.is_file() or not _DIGEST.match(path.name):
            continue
        binding = store.file_binding(path.name)
        if _hashes_to(path, path.name):
            if to_plain:
                continue
            source: Codec = PlainCodec()
            size = path.stat().st_size
        else:
            try:
                with path.open("rb") as handle:
                    size = sum(len(chunk) for chunk in sealed.open_file(handle, binding))
            except Unsealable:
                continue
            if not to_plain:
                continue
            source = sealed
        _convert(path, source, PlainCodec() if to_plain else sealed, size, binding)
        changed += 1
    return changed


def _convert(path: Path, source: Codec, target: Codec, size: int, binding: bytes) -> None:
    with path.open("rb") as handle:
        reader = cast("IO[bytes]", ChunkReader(source.open_file(handle, binding)))
        write_new_file(path, lambda out: target.seal_file(reader, size, out, binding))


def _hashes_to(path: Path, digest: str) -> bool:
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            hasher.update(chunk)
    return hasher.hexdigest() == digest


def vacuum(connection: sqlite3.Connection) -> None:
    """Rebuild the database file so freed pages with old bytes are gone; the copy stays in memory."""
    connection.execute("PRAGMA temp_store = MEMORY")
    connection.execute("VACUUM")


class ChunkReader:
    """A readable stream over an iterator of byte chunks (an opened kept file, read once)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = bytearray()

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk
        taken = bytes(self._buffer if size < 0 else self._buffer[:size])
        del self._buffer[: len(taken)]
        return taken
