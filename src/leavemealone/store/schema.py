"""What a case file holds: its migrations, in order, and the tables whose rows are sealed.

Migrations are an append-only list, each run in its own transaction, the
count kept in ``PRAGMA user_version``: never edit one that shipped; add the
next. A step is SQL, or a function for a change SQL cannot make (re-sealing).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from leavemealone.store.case_store import CaseStore


@dataclass(frozen=True)
class SealedTable:
    """A table whose rows each hold one sealed record, keyed by a slot (a sealed name) or a number."""

    name: str
    key: str
    column: str
    what: str

    @property
    def slotted(self) -> bool:
        """Whether rows are found by a name (an answer or step id) kept inside the record."""
        return self.key == "slot"


# Every table that holds user data. Re-keying (setting or removing a passphrase)
# walks exactly these, so a new table with user data must be listed here.
SEALED_TABLES = {
    table.name: table
    for table in (
        SealedTable("answers", "slot", "record", "a saved answer"),
        SealedTable("steps", "slot", "record", "the status of a step"),
        SealedTable("history", "seq", "record", "an earlier answer kept for going back"),
        SealedTable("log_entries", "seq", "content", "an entry of the incident log"),
        SealedTable("documents", "seq", "record", "the record of a document made"),
        SealedTable("drafts", "slot", "record", "an unfinished incident"),
    )
}


def _migrate_to_bound_records(store: CaseStore, connection: sqlite3.Connection) -> None:
    from leavemealone.store.legacy import migrate_to_bound_records

    migrate_to_bound_records(store, connection)


MIGRATIONS: list[str | Callable[[CaseStore, sqlite3.Connection], None]] = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE answers (
        id TEXT PRIMARY KEY,
        value BLOB NOT NULL,
        source TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE steps (
        id TEXT PRIMARY KEY,
        record BLOB NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE history (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        key TEXT NOT NULL,
        old BLOB,
        new BLOB,
        at TEXT NOT NULL
    );
    """,
    # 2: the incident log (incidents.py). Append-only; each entry's sealed content is
    # hash-chained to the entry before it. Only numbers, kinds, times and hashes are plain.
    """
    CREATE TABLE log_entries (
        seq INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        amends INTEGER,
        content BLOB NOT NULL,
        created_at TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        entry_hash TEXT NOT NULL
    );
    """,
    # Documents made (paperwork.py): which one, when, its SHA-256, and where it was
    # written. The path can say a lot about the user, so it is sealed.
    """
    CREATE TABLE documents (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        path BLOB NOT NULL
    );
    """,
    # 4: a random id for the case, bound into every seal (committed before 5 seals anything with it).
    # A case saved before this version without a codec mark was never locked.
    """
    INSERT OR IGNORE INTO meta (key, value) VALUES ('case_id', lower(hex(randomblob(16))));
    INSERT OR IGNORE INTO meta (key, value) VALUES ('codec', 'plain');
    """,
    # 5: every value bound to its place and padded; ids, kinds, names and times sealed inside
    # the records; kept files sealed in chunks (legacy.py).
    _migrate_to_bound_records,
    # 6: drafts (drafts.py): what was typed into a 'log add' that was stopped, sealed like an answer.
    """
    CREATE TABLE drafts (slot TEXT PRIMARY KEY, record BLOB NOT NULL);
    """,
]


def create_case_file(path: Path, state: str) -> None:
    """Make a new case file whole under another name, then link it in place (never over another one).

    It gets the first migration, a random case id and the codec mark
    ``state``; opening it runs the rest.
    """
    import os
    import secrets

    from leavemealone.errors import StoreError

    partial = path.with_name(f"{path.name}.{secrets.token_hex(4)}.partial")
    try:
        connection = sqlite3.connect(partial, isolation_level=None)
        try:
            partial.chmod(0o600)
            connection.execute("BEGIN IMMEDIATE")
            for statement in str(MIGRATIONS[0]).split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute("PRAGMA user_version = 1")
            insert = "INSERT INTO meta (key, value) VALUES (?, ?)"
            connection.executemany(insert, [("case_id", secrets.token_hex(16)), ("codec", state)])
            connection.execute("COMMIT")
        finally:
            connection.close()
        try:
            os.link(partial, path)
        except FileExistsError:
            pass  # another window made it first; use theirs
        except OSError:  # pragma: no cover - a file system without hard links (FAT)
            if not path.exists():
                partial.replace(path)
    except (sqlite3.Error, OSError) as error:
        raise StoreError(f"Cannot create the case file {path}: {error}.") from error
    finally:
        partial.unlink(missing_ok=True)
