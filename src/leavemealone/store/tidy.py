"""Leftovers of a crash or a full disk, removed at the next start while no other command runs.

A half-written copy (``*.partial``), a backup's or restore's scratch folder
(``.scratch-*``) and a rollback journal SQLite no longer needs
(``-journal``) can hold old bytes, plaintext included. They are removed by
the first command that finds the data folder otherwise unused (it holds the
lock alone meanwhile), so never while another command may be writing them.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from leavemealone.store import crypto
from leavemealone.store.case_store import DATABASE_NAME, FILES_DIR, PARTIAL

SCRATCH_PREFIX = ".scratch-"
JOURNAL_SUFFIX = "-journal"


def tidy_leftovers(home: Path, case_folders: list[Path]) -> int:
    """Remove what a crash left behind in ``home``; the caller holds the lock alone. Return the count."""
    removed = 0
    for entry in _entries(home):
        if entry.name.startswith(SCRATCH_PREFIX) and entry.is_dir() and not entry.is_symlink():
            for parent, names in _walk(entry):
                for name in names:
                    crypto.overwrite_and_delete(parent / name)
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
        elif entry.name.endswith(PARTIAL):
            crypto.overwrite_and_delete(entry)
            removed += 1
    cases = home / "cases"
    for folder in [*case_folders, *(path for path in _entries(cases) if path not in case_folders)]:
        if not folder.is_dir() or folder.is_symlink():
            continue
        for entry in [*_entries(folder), *_entries(folder / FILES_DIR)]:
            if PARTIAL in entry.name and not entry.is_dir():
                crypto.overwrite_and_delete(entry)
                removed += 1
        removed += _settle_journal(folder / DATABASE_NAME)
    return removed


def _settle_journal(database: Path) -> int:
    """Let SQLite roll back a crash's journal (it needs it), then remove one it no longer reads."""
    journal = database.with_name(database.name + JOURNAL_SUFFIX)
    if not journal.exists() or not database.exists():
        return 0
    try:
        connection = sqlite3.connect(database, timeout=1.0, isolation_level=None)
        try:
            connection.execute("PRAGMA schema_version").fetchone()  # a hot journal is rolled back here
        finally:
            connection.close()
    except sqlite3.Error:
        return 0  # a damaged case keeps everything, for the check at open to name it
    if not journal.exists():
        return 1
    crypto.overwrite_and_delete(journal)
    return 1


def _entries(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []


def _walk(folder: Path) -> list[tuple[Path, list[str]]]:
    import os

    return [(Path(parent), [*names]) for parent, _dirs, names in os.walk(folder, followlinks=False)]
