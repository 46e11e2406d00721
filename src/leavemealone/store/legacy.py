"""Bringing a case saved before values were bound and padded (schema 4) to the current form.

Before, a value was sealed alone (no associated data, no padding) and ids,
kinds, names and times sat in clear columns. This moves every row into a
record sealed where it belongs, and every kept file into the chunked, bound
form. Kept files go first and are recognised by their first bytes, so a
crash halfway simply starts again: the rows move in one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from leavemealone.store.case_store import (
    CASE_ID_META,
    FILES_DIR,
    PARTIAL,
    CaseStore,
    write_new_file,
)
from leavemealone.store.checks import moved_error
from leavemealone.store.sealing import FILE_MAGIC, LEGACY_VALUE_VERSION, SealedCodec

_NEW_TABLES = """
CREATE TABLE answers (slot TEXT PRIMARY KEY, record BLOB NOT NULL);
CREATE TABLE steps (slot TEXT PRIMARY KEY, record BLOB NOT NULL);
CREATE TABLE history (seq INTEGER PRIMARY KEY AUTOINCREMENT, record BLOB NOT NULL);
CREATE TABLE log_entries (
    seq INTEGER PRIMARY KEY,
    content BLOB NOT NULL,
    content_hash TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL
);
CREATE TABLE documents (seq INTEGER PRIMARY KEY AUTOINCREMENT, record BLOB NOT NULL);
"""
_OLD_TABLES = ("answers", "steps", "history", "log_entries", "documents")


def migrate_to_bound_records(store: CaseStore, connection: sqlite3.Connection) -> None:
    """Migration 5: reseal every value and kept file of a schema-4 case, bound and padded."""
    store.case_id = str(store.get_meta(CASE_ID_META))
    if isinstance(store.codec, SealedCodec):
        _convert_files(store, store.codec)
    old = {table: connection.execute(f"SELECT * FROM {table}").fetchall() for table in _OLD_TABLES}
    for table in _OLD_TABLES:
        connection.execute(f"DROP TABLE {table}")
    for statement in _NEW_TABLES.split(";"):
        if statement.strip():
            connection.execute(statement)

    def value(sealed: Any, what: str) -> Any:
        raw = sealed.encode("utf-8") if isinstance(sealed, str) else bytes(sealed)
        plain = store.codec.open_legacy(raw)
        try:
            if plain is None:
                raise ValueError("does not open")
            return json.loads(plain.decode("utf-8"))
        except ValueError:
            raise moved_error(store.path, what) from None

    for answer_id, sealed, source, updated_at in old["answers"]:
        record = {
            "id": answer_id,
            "value": value(sealed, "a saved answer"),
            "source": source,
            "at": updated_at,
        }
        _insert_slotted(store, connection, "answers", answer_id, record)
    for step_id, sealed, updated_at in old["steps"]:
        status, stopped = value(sealed, "the status of a step")
        record = {"id": step_id, "status": status, "stopped": stopped, "at": updated_at}
        _insert_slotted(store, connection, "steps", step_id, record)
    for seq, key, before, _after, at in old["history"]:
        kind, _, name = str(key).partition(":")
        earlier = None
        if before is not None:
            opened = value(before, "an earlier answer kept for going back")
            if kind == "step":
                earlier = {"id": name, "status": opened[0], "stopped": opened[1], "at": at}
            else:
                earlier = {"id": name, "value": opened, "source": "asked", "at": at}
        record = {"key": key, "old": earlier, "at": at}
        connection.execute(
            "INSERT INTO history (seq, record) VALUES (?, ?)",
            (seq, store.seal_record("history", seq, record)),
        )
    for seq, kind, amends, content, created_at, content_hash, prev_hash, entry_hash in old["log_entries"]:
        entry = {
            "kind": kind,
            "amends": amends,
            "created_at": created_at,
            "record": value(content, "an entry of the incident log"),
        }
        connection.execute(
            "INSERT INTO log_entries (seq, content, content_hash, prev_hash, entry_hash) "
            "VALUES (?, ?, ?, ?, ?)",
            (seq, store.seal_record("log_entries", seq, entry), content_hash, prev_hash, entry_hash),
        )
    for seq, name, created_at, sha256, path in old["documents"]:
        record = {
            "name": name,
            "created_at": created_at,
            "sha256": sha256,
            "path": value(path, "the record of a document made"),
        }
        connection.execute(
            "INSERT INTO documents (seq, record) VALUES (?, ?)",
            (seq, store.seal_record("documents", seq, record)),
        )
    store.tag_log_head(connection)


def _insert_slotted(
    store: CaseStore, connection: sqlite3.Connection, table: str, name: str, record: Any
) -> None:
    slot = store.slot(table, name)
    connection.execute(
        f"INSERT INTO {table} (slot, record) VALUES (?, ?)", (slot, store.seal_record(table, slot, record))
    )


def _convert_files(store: CaseStore, codec: SealedCodec) -> None:
    folder = store.folder / FILES_DIR
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.is_symlink() or not path.is_file() or path.name.endswith(PARTIAL):
            continue
        content = path.read_bytes()
        if content.startswith(FILE_MAGIC) or not content.startswith(LEGACY_VALUE_VERSION):
            continue  # already converted (a crash interrupted this), or damaged: verify names it
        plain = codec.open_file_legacy(content)
        if plain is None:
            continue
        _rewrite(store, path, plain)


def _rewrite(store: CaseStore, path: Path, plain: bytes) -> None:
    import io

    def write(handle: Any) -> None:
        store.codec.seal_file(io.BytesIO(plain), len(plain), handle, store.file_binding(path.name))

    write_new_file(path, write)
