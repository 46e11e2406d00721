"""A whole case as plain JSON, and back: what a backup carries, readable with any text editor.

The dump holds every record as the store keeps it (answers, step statuses,
the history behind "back", the log with its hashes, the documents made), so
loading it back gives the same case, sealed again with the key it is loaded
with, and the same hash chain.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from leavemealone.errors import StoreError
from leavemealone.store.case_store import HEAD_META, SEALED_TABLES, CaseStore

DUMP_FORMAT = "leavemealone-case"
DUMP_VERSION = 1
_LOG_HASHES = ("content_hash", "prev_hash", "entry_hash")


def dump_case(store: CaseStore) -> bytes:
    """Every record of the case, opened, as UTF-8 JSON (a record that does not open stops it)."""
    document: dict[str, Any] = {
        "format": DUMP_FORMAT,
        "version": DUMP_VERSION,
        HEAD_META: store.get_meta(HEAD_META),
    }
    for table in SEALED_TABLES.values():
        extra = ", " + ", ".join(_LOG_HASHES) if table.name == "log_entries" else ""
        rows = store.connection.execute(
            f"SELECT {table.key}, {table.column}{extra} FROM {table.name} ORDER BY {table.key}"
        ).fetchall()
        items = []
        for key, sealed, *hashes in rows:
            record = store.open_record(table.name, key, sealed)
            if table.slotted:
                items.append(record)
            else:
                items.append(
                    {"seq": key, "record": record, **dict(zip(_LOG_HASHES, hashes, strict=False))}
                )
        document[table.name] = items
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def load_case(store: CaseStore, content: bytes, *, where: str) -> None:
    """Put a dump into an empty case, sealed with the store's codec, in one transaction."""
    try:
        document = json.loads(content)
        if document.get("format") != DUMP_FORMAT or not isinstance(document.get("version"), int):
            raise ValueError("not a case dump")
        if document["version"] > DUMP_VERSION:
            raise StoreError(f"{where} was made by a newer version of leavemealone.")
        with store.transaction() as connection:
            for table in SEALED_TABLES.values():
                for item in document.get(table.name, []):
                    _insert(store, connection, table.name, item)
            head = document.get(HEAD_META)
            if head is not None:
                seq, _, entry_hash = str(head).partition(":")
                store.write_log_head(connection, int(seq), entry_hash)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise StoreError(f"{where} is not a case this version can read ({error}).") from error


def _insert(
    store: CaseStore, connection: sqlite3.Connection, table: str, item: dict[str, Any]
) -> None:
    spec = SEALED_TABLES[table]
    if spec.slotted:
        slot = store.slot(table, str(item["id"]))
        connection.execute(
            f"INSERT INTO {table} (slot, {spec.column}) VALUES (?, ?)",
            (slot, store.seal_record(table, slot, item)),
        )
        return
    seq = int(item["seq"])
    sealed = store.seal_record(table, seq, item["record"])
    if table == "log_entries":
        hashes = tuple(str(item[name]) for name in _LOG_HASHES)
        connection.execute(
            "INSERT INTO log_entries (seq, content, content_hash, prev_hash, entry_hash) "
            "VALUES (?, ?, ?, ?, ?)",
            (seq, sealed, *hashes),
        )
    else:
        connection.execute(f"INSERT INTO {table} (seq, {spec.column}) VALUES (?, ?)", (seq, sealed))
