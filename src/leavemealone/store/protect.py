"""Protecting what is stored: opening a case with its key, setting or removing a passphrase, wiping.

Each case records in its ``meta`` table which key sealed it (``codec``:
``plain`` or the key id). Setting or removing a passphrase re-seals every
column listed in ``store.SEALED_COLUMNS`` and every kept file, case by case,
one transaction each, then VACUUMs so no old page survives in the file. The
key file is written *before* sealing and removed *after* opening, so an
interruption can never leave data without the key that opens it: the next
unlock finishes the job.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from leavemealone import files
from leavemealone.errors import LeaveMeAloneError, NeedsInputError, StoreError
from leavemealone.paths import HOME_VARIABLE, check_case_name, data_home, ensure_private_dir
from leavemealone.store import crypto, keys
from leavemealone.store.case_store import (
    DATABASE_NAME,
    FILES_DIR,
    SEALED_COLUMNS,
    CaseStore,
    Codec,
    PlainCodec,
    write_meta,
)

CODEC_META = "codec"
PLAIN = "plain"
CASES_DIR = "cases"
# Scratch folders of backup and restore, inside the data folder so nothing lands elsewhere.
SCRATCH_PREFIX = ".scratch-"


@dataclass(frozen=True)
class ProtectResult:
    """What ``protect`` did: ``set``, ``changed`` or ``removed``, over how many cases."""

    action: str
    cases: int


@dataclass(frozen=True)
class WipeResult:
    """What ``wipe`` deleted, and anything it left because it did not make it."""

    home: Path
    deleted_files: int
    key_destroyed: bool
    left: list[Path]


def is_protected() -> bool:
    """Whether a passphrase is set for the data folder."""
    return crypto.key_file_path(data_home()).exists()


def case_folders(home: Path | None = None) -> list[Path]:
    """Every case folder that holds a case file, by name."""
    cases = (home or data_home()) / CASES_DIR
    if not cases.is_dir():
        return []
    found = []
    for folder in sorted(cases.iterdir()):
        try:
            check_case_name(folder.name)
        except LeaveMeAloneError:
            continue
        if folder.is_dir() and not folder.is_symlink() and (folder / DATABASE_NAME).exists():
            found.append(folder)
    return found


def current_codec() -> tuple[Codec, str]:
    """The codec for this run and the state name it stands for (``plain`` or the key id).

    With a passphrase set this asks for it (once a run); if an earlier
    ``protect`` was interrupted, it first seals what it had not reached.
    """
    home = data_home()
    keyfile = crypto.read_key_file(home)
    if keyfile is None:
        return PlainCodec(), PLAIN
    codec = crypto.SealedCodec(keys.unlock(home, keyfile))
    if keyfile.pending:
        for folder in case_folders(home):
            _bring_case(folder, codec, keyfile.key_id)
        crypto.write_key_file(home, replace(keyfile, pending=False))
    return codec, keyfile.key_id


def open_protected(folder: Path) -> CaseStore:
    """Open (creating if needed) the case in ``folder`` with this run's key.

    A case still unsealed while a passphrase is set (new, or not reached by
    an interrupted ``protect``) is sealed before anything is read from it.
    """
    keys.hold_shared_lock(ensure_private_dir(data_home()))
    codec, state = current_codec()
    store = CaseStore.open(folder, codec=codec)
    try:
        _reach_state(store, codec, state)
    except BaseException:
        store.close()
        raise
    return store


def _bring_case(folder: Path, codec: Codec, state: str) -> None:
    with CaseStore.open(folder, codec=codec) as store:
        _reach_state(store, codec, state)


def _reach_state(store: CaseStore, codec: Codec, state: str) -> None:
    found = store.get_meta(CODEC_META) or PLAIN
    if found == state:
        return
    if found == PLAIN:
        reseal_case(store, PlainCodec(), codec, state=state)
        return
    if state == PLAIN:
        raise StoreError(
            f"The case in {store.folder} is locked, but the key that opens it is missing.",
            hint=f"Put back {crypto.KEY_FILE} from a copy of the data folder, or start over with "
            "'leavemealone wipe'.",
        )
    raise StoreError(
        f"The case in {store.folder} was locked with a different key from the one in the data folder.",
        hint=f"Put back the {crypto.KEY_FILE} that came with it, or restore it from a backup.",
    )


def reseal_case(store: CaseStore, old: Codec, new: Codec, *, state: str) -> int:
    """Re-seal every sealed column and kept file of a case from ``old`` to ``new``; return the count.

    Kept files first (each replaced atomically, and skipped if already
    sealed by ``new``), then every row in one transaction that also records
    the new state, then VACUUM so no page of the old bytes stays in the file.
    """
    count = _reseal_files(store.folder / FILES_DIR, old, new)
    with store.transaction() as connection:
        count += reseal_rows(connection, old, new)
        write_meta(connection, CODEC_META, state)
    store.codec = new
    vacuum(store.connection)
    return count


def reseal_rows(connection: sqlite3.Connection, old: Codec, new: Codec) -> int:
    """Re-seal every non-null value of every column in ``SEALED_COLUMNS``, in the caller's transaction."""
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    count = 0
    for table, columns in SEALED_COLUMNS.items():
        if table not in tables:
            continue
        for column in columns:
            rows = connection.execute(
                f'SELECT rowid, "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL'
            ).fetchall()
            for rowid, value in rows:
                raw = value.encode("utf-8") if isinstance(value, str) else bytes(value)
                connection.execute(
                    f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = ?', (new.seal(old.open(raw)), rowid)
                )
                count += 1
    return count


def vacuum(connection: sqlite3.Connection) -> None:
    """Rebuild the database file so freed pages with old bytes are gone; the copy stays in memory."""
    connection.execute("PRAGMA temp_store = MEMORY")
    connection.execute("VACUUM")


def _reseal_files(folder: Path, old: Codec, new: Codec) -> int:
    if not folder.is_dir():
        return 0
    count = 0
    for path in sorted(folder.iterdir()):
        if path.is_symlink() or not path.is_file():
            continue
        if path.name.endswith(".partial"):
            crypto.overwrite_and_delete(path)  # a copy a crash left half-written; nothing points to it
            continue
        content = path.read_bytes()
        plain = _convert(content, old, new)
        if plain is None:
            continue
        files.write_private_file(path, new.seal(plain))
        count += 1
    return count


def _convert(content: bytes, old: Codec, new: Codec) -> bytes | None:
    """The plaintext to re-seal, or None when ``content`` is already in the new form.

    Sealed bytes carry an authentication tag, so "does this key open it"
    tells an already converted file from one still to do.
    """
    if isinstance(new, crypto.SealedCodec) and new.try_open(content) is not None:
        return None
    if isinstance(old, crypto.SealedCodec):
        plain = old.try_open(content)
        if plain is None and not isinstance(new, crypto.SealedCodec):
            return None
        return old.open(content) if plain is None else plain
    return old.open(content)


def set_passphrase(passphrase: str) -> ProtectResult:
    """Lock everything stored with ``passphrase`` (none was set before)."""
    home = ensure_private_dir(data_home())
    if crypto.read_key_file(home) is not None:
        raise LeaveMeAloneError("A passphrase is already set.", hint="Change it with: leavemealone protect")
    keys.check_strength(passphrase)
    with keys.exclusive_lock(home):
        key_id, key = crypto.new_data_key()
        keyfile = crypto.wrap_key(key, passphrase, key_id=key_id, pending=True)
        crypto.write_key_file(home, keyfile)
        keys.remember(home, key_id, key)
        codec = crypto.SealedCodec(key)
        folders = case_folders(home)
        for folder in folders:
            _bring_case(folder, codec, key_id)
        crypto.write_key_file(home, replace(keyfile, pending=False))
    return ProtectResult("set", len(folders))


def change_passphrase(passphrase: str) -> ProtectResult:
    """Rewrap the data key with a new passphrase (asks for the current one); the data is not touched."""
    home = data_home()
    keyfile = _required_key_file(home)
    key = keys.unlock(home, keyfile)
    keys.check_strength(passphrase)
    rewrapped = crypto.wrap_key(key, passphrase, key_id=keyfile.key_id, pending=keyfile.pending)
    crypto.write_key_file(home, rewrapped)
    return ProtectResult("changed", len(case_folders(home)))


def remove_passphrase() -> ProtectResult:
    """Open every case back to plain storage (asks for the passphrase), then destroy the key."""
    home = data_home()
    keyfile = _required_key_file(home)
    codec = crypto.SealedCodec(keys.unlock(home, keyfile))
    with keys.exclusive_lock(home):
        folders = case_folders(home)
        for folder in folders:
            with CaseStore.open(folder, codec=codec) as store:
                found = store.get_meta(CODEC_META) or PLAIN
                if found == keyfile.key_id:
                    reseal_case(store, codec, PlainCodec(), state=PLAIN)
                elif found != PLAIN:
                    _reach_state(store, codec, keyfile.key_id)  # raises: sealed by a different key
        crypto.destroy_key_file(home)
    keys.forget_key()
    return ProtectResult("removed", len(folders))


def _required_key_file(home: Path) -> crypto.KeyFile:
    keyfile = crypto.read_key_file(home)
    if keyfile is None:
        raise LeaveMeAloneError("No passphrase is set.", hint="Set one with: leavemealone protect")
    return keyfile


def unlock_now(*, no_input: bool = False) -> None:
    """Ask for the passphrase now (if one is set), so a wrong one stops a command before anything else.

    With ``no_input`` it must come from ``LEAVEMEALONE_PASSPHRASE``.
    """
    if no_input and is_protected() and not os.environ.get(keys.PASSPHRASE_VARIABLE):
        raise NeedsInputError(
            "The current passphrase is needed and nothing can be asked here.",
            hint=f"Set {keys.PASSPHRASE_VARIABLE} (other programs you run can read environment variables).",
        )
    current_codec()


def wipe() -> WipeResult:
    """Delete everything the tool stored; the wrapped key goes first, so copies stay unreadable.

    The default data folder is removed whole. A folder chosen with
    ``LEAVEMEALONE_HOME`` may hold other things (a USB stick), so there only
    what the tool made is removed, and anything else is reported.
    """
    home = data_home()
    if not home.exists():
        return WipeResult(home, 0, False, [])
    key_destroyed = crypto.destroy_key_file(home)
    keys.forget_key()
    ours_only = bool(os.environ.get(HOME_VARIABLE, "").strip())
    deleted = 0
    for entry in sorted(home.iterdir()):
        if ours_only and not _made_by_us(entry):
            continue
        deleted += delete_tree(entry)
    left = sorted(home.iterdir())
    if not left:
        home.rmdir()
    return WipeResult(home, deleted, key_destroyed, left)


def _made_by_us(entry: Path) -> bool:
    ours = (CASES_DIR, crypto.KEY_FILE, crypto.KEY_FILE + ".partial", keys.LOCK_FILE)
    return entry.name in ours or entry.name.startswith(SCRATCH_PREFIX)


def delete_tree(entry: Path) -> int:
    """Overwrite and delete every file under ``entry``, never following links; return the count."""
    if not entry.exists() and not entry.is_symlink():
        return 0
    if entry.is_symlink() or not entry.is_dir():
        crypto.overwrite_and_delete(entry)
        return 1
    count = 0
    for path in _walk_files(entry):
        crypto.overwrite_and_delete(path)
        count += 1
    shutil.rmtree(entry, ignore_errors=True)
    return count


def _walk_files(folder: Path) -> Iterator[Path]:
    for parent, _dirs, names in os.walk(folder, followlinks=False):
        for name in names:
            yield Path(parent) / name
