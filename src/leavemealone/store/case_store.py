"""The case store: one SQLite file a case, numbered migrations, one transaction a change.

Every value the user typed passes through a ``Codec`` before it reaches the
file, so a protected case never writes plaintext (journals included).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from leavemealone import suggest
from leavemealone.errors import StoreError

DATABASE_NAME = "case.sqlite3"
FILES_DIR = "files"
BUSY_TIMEOUT_SECONDS = 3.0
STEP_STATUSES = ("done", "later", "not_needed", "skipped")

MIGRATIONS: list[str] = [
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
]


# Every column that holds user data, sealed by the codec. Re-keying (setting or
# changing a passphrase) walks exactly these, so a new table with user data
# must be listed here.
SEALED_COLUMNS: dict[str, tuple[str, ...]] = {
    "answers": ("value",),
    "steps": ("record",),
    "history": ("old", "new"),
    "log_entries": ("content",),
    "documents": ("path",),
}


class Codec(Protocol):
    """Seals user data on its way to disk and opens it on the way back."""

    def seal(self, plain: bytes) -> bytes:
        """Return what may be written to disk for ``plain``."""

    def open(self, sealed: bytes) -> bytes:
        """Return the plaintext of what ``seal`` wrote."""


class PlainCodec:
    """No passphrase set: data is stored as it is (the folder is still private)."""

    def seal(self, plain: bytes) -> bytes:
        """Return the bytes unchanged."""
        return plain

    def open(self, sealed: bytes) -> bytes:
        """Return the bytes unchanged."""
        return sealed


@dataclass(frozen=True)
class StepRecord:
    """What the user did about a step, and whether the person had stopped by then."""

    status: str
    problem_stopped: bool | None
    updated_at: str


@dataclass(frozen=True)
class DocumentRecord:
    """One document the store remembers making: which, when, its SHA-256 and where it went."""

    name: str
    created_at: str
    sha256: str
    path: Path


def now_text() -> str:
    """The current local time as sortable ISO-8601 text, to the second."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


class CaseStore:
    """One case: answers, step statuses and the history that makes "back" possible."""

    def __init__(self, connection: sqlite3.Connection, folder: Path, codec: Codec) -> None:
        self.connection = connection
        self.folder = folder
        self.codec = codec

    @classmethod
    def open(cls, folder: Path, *, codec: Codec | None = None) -> CaseStore:
        """Open (creating if needed) the case in ``folder``; never overwrite a damaged one."""
        from leavemealone.paths import ensure_private_dir

        ensure_private_dir(folder)
        path = folder / DATABASE_NAME
        existed = path.exists()
        try:
            connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        except sqlite3.Error as error:
            raise _store_error(path, error) from error
        store = cls(connection, folder, codec or PlainCodec())
        try:
            path.chmod(0o600)
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA secure_delete = ON")
            store._migrate()
        except (sqlite3.Error, OSError) as error:
            connection.close()
            if not existed and isinstance(error, OSError):
                raise StoreError(f"Cannot create the case file {path}: {error}.") from error
            raise _store_error(path, error) from error
        return store

    def close(self) -> None:
        """Close the database; the store is unusable afterwards."""
        self.connection.close()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic change: all of it reaches the disk, or none of it."""
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise _store_error(self.folder / DATABASE_NAME, error) from error
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        try:
            self.connection.execute("COMMIT")
        except sqlite3.Error as error:
            raise _store_error(self.folder / DATABASE_NAME, error) from error

    def _migrate(self) -> None:
        version = self.connection.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(
                "This case was saved by a newer version of leavemealone.",
                hint=f"Update leavemealone ({suggest.UPGRADE}), then try again.",
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction() as connection:
                for statement in script.split(";"):
                    if statement.strip():
                        connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {number}")

    def seal_value(self, value: Any) -> bytes:
        """JSON-encode and seal a value for storage."""
        return self.codec.seal(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8"))

    def open_value(self, sealed: bytes) -> Any:
        """Open and decode a value written by ``seal_value``."""
        return json.loads(self.codec.open(bytes(sealed)).decode("utf-8"))

    def put_file(self, content: bytes) -> str:
        """Keep a copy of a file's bytes (sealed), named by their SHA-256; return that digest.

        The same content is stored once, written whole or not at all.
        """
        import hashlib

        from leavemealone.files import write_private_file
        from leavemealone.paths import ensure_private_dir

        digest = hashlib.sha256(content).hexdigest()
        target = ensure_private_dir(self.folder / FILES_DIR) / digest
        if not target.exists():
            write_private_file(target, self.codec.seal(content))
        return digest

    def file_path(self, digest: str) -> Path:
        """Where the sealed copy of a kept file lives."""
        return self.folder / FILES_DIR / digest

    def get_file(self, digest: str) -> bytes:
        """The bytes of a kept file, opened."""
        return self.codec.open(self.file_path(digest).read_bytes())

    def get_meta(self, key: str) -> str | None:
        """A small piece of bookkeeping (never user text)."""
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def answers(self) -> dict[str, Any]:
        """Every saved answer by its id."""
        rows = self.connection.execute("SELECT id, value FROM answers").fetchall()
        return {answer_id: self.open_value(value) for answer_id, value in rows}

    def answer_sources(self) -> dict[str, str]:
        """Where each answer came from: ``asked``, ``file`` or ``default``."""
        return dict(self.connection.execute("SELECT id, source FROM answers").fetchall())

    def set_answer(self, answer_id: str, value: Any, *, source: str = "asked") -> None:
        """Save one answer at once, and remember the old one so "back" can restore it."""
        with self.transaction() as connection:
            old = connection.execute("SELECT value FROM answers WHERE id = ?", (answer_id,)).fetchone()
            sealed = self.seal_value(value)
            connection.execute(
                "INSERT INTO answers (id, value, source, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET value = excluded.value, source = excluded.source, "
                "updated_at = excluded.updated_at",
                (answer_id, sealed, source, now_text()),
            )
            if source == "asked":
                self._record(connection, f"answer:{answer_id}", old[0] if old else None, sealed)

    def step_records(self) -> dict[str, StepRecord]:
        """What the user did about each step they reached."""
        records = {}
        rows = self.connection.execute("SELECT id, record, updated_at FROM steps")
        for step_id, sealed, updated_at in rows:
            status, stopped = self.open_value(sealed)
            records[step_id] = StepRecord(status, None if stopped is None else bool(stopped), updated_at)
        return records

    def set_step(self, step_id: str, status: str, *, problem_stopped: bool | None = None) -> None:
        """Record what the user did about a step (one of ``STEP_STATUSES``)."""
        if status not in STEP_STATUSES:
            raise ValueError(f"unknown step status {status!r}")
        with self.transaction() as connection:
            old = connection.execute("SELECT record FROM steps WHERE id = ?", (step_id,)).fetchone()
            sealed = self.seal_value([status, problem_stopped])
            connection.execute(
                "INSERT INTO steps (id, record, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET record = excluded.record, updated_at = excluded.updated_at",
                (step_id, sealed, now_text()),
            )
            self._record(connection, f"step:{step_id}", old[0] if old else None, sealed)

    def clear_step(self, step_id: str) -> None:
        """Forget what was recorded for a step, so it is walked again."""
        with self.transaction() as connection:
            connection.execute("DELETE FROM steps WHERE id = ?", (step_id,))

    def _record(self, connection: sqlite3.Connection, key: str, old: Any, new: Any) -> None:
        connection.execute(
            "INSERT INTO history (key, old, new, at) VALUES (?, ?, ?, ?)", (key, old, new, now_text())
        )

    def undo_last(self) -> str | None:
        """Take back the last thing the user answered; return its key, or None if nothing is left.

        This is what "go back" means: the previous answer is restored as it
        was, so the engine asks that question again.
        """
        with self.transaction() as connection:
            row = connection.execute("SELECT seq, key, old FROM history ORDER BY seq DESC LIMIT 1").fetchone()
            if row is None:
                return None
            seq, key, old = row
            kind, _, name = key.partition(":")
            table, restore = _UNDO[kind]
            connection.execute(f"DELETE FROM {table} WHERE id = ?", (name,))
            if old is not None:
                connection.execute(restore, (name, old, now_text()))
            connection.execute("DELETE FROM history WHERE seq = ?", (seq,))
            return str(key)

    def record_document(self, name: str, sha256: str, path: Path) -> None:
        """Remember that document ``name`` was written to ``path`` (the path is sealed like user text)."""
        with self.transaction() as connection:
            connection.execute(
                "INSERT INTO documents (name, created_at, sha256, path) VALUES (?, ?, ?, ?)",
                (name, now_text(), sha256, self.seal_value(str(path.resolve()))),
            )

    def made_documents(self) -> list[DocumentRecord]:
        """Every document made for this case, oldest first."""
        rows = self.connection.execute("SELECT name, created_at, sha256, path FROM documents ORDER BY seq")
        return [
            DocumentRecord(name, created_at, sha256, Path(self.open_value(path)))
            for name, created_at, sha256, path in rows
        ]

    def reset(self) -> None:
        """Forget every answer and step status (``start --restart``)."""
        with self.transaction() as connection:
            for table in ("answers", "steps", "history"):
                connection.execute(f"DELETE FROM {table}")
        self.connection.execute("VACUUM")


def write_meta(connection: sqlite3.Connection, key: str, value: str) -> None:
    """Set a small piece of bookkeeping (never user text), inside the caller's transaction."""
    connection.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


# What "back" undoes, by history key kind: the table, and how to put the old value back.
_UNDO = {
    "answer": ("answers", "INSERT INTO answers (id, value, source, updated_at) VALUES (?, ?, 'asked', ?)"),
    "step": ("steps", "INSERT INTO steps (id, record, updated_at) VALUES (?, ?, ?)"),
}


def _store_error(path: Path, error: BaseException) -> StoreError:
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return StoreError(
            f"The case file {path} is in use by another leavemealone window.",
            hint="Close the other window (or wait a moment) and try again.",
        )
    if "not a database" in text or "malformed" in text or "disk image" in text:
        return StoreError(
            f"The case file {path} is damaged and cannot be read; it was left untouched.",
            hint="Move it somewhere safe (it may still be recoverable) and run the command again.",
        )
    if "full" in text:
        return StoreError(
            "The disk is full, so nothing more could be saved; what you saved before is safe.",
            hint="Free some space, then run the same command again.",
        )
    return StoreError(
        f"The case file {path} cannot be used ({error}); it was left untouched.",
        hint="Check the folder's permissions, or set LEAVEMEALONE_HOME to a folder you own.",
    )
