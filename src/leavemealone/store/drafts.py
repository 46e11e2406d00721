"""Drafts: what was typed into a question that was stopped before it was saved, kept to offer again.

A draft is user text, so it is sealed like an answer and travels with
backups. It has no history, so dropping it leaves no copy in the case
file (the case is opened with SQLite's ``secure_delete``: a deleted row
is overwritten).
"""

from __future__ import annotations

from typing import Any

from leavemealone.store.case_store import CaseStore, now_text

_TABLE = "drafts"


def read_draft(store: CaseStore, name: str) -> dict[str, Any] | None:
    """The fields kept under ``name``, or None when there is no draft."""
    slot = store.slot(_TABLE, name)
    row = store.connection.execute(f"SELECT record FROM {_TABLE} WHERE slot = ?", (slot,)).fetchone()
    if row is None:
        return None
    record = store.open_record(_TABLE, slot, row[0])
    fields = record.get("fields") if isinstance(record, dict) else None
    return dict(fields) if isinstance(fields, dict) else None


def keep_draft(store: CaseStore, name: str, fields: dict[str, Any]) -> None:
    """Keep ``fields`` under ``name``, in place of any draft kept there before."""
    slot = store.slot(_TABLE, name)
    record = {"id": name, "fields": fields, "at": now_text()}
    with store.transaction() as connection:
        connection.execute(
            f"INSERT INTO {_TABLE} (slot, record) VALUES (?, ?) "
            "ON CONFLICT(slot) DO UPDATE SET record = excluded.record",
            (slot, store.seal_record(_TABLE, slot, record)),
        )


def drop_draft(store: CaseStore, name: str) -> None:
    """Forget the draft kept under ``name``, if there is one."""
    with store.transaction() as connection:
        connection.execute(f"DELETE FROM {_TABLE} WHERE slot = ?", (store.slot(_TABLE, name),))
