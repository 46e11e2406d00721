"""Checking a case file before it is used, and the sentences for a file or value that is not right.

A damaged case file is refused by name, never read or written.

Three cheap checks, in order: SQLite's own ``PRAGMA quick_check`` walks
every page (zeroed or garbled pages fail there), the file is not empty, and
it holds every page its SQLite header counts (a cut file fails here). The
quick check reads the whole file once: about 1 ms a megabyte (see
``benchmarks/startup.py``).

Whole pages past the size the header records are allowed: SQLite ends a
commit that shrinks the file (a VACUUM) by deleting its rollback journal
and only then cutting the file to size (``pager_end_transaction`` in its
pager.c), so a kill between the two leaves a complete database followed by
stale pages. SQLite reads such a file as it is (only a header size past the
end of the file is corruption to it) and its next VACUUM cuts them.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from leavemealone import suggest
from leavemealone.errors import StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 100


def damaged(path: Path, detail: str) -> StoreError:
    """The one sentence for a case file that cannot be trusted."""
    return StoreError(
        f"The case file {path} is damaged ({detail}), so nothing was read from it or written to it.",
        hint=f"Move the folder {path.parent} somewhere safe (it may still be recoverable), then bring "
        f"your data back from a backup: {suggest.RESTORE}",
    )


def check_case_file(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse a case file that is empty, cut, zeroed or garbled (``StoreError`` naming the file).

    The quick check runs first: it also lets SQLite finish rolling back a
    change a crash interrupted, after which every page the header counts
    must be in the file. Both run inside one read transaction, so another
    window's commit cannot grow the file between the check and the header
    read (SQLite writes page 1 before the pages it adds at the end).
    """
    try:
        connection.execute("BEGIN")
    except sqlite3.DatabaseError as error:
        raise store_error(path, error) from error
    try:
        _check_inside_a_read(connection, path)
    except BaseException:
        with contextlib.suppress(sqlite3.Error):  # the first error is the one to tell
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _check_inside_a_read(connection: sqlite3.Connection, path: Path) -> None:
    try:
        rows = connection.execute("PRAGMA quick_check(1)").fetchall()
    except sqlite3.DatabaseError as error:
        if _in_use(error):  # another window is writing it for longer than the busy timeout
            raise store_error(path, error) from error
        raise damaged(path, f"SQLite cannot read it: {error}") from error
    if rows != [("ok",)]:
        raise damaged(path, f"SQLite found: {rows[0][0] if rows else 'nothing'}")
    with path.open("rb") as handle:
        header = handle.read(HEADER_BYTES)
        size = handle.seek(0, 2)
    if size == 0:
        raise damaged(path, "it is empty")
    if len(header) < HEADER_BYTES or not header.startswith(SQLITE_MAGIC):
        raise damaged(path, "its header is gone")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1) or size % page_size:
        raise damaged(path, "its size does not fit its pages")
    pages = int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    change_counter = int.from_bytes(header[24:28], "big")
    if valid_for == change_counter and pages * page_size > size:
        raise damaged(path, f"it should hold {pages * page_size:,} bytes but holds only {size:,}")


def moved_error(path: Path, what: str) -> StoreError:
    """The one sentence for a sealed value that does not open where it was found."""
    return StoreError(
        f"{what[:1].upper()}{what[1:]} in {path} was changed outside leavemealone (moved, swapped, "
        "copied from elsewhere or put back from an older copy), so it was not used.",
        hint=f"Nothing was shown or changed. A backup brings your data back: {suggest.RESTORE}",
    )


def store_error(path: Path, error: BaseException) -> StoreError:
    """A SQLite or file-system error as one sentence about the case file."""
    text = str(error).lower()
    if _in_use(error):
        return StoreError(
            f"The case file {path} is in use by another leavemealone window.",
            hint="Close the other window (or wait a moment) and try again.",
        )
    if "no such table" in text or "no such column" in text:
        return damaged(path, f"it does not hold what leavemealone saves: {error}")
    if "not a database" in text or "malformed" in text or "disk image" in text:
        return damaged(path, "SQLite cannot read it")
    if "full" in text:
        return StoreError(
            "The disk is full, so nothing more could be saved; what you saved before is safe.",
            hint="Free some space, then run the same command again.",
        )
    return StoreError(
        f"The case file {path} cannot be used ({error}); it was left untouched.",
        hint="Check the folder's permissions, or set LEAVEMEALONE_HOME to a folder you own.",
    )


def _in_use(error: BaseException) -> bool:
    """Whether SQLite gave up waiting for another connection, which says nothing about the file."""
    text = str(error).lower()
    return "locked" in text or "busy" in text
