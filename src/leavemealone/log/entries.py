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
from collections.abc import Iterable, Sequence
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
    with store.transaction() as connection:
        last = connection.execute(
            "SELECT seq, entry_hash FROM log_entries ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        seq, prev = (int(last[0]), str(last[1])) if last else (0, GENESIS)
        for new in entries:
            seq += 1
            if new.amends is not None and not 0 < new.amends < seq:
                raise ValueError(f"an entry can only correct an earlier one, not {new.amends!r}")
            record = {**new.record, "nonce": secrets.token_hex(16)}
            created = now_text()
            digest = content_hash(seq, new.kind, new.amends, created, record)
            link = chain_hash(prev, digest)
            content = {"kind": new.kind, "amends": new.amends, "created_at": created, "record": record}
            connection.execute(
                f"INSERT INTO log_entries ({_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                (seq, store.seal_record(TABLE, seq, content), digest, prev, link),
            )
            written.append(Entry(seq, new.kind, new.amends, created, record, digest, prev, link))
            prev = link
        if written:
            # Kept beside the chain (and, with a key, authenticated) so removing the newest entries shows.
            store.write_log_head(connection, seq, prev)
    return written


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
            hint=f"Correct the original instead: leavemealone log amend {target.amends} ...",
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
    opened = store.open_record(TABLE, seq, content)
    record = opened.get("record") if isinstance(opened, dict) else None
    if not isinstance(record, dict):
        raise ValueError("an entry's content is not a mapping")
    kind, amends, created = opened["kind"], opened["amends"], opened["created_at"]
    return Entry(int(seq), str(kind), amends, str(created), record, str(digest), str(prev), str(link))


def load_entries(store: CaseStore) -> list[Entry]:
    """Every entry in order, opened. A damaged entry is an error: run ``log verify`` to find it."""
    rows = store.connection.execute(f"SELECT {_COLUMNS} FROM log_entries ORDER BY seq").fetchall()
    try:
        return [open_entry(store, row) for row in rows]
    except (StoreError, ValueError, KeyError, TypeError) as error:
        raise LeaveMeAloneError(
            "An entry of the incident log cannot be read: it was changed, moved or damaged outside "
            "leavemealone.",
            hint=f"See which one with: {suggest.LOG_VERIFY}",
        ) from error


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
        raise UsageError(f"There is no entry {seq} in the log.", hint=hint + " See: leavemealone log list")
    try:
        return open_entry(store, row)
    except (StoreError, ValueError, KeyError, TypeError) as error:
        raise LeaveMeAloneError(
            f"Entry {seq} cannot be read: it was changed, moved or damaged outside leavemealone.",
            hint=f"Check the whole log with: {suggest.LOG_VERIFY}",
        ) from error
