"""Writing the incident log: append-only entries, each sealed and hash-chained to the one before.

Nothing is edited in place. A correction is a new entry that points at the
one it corrects; the delivery of the no-contact notice is an entry too, so
every later incident can be shown as happening "after notice". The entry's
shape, checks and hashes live in ``model``; reading the log back in
``timeline``; verification in ``verify``; the export in ``export``.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leavemealone import suggest
from leavemealone.errors import LeaveMeAloneError, StoreError, UsageError
from leavemealone.inputs import MEGABYTE, open_user_file
from leavemealone.log.model import (
    GENESIS,
    NOTICE_VIA,
    Entry,
    Evidence,
    chain_hash,
    check_channels,
    clean_list,
    clean_text,
    content_hash,
    parse_when,
)
from leavemealone.store.case_store import CaseStore, now_text

TABLE = "log_entries"
MAX_SEQ = 2**63  # SQLite's integers end here; a larger number cannot be an entry

_COLUMNS = "seq, content, content_hash, prev_hash, entry_hash"
PAGE = 500  # rows read at a time: the log is read in pages, so no read holds the database for long
MAX_EVIDENCE_BYTES = 4 * 1024 * MEGABYTE  # a long phone video; kept in flat memory, whatever its size


@dataclass(frozen=True)
class NewEntry:
    """An entry ready to be appended: its kind, what it corrects, and its record."""

    kind: str
    record: dict[str, Any]
    amends: int | None = None


def check_evidence_file(path: Path, *, option: str = "The evidence file") -> None:
    """Refuse, naming ``option``, a path that is not an ordinary file we can keep (before saving anything)."""
    with open_user_file(path, limit=MAX_EVIDENCE_BYTES, what=option):
        pass


def keep_evidence(
    store: CaseStore, paths: Sequence[Path], *, option: str = "The evidence file"
) -> list[dict[str, Any]]:
    """Copy each file into the case (sealed, by SHA-256) in flat memory; the original is only read."""
    kept = []
    for path in paths:
        path = Path(path).expanduser()
        with open_user_file(path, limit=MAX_EVIDENCE_BYTES, what=option) as (handle, size):
            modified = dt.datetime.fromtimestamp(os.fstat(handle.fileno()).st_mtime).astimezone()
            try:
                digest = store.put_file_from(handle, size)
            except OSError as error:
                raise LeaveMeAloneError(
                    f"Cannot keep a copy of {path}: {error.strerror or error}.",
                    hint="Check that the file is not being changed and that there is space left, then retry.",
                ) from error
        kept.append(Evidence(path.name, size, digest, modified.isoformat(timespec="seconds")).as_dict())
    return kept


def append_entries(store: CaseStore, entries: Sequence[NewEntry]) -> list[Entry]:
    """Append entries in one transaction: all of them are saved, or none."""
    written: list[Entry] = []
    append_stream(store, entries, written.append)
    return written


@dataclass(frozen=True)
class Appended:
    """Where appended entries went: numbers ``first`` to ``last``."""

    first: int
    last: int

    @property
    def count(self) -> int:
        """How many entries were appended."""
        return self.last - self.first + 1 if self.last >= self.first else 0


def append_stream(
    store: CaseStore, entries: Iterable[NewEntry], keep: Callable[[Entry], object] | None = None
) -> Appended:
    """Append entries as they come, in one transaction: all of them are saved, or none.

    ``entries`` may be a generator: it is read inside the transaction, so
    raising from it saves nothing. ``keep`` is given each saved entry (a
    bulk import keeps none of them, so it needs little memory).
    """
    insert = f"INSERT INTO log_entries ({_COLUMNS}) VALUES (?, ?, ?, ?, ?)"
    with store.transaction() as connection:
        last = connection.execute(
            "SELECT seq, entry_hash FROM log_entries ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        seq, prev = (int(last[0]), str(last[1])) if last else (0, GENESIS)
        first = seq + 1
        rows: list[tuple[int, bytes, str, str, str]] = []
        for new in entries:
            seq += 1
            if new.amends is not None and not 0 < new.amends < seq:
                raise ValueError(f"an entry can only correct an earlier one, not {new.amends!r}")
            record = {**new.record, "nonce": secrets.token_hex(16)}
            created = now_text()
            digest = content_hash(seq, new.kind, new.amends, created, record)
            link = chain_hash(prev, digest)
            content = {"kind": new.kind, "amends": new.amends, "created_at": created, "record": record}
            rows.append((seq, store.seal_record(TABLE, seq, content), digest, prev, link))
            if len(rows) == PAGE:
                connection.executemany(insert, rows)
                rows.clear()
            if keep is not None:
                keep(Entry(seq, new.kind, new.amends, created, record, digest, prev, link))
            prev = link
        connection.executemany(insert, rows)
        if seq >= first:
            # Kept beside the chain (and, with a key, authenticated) so removing the newest entries shows.
            store.write_log_head(connection, seq, prev)
    return Appended(first, seq)


def incident_record(
    *,
    what: str | None,
    when: str | dt.date | None = None,
    where: str | None = None,
    channels: Iterable[str] = (),
    witnesses: Iterable[str] = (),
    police_report: str | None = None,
    officer: str | None = None,
) -> dict[str, Any]:
    """Check and tidy an incident's fields into the record that is sealed and hashed."""
    text = clean_text(what)
    if text is None:
        raise UsageError("Say what happened: an incident needs a few words about it.")
    record: dict[str, Any] = {"when": parse_when(when), "what": text}
    optional = {"where": where, "police_report": police_report, "officer": officer}
    record.update({key: cleaned for key, value in optional.items() if (cleaned := clean_text(value))})
    lists = {"channels": check_channels(channels), "witnesses": clean_list(witnesses)}
    record.update({key: value for key, value in lists.items() if value})
    return record


def add_incident(
    store: CaseStore,
    *,
    what: str | None,
    when: str | dt.date | None = None,
    where: str | None = None,
    channels: Iterable[str] = (),
    witnesses: Iterable[str] = (),
    police_report: str | None = None,
    officer: str | None = None,
    evidence: Sequence[Path] = (),
) -> Entry:
    """Record one incident in its own transaction; return the saved entry.

    ``when`` defaults to now. Evidence files are copied into the case first,
    so the entry never points at a copy that is not there.
    """
    record = incident_record(
        what=what,
        when=when,
        where=where,
        channels=channels,
        witnesses=witnesses,
        police_report=police_report,
        officer=officer,
    )
    kept = keep_evidence(store, evidence)
    if kept:
        record["evidence"] = kept
    return append_entries(store, [NewEntry("incident", record)])[0]


def amend_entry(
    store: CaseStore,
    seq: int,
    *,
    note: str | None = None,
    what: str | None = None,
    when: str | dt.date | None = None,
    where: str | None = None,
    channels: Sequence[str] | None = None,
    witnesses: Sequence[str] | None = None,
    police_report: str | None = None,
    officer: str | None = None,
    evidence: Sequence[Path] = (),
) -> Entry:
    """Record a correction to entry ``seq``: a new entry; the original stays as it was.

    A field given here replaces the recorded one when the entry is shown or
    exported; evidence files are added to the ones already kept.
    """
    target = load_entry(store, seq)
    if target.kind == "correction":
        raise UsageError(
            f"Entry {seq} is itself a correction (of entry {target.amends}).",
            hint=f"Correct the original instead, for example: {suggest.amend_example(target.amends or 0)}",
        )
    record: dict[str, Any] = {}
    texts = {"note": note, "what": what, "where": where, "police_report": police_report, "officer": officer}
    record.update({key: cleaned for key, value in texts.items() if (cleaned := clean_text(value))})
    if when is not None:
        record["when"] = parse_when(when)
    if channels is not None:
        record["channels"] = check_channels(channels)
    if witnesses is not None:
        record["witnesses"] = clean_list(witnesses)
    kept = keep_evidence(store, evidence)
    if kept:
        record["evidence"] = kept
    if not record:
        raise UsageError(
            "Say what to correct.",
            hint=f"For example: {suggest.amend_example(seq)}",
        )
    return append_entries(store, [NewEntry("correction", record, amends=seq)])[0]


def record_notice_delivery(
    store: CaseStore, *, delivered_on: str | dt.date, via: str, evidence: Sequence[Path] = ()
) -> Entry:
    """Log that the no-contact notice reached the person, on ``delivered_on``, ``via`` a channel.

    ``delivered_on`` is a day (``YYYY-MM-DD``) or a day and time; ``via`` is
    one of ``NOTICE_VIA``. Every incident after it is marked "after notice":
    when only the day is known, incidents later that same day are not
    counted, because it cannot be shown which came first.
    """
    method = via.strip().lower()
    if method not in NOTICE_VIA:
        known = ", ".join(NOTICE_VIA)
        raise UsageError(f"{via!r} is not a known way of delivery.", hint=f"Use one of: {known}.")
    record: dict[str, Any] = {"when": parse_when(delivered_on, option="The delivery date"), "via": method}
    kept = keep_evidence(store, evidence)
    if kept:
        record["evidence"] = kept
    return append_entries(store, [NewEntry("notice", record)])[0]


# --- reading ----------------------------------------------------------------------------


def open_entry(store: CaseStore, row: Sequence[Any]) -> Entry:
    """An entry as stored (``seq, content, content_hash, prev_hash, entry_hash``), opened where it belongs."""
    seq, content, digest, prev, link = row
    kind, amends, created, record = open_content(store, seq, content)
    return Entry(int(seq), kind, amends, created, record, str(digest), str(prev), str(link))


def open_content(store: CaseStore, seq: int, content: bytes) -> tuple[str, int | None, str, dict[str, Any]]:
    """An entry's sealed content opened where it belongs: its kind, what it corrects, when, and its record."""
    opened = store.open_record(TABLE, seq, content)
    record = opened.get("record") if isinstance(opened, dict) else None
    if not isinstance(record, dict):
        raise ValueError("an entry's content is not a mapping")
    return str(opened["kind"]), opened["amends"], str(opened["created_at"]), record


def unreadable_log() -> LeaveMeAloneError:
    """The error for an entry that does not open: changed, moved or damaged outside the tool."""
    return LeaveMeAloneError(
        "An entry of the incident log cannot be read: it was changed, moved or damaged outside leavemealone.",
        hint=f"See which one with: {suggest.LOG_VERIFY}",
    )


READ_ERRORS = (StoreError, ValueError, KeyError, TypeError)  # what a damaged entry raises when opened


def log_rows(
    store: CaseStore, columns: str = _COLUMNS, *, upto: int | None = None
) -> Iterator[Sequence[Any]]:
    """Every row of the log in order, read a page at a time (``upto``: only entries up to that number)."""
    after = 0
    last = MAX_SEQ - 1 if upto is None else upto
    query = f"SELECT {columns} FROM log_entries WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT {PAGE}"
    while True:
        page = store.connection.execute(query, (after, last)).fetchall()
        yield from page
        if len(page) < PAGE:
            return
        after = int(page[-1][0])


def iter_entries(store: CaseStore, *, upto: int | None = None) -> Iterator[Entry]:
    """Every entry in order, opened one at a time. A damaged entry is an error: ``log verify`` finds it."""
    for row in log_rows(store, upto=upto):
        try:
            yield open_entry(store, row)
        except READ_ERRORS as error:
            raise unreadable_log() from error


def load_entries(store: CaseStore) -> list[Entry]:
    """Every entry in order, opened (for a short log: ``iter_entries`` reads a long one as it goes)."""
    return list(iter_entries(store))


def entries_at(store: CaseStore, seqs: Sequence[int]) -> dict[int, Entry]:
    """The entries numbered ``seqs``, known to be there (the log was just read), opened, by number.

    Read ``PAGE`` at a time with one query each: a query a row costs more in
    locking the file than in reading it.
    """
    found: dict[int, Entry] = {}
    for start in range(0, len(seqs), PAGE):
        chunk = seqs[start : start + PAGE]
        marks = ", ".join("?" * len(chunk))
        query = f"SELECT {_COLUMNS} FROM log_entries WHERE seq IN ({marks})"
        try:
            for row in store.connection.execute(query, chunk):
                found[int(row[0])] = open_entry(store, row)
        except READ_ERRORS as error:
            raise unreadable_log() from error
    if len(found) < len(set(seqs)):  # removed since the log was read
        raise unreadable_log()
    return found


def count_entries(store: CaseStore) -> int:
    """How many entries the log holds (incidents, notices and corrections), without opening any."""
    return int(store.connection.execute("SELECT count(*) FROM log_entries").fetchone()[0])


def load_entry(store: CaseStore, seq: int) -> Entry:
    """Entry ``seq``, opened; a number that is not there is a usage error saying which exist."""
    row = None
    if 0 < seq < MAX_SEQ:
        row = store.connection.execute(f"SELECT {_COLUMNS} FROM log_entries WHERE seq = ?", (seq,)).fetchone()
    if row is None:
        count = count_entries(store)
        hint = f"Entries are numbered 1 to {count}." if count else "The log is empty so far."
        raise UsageError(f"There is no entry {seq} in the log.", hint=f"{hint} See: {suggest.LOG_LIST}")
    try:
        return open_entry(store, row)
    except READ_ERRORS as error:
        raise LeaveMeAloneError(
            f"Entry {seq} cannot be read: it was changed, moved or damaged outside leavemealone.",
            hint=f"Check the whole log with: {suggest.LOG_VERIFY}",
        ) from error
