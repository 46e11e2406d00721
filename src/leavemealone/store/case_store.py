"""The case store: one SQLite file a case, numbered migrations, one transaction a change.

Every value the user gave passes through a ``Codec`` before it reaches the
file, bound to its place (``sealing``), so a protected case never writes
plaintext (journals included) and a value moved behind the tool's back is
refused, never used. A case file is checked when it is opened (``checks``):
a damaged one is never read from or written to.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leavemealone import suggest
from leavemealone.errors import StoreError
from leavemealone.files import PARTIAL
from leavemealone.store import checks
from leavemealone.store.kept import FILES_DIR, KeptFiles, write_new_file
from leavemealone.store.schema import MIGRATIONS, SEALED_TABLES, SealedTable, create_case_file
from leavemealone.store.sealing import PLAIN, Codec, PlainCodec, binding_for

__all__ = [
    "FILES_DIR",
    "MIGRATIONS",
    "PARTIAL",
    "SEALED_TABLES",
    "CaseStore",
    "SealedTable",
    "write_new_file",
]

DATABASE_NAME = "case.sqlite3"
BUSY_TIMEOUT_SECONDS = 3.0
STEP_STATUSES = ("done", "later", "not_needed", "skipped")
CODEC_META = "codec"
CASE_ID_META = "case_id"
HEAD_META = "log_head"
HEAD_TAG_META = "log_head_tag"


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


@dataclass(frozen=True)
class LogHead:
    """The newest log entry the case recorded, and whether that record is authenticated.

    ``trusted`` is None without a passphrase (nothing can be authenticated),
    True when the tag made with the data key matches, False when it does not.
    """

    seq: int
    entry_hash: str
    trusted: bool | None


def now_text() -> str:
    """The current local time as sortable ISO-8601 text, to the second."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


class CaseStore(KeptFiles):
    """One case: answers, step statuses, the history that makes "back" possible, the log, kept files."""

    def __init__(self, connection: sqlite3.Connection, folder: Path, codec: Codec) -> None:
        self.connection = connection
        self.folder = folder
        self.codec = codec
        self.case_id = ""

    @classmethod
    def open(cls, folder: Path, *, codec: Codec | None = None) -> CaseStore:
        """Open (creating if needed) the case in ``folder``; a damaged file is refused, never written.

        ``codec`` is this run's; a case still sealed otherwise is opened with
        the codec that sealed it (plain), or refused (another key).
        """
        from leavemealone.paths import ensure_private_dir

        codec = codec or PlainCodec()
        ensure_private_dir(folder)
        path = folder / DATABASE_NAME
        if not path.exists() and not path.is_symlink():
            create_case_file(folder / DATABASE_NAME, codec.state)
        connection = _connect(path)
        store = cls(connection, folder, codec)
        try:
            checks.check_case_file(connection, path)
            path.chmod(0o600)
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA secure_delete = ON")
            store._migrate()
        except (sqlite3.Error, OSError) as error:
            connection.close()
            raise checks.store_error(path, error) from error
        except BaseException:
            connection.close()
            raise
        return store

    def close(self) -> None:
        """Close the database; the store is unusable afterwards."""
        self.connection.close()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        """The case file."""
        return self.folder / DATABASE_NAME

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic change: all of it reaches the disk, or none of it."""
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise checks.store_error(self.path, error) from error
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        try:
            self.connection.execute("COMMIT")
        except sqlite3.Error as error:
            raise checks.store_error(self.path, error) from error

    def _migrate(self) -> None:
        version = self.connection.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(
                f"The case in {self.folder} was saved by a newer version of leavemealone.",
                hint=f"Update leavemealone ({suggest.UPGRADE}), then try again.",
            )
        if version:
            self.codec = self._codec_that_sealed_it()
        for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction() as connection:
                if isinstance(step, str):
                    for statement in step.split(";"):
                        if statement.strip():
                            connection.execute(statement)
                else:
                    step(self, connection)
                connection.execute(f"PRAGMA user_version = {number}")
        self.case_id = self.get_meta(CASE_ID_META) or ""
        if not self.case_id:
            raise StoreError(f"The case file {self.path} has lost its id, so its data cannot be checked.")

    def _codec_that_sealed_it(self) -> Codec:
        found = self.get_meta(CODEC_META) or PLAIN
        if found == self.codec.state:
            return self.codec
        if found == PLAIN:
            return PlainCodec()
        if self.codec.state == PLAIN:
            raise StoreError(
                f"The case in {self.folder} is locked, but the key that opens it is missing.",
                hint="Put back key.json from a copy of the data folder, or restore a backup "
                f"({suggest.RESTORE}).",
            )
        raise StoreError(
            f"The case in {self.folder} was locked with a different key from the one in the data folder.",
            hint=f"Put back the key.json that came with it, or restore it from a backup ({suggest.RESTORE}).",
        )

    # --- sealing one record ---------------------------------------------------------------

    def binding(self, table: str, key: object) -> bytes:
        """Where a value of ``table`` at row ``key`` belongs (the associated data of its seal)."""
        return binding_for(self.case_id, table, SEALED_TABLES[table].column, key)

    def slot(self, table: str, name: str) -> str:
        """The row key of ``name`` (an answer or step id) in ``table``."""
        return self.codec.slot(name, binding_for(self.case_id, table, "id", name))

    def seal_record(self, table: str, key: object, record: Any) -> bytes:
        """A record as the bytes stored at row ``key`` of ``table``."""
        plain = json.dumps(record, ensure_ascii=False, default=str).encode("utf-8")
        return self.codec.seal(plain, self.binding(table, key))

    def open_record(self, table: str, key: object, sealed: bytes) -> Any:
        """The record stored at row ``key`` of ``table``; one that does not belong there is refused."""
        plain = self.codec.open(bytes(sealed), self.binding(table, key))
        try:
            if plain is None:
                raise ValueError("does not open here")
            return json.loads(plain.decode("utf-8"))
        except ValueError:
            raise checks.moved_error(self.path, SEALED_TABLES[table].what) from None

    # --- answers, steps, history ----------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        """A small piece of bookkeeping (never user text)."""
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _records(self, table: str) -> Iterator[dict[str, Any]]:
        spec = SEALED_TABLES[table]
        for key, sealed in self.connection.execute(f"SELECT {spec.key}, {spec.column} FROM {table}"):
            record = self.open_record(table, key, sealed)
            if spec.slotted and (
                not isinstance(record, dict) or self.slot(table, str(record.get("id"))) != key
            ):
                raise checks.moved_error(self.path, spec.what)
            yield record

    def answers(self) -> dict[str, Any]:
        """Every saved answer by its id."""
        return {record["id"]: record["value"] for record in self._records("answers")}

    def answer_sources(self) -> dict[str, str]:
        """Where each answer came from: ``asked``, ``file``, ``document`` or ``default``."""
        return {record["id"]: record["source"] for record in self._records("answers")}

    def set_answer(self, answer_id: str, value: Any, *, source: str = "asked") -> None:
        """Save one answer at once, and remember the old one so "back" can restore it."""
        record = {"id": answer_id, "value": value, "source": source, "at": now_text()}
        with self.transaction() as connection:
            old = self._replace(connection, "answers", answer_id, record)
            if source == "asked":
                self._record(connection, f"answer:{answer_id}", old)

    def step_records(self) -> dict[str, StepRecord]:
        """What the user did about each step they reached."""
        return {
            record["id"]: StepRecord(
                record["status"], None if record["stopped"] is None else bool(record["stopped"]), record["at"]
            )
            for record in self._records("steps")
        }

    def set_step(self, step_id: str, status: str, *, problem_stopped: bool | None = None) -> None:
        """Record what the user did about a step (one of ``STEP_STATUSES``)."""
        if status not in STEP_STATUSES:
            raise ValueError(f"unknown step status {status!r}")
        record = {"id": step_id, "status": status, "stopped": problem_stopped, "at": now_text()}
        with self.transaction() as connection:
            old = self._replace(connection, "steps", step_id, record)
            self._record(connection, f"step:{step_id}", old)

    def clear_step(self, step_id: str) -> None:
        """Forget what was recorded for a step, so it is walked again."""
        with self.transaction() as connection:
            connection.execute("DELETE FROM steps WHERE slot = ?", (self.slot("steps", step_id),))

    def _replace(self, connection: sqlite3.Connection, table: str, name: str, record: Any) -> Any:
        """Store ``record`` as row ``name`` of a slotted table; return the record it replaced."""
        slot = self.slot(table, name)
        row = connection.execute(f"SELECT record FROM {table} WHERE slot = ?", (slot,)).fetchone()
        old = None if row is None else self.open_record(table, slot, row[0])
        connection.execute(
            f"INSERT INTO {table} (slot, record) VALUES (?, ?) "
            "ON CONFLICT(slot) DO UPDATE SET record = excluded.record",
            (slot, self.seal_record(table, slot, record)),
        )
        return old

    def _record(self, connection: sqlite3.Connection, key: str, old: Any) -> None:
        self.insert_numbered(connection, "history", {"key": key, "old": old, "at": now_text()})

    def insert_numbered(self, connection: sqlite3.Connection, table: str, record: Any) -> int:
        """Append a record to a numbered table (its number is part of its binding); return the number."""
        cursor = connection.execute(f"INSERT INTO {table} (record) VALUES (x'')")
        seq = int(cursor.lastrowid or 0)
        connection.execute(
            f"UPDATE {table} SET record = ? WHERE seq = ?", (self.seal_record(table, seq, record), seq)
        )
        return seq

    def undo_last(self) -> str | None:
        """Take back the last thing the user answered; return its key, or None if nothing is left.

        This is what "go back" means: the previous answer is restored as it
        was (opened where history keeps it, sealed again where it belongs),
        so the engine asks that question again.
        """
        with self.transaction() as connection:
            row = connection.execute("SELECT seq, record FROM history ORDER BY seq DESC LIMIT 1").fetchone()
            if row is None:
                return None
            seq, sealed = row
            entry = self.open_record("history", seq, sealed)
            kind, _, name = str(entry["key"]).partition(":")
            table = _UNDO_TABLES[kind]
            slot = self.slot(table, name)
            connection.execute(f"DELETE FROM {table} WHERE slot = ?", (slot,))
            if entry["old"] is not None:
                old = {**entry["old"], "source": "asked"} if table == "answers" else entry["old"]
                connection.execute(
                    f"INSERT INTO {table} (slot, record) VALUES (?, ?)",
                    (slot, self.seal_record(table, slot, old)),
                )
            connection.execute("DELETE FROM history WHERE seq = ?", (seq,))
            return str(entry["key"])

    def record_document(self, name: str, sha256: str, path: Path) -> None:
        """Remember that document ``name`` was written to ``path`` (all of it sealed like user text)."""
        record = {"name": name, "created_at": now_text(), "sha256": sha256, "path": str(path.resolve())}
        with self.transaction() as connection:
            self.insert_numbered(connection, "documents", record)

    def made_documents(self) -> list[DocumentRecord]:
        """Every document made for this case, oldest first."""
        rows = self.connection.execute("SELECT seq, record FROM documents ORDER BY seq").fetchall()
        made = []
        for seq, sealed in rows:
            record = self.open_record("documents", seq, sealed)
            made.append(
                DocumentRecord(record["name"], record["created_at"], record["sha256"], Path(record["path"]))
            )
        return made

    def reset(self) -> None:
        """Forget every answer and step status (``start --restart``)."""
        with self.transaction() as connection:
            for table in ("answers", "steps", "history"):
                connection.execute(f"DELETE FROM {table}")
        self.connection.execute("VACUUM")

    # --- the log's head ----------------------------------------------------------------------

    def log_head(self) -> LogHead | None:
        """The newest entry the log recorded, checked against its tag when there is a key."""
        text = self.get_meta(HEAD_META)
        if text is None:
            return None
        seq_text, _, entry_hash = text.partition(":")
        tag = self.codec.tag(self._head_message(text))
        trusted = None if tag is None else secrets.compare_digest(tag, self.get_meta(HEAD_TAG_META) or "")
        return LogHead(int(seq_text) if seq_text.isdigit() else -1, entry_hash, trusted)

    def write_log_head(self, connection: sqlite3.Connection, seq: int, entry_hash: str) -> None:
        """Record the newest entry (and its tag, with a key) inside the caller's transaction."""
        text = f"{seq}:{entry_hash}"
        write_meta(connection, HEAD_META, text)
        self.tag_log_head(connection, text)

    def tag_log_head(self, connection: sqlite3.Connection, text: str | None = None) -> None:
        """Authenticate the recorded head with this store's codec (or drop the tag without a key)."""
        text = text if text is not None else self.get_meta(HEAD_META)
        tag = None if text is None else self.codec.tag(self._head_message(text))
        if tag is None:
            connection.execute("DELETE FROM meta WHERE key = ?", (HEAD_TAG_META,))
        else:
            write_meta(connection, HEAD_TAG_META, tag)

    def _head_message(self, text: str) -> bytes:
        return binding_for(self.case_id, "meta", HEAD_META, text)


def write_meta(connection: sqlite3.Connection, key: str, value: str) -> None:
    """Set a small piece of bookkeeping (never user text), inside the caller's transaction."""
    connection.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


# What "back" undoes, by history key kind: the table the old record goes back to.
_UNDO_TABLES = {"answer": "answers", "step": "steps"}


def _connect(path: Path) -> sqlite3.Connection:
    try:
        return sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    except sqlite3.Error as error:
        raise checks.store_error(path, error) from error
