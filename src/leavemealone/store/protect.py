"""Protecting what is stored: opening a case with its key, setting or removing a passphrase, wiping.

Each case records in its ``meta`` which key sealed it (``codec``: ``plain``
or the key id). Setting or removing a passphrase re-seals every case
(``reseal``). A journal, ``key-change.json``, says which change is under
way: written before the first case is touched, removed after the last. A
run that dies halfway (kill -9, a power cut) leaves it behind, and the next
command that opens a case finishes the change first, so no case is ever
left half sealed. A change that fails inside the run (a full disk, a case
that will not open) is rolled back before the error is shown, and cases
that cannot be changed are found before anything is written. Changing the
passphrase only rewraps the key: one atomic rename, nothing to journal.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from leavemealone import files, suggest
from leavemealone.errors import LeaveMeAloneError, NeedsInputError, StoreError
from leavemealone.inputs import KILOBYTE, read_user_file
from leavemealone.paths import HOME_VARIABLE, check_case_name, data_home, ensure_private_dir
from leavemealone.store import crypto, keys
from leavemealone.store.case_store import DATABASE_NAME, CaseStore
from leavemealone.store.reseal import reseal_case
from leavemealone.store.sealing import PLAIN, Codec, PlainCodec, SealedCodec
from leavemealone.store.tidy import SCRATCH_PREFIX, tidy_leftovers

CASES_DIR = "cases"
JOURNAL_FILE = "key-change.json"
WIPE_WAIT_SECONDS = 5.0

__all__ = ["SCRATCH_PREFIX", "case_folders", "current_codec", "open_protected"]


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


@dataclass(frozen=True)
class KeyChange:
    """A change of key under way: ``set`` (sealing every case) or ``remove`` (opening them)."""

    action: str
    key_id: str


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


# --- the journal -------------------------------------------------------------------------------


def read_journal(home: Path) -> KeyChange | None:
    """The key change under way, or None."""
    path = home / JOURNAL_FILE
    if not path.exists():
        return None
    try:
        document = json.loads(read_user_file(path, limit=4 * KILOBYTE, what="The key change journal"))
        change = KeyChange(str(document["action"]), str(document["key_id"]))
    except (LeaveMeAloneError, ValueError, KeyError, TypeError) as error:
        raise StoreError(
            f"The record of an interrupted change of passphrase, {path}, is damaged.",
            hint=f"Restore a backup ({suggest.RESTORE}), or start over with '{suggest.WIPE}'.",
        ) from error
    if change.action not in ("set", "remove"):
        raise StoreError(f"The record of an interrupted change of passphrase, {path}, is damaged.")
    return change


def _write_journal(home: Path, change: KeyChange) -> None:
    content = json.dumps({"action": change.action, "key_id": change.key_id}).encode("utf-8")
    files.write_private_file(home / JOURNAL_FILE, content)


def _clear_journal(home: Path) -> None:
    (home / JOURNAL_FILE).unlink(missing_ok=True)
    files.sync_folder(home)


# --- opening -----------------------------------------------------------------------------------


def current_codec() -> tuple[Codec, str]:
    """The codec for this run and the state name it stands for (``plain`` or the key id).

    With a passphrase set this asks for it (once a run). A change of key
    that a crash interrupted is finished first.
    """
    home = data_home()
    keyfile = crypto.read_key_file(home)
    change = read_journal(home)
    if change is None and keyfile is not None and keyfile.pending:
        change = KeyChange("set", keyfile.key_id)  # the mark versions before the journal left
    if change is not None:
        _finish(home)
        keyfile = crypto.read_key_file(home)
    if keyfile is None:
        return PlainCodec(), PLAIN
    return SealedCodec(keys.unlock(home, keyfile), keyfile.key_id), keyfile.key_id


def open_protected(folder: Path) -> CaseStore:
    """Open (creating if needed) the case in ``folder`` with this run's key.

    A plain case while a passphrase is set was put there (or changed) outside
    the tool, since new cases are created sealed: it is refused, not sealed.
    """
    home = ensure_private_dir(data_home())
    keys.hold_shared_lock(home, tidy=lambda: tidy_leftovers(home, case_folders(home)))
    codec, state = current_codec()
    keys.hold_shared_lock(home)
    store = CaseStore.open(folder, codec=codec)
    if store.codec.state != state:
        store.close()
        raise StoreError(
            f"The case in {folder} is not locked although a passphrase is set: it was put there or "
            "changed outside leavemealone, so it was not opened.",
            hint=f"If you put it there yourself, move it out of {folder.parent}. Otherwise restore a backup: "
            f"{suggest.RESTORE}",
        )
    return store


def _finish(home: Path) -> None:
    """Finish an interrupted change of key, alone (the passphrase is needed while the key file exists)."""
    with keys.exclusive_lock(home, wait=keys.LOCK_WAIT_SECONDS):
        keyfile = crypto.read_key_file(home)
        change = read_journal(home)
        if change is None and keyfile is not None and keyfile.pending:
            change = KeyChange("set", keyfile.key_id)
        if change is None:
            return  # another window finished it meanwhile
        if keyfile is None:
            # "set" died before the key was written (nothing was sealed); "remove" after it was
            # destroyed (everything was opened). Either way only the journal is left to go.
            _clear_journal(home)
            return
        if keyfile.key_id != change.key_id:
            raise StoreError(
                f"The record of an interrupted change of passphrase in {home} names another key."
            )
        sealed = SealedCodec(keys.unlock(home, keyfile), keyfile.key_id)
        _bring_all(case_folders(home), sealed, sealed if change.action == "set" else PlainCodec())
        if change.action == "remove":
            crypto.destroy_key_file(home)
            keys.forget_key()
        elif keyfile.pending:
            crypto.write_key_file(home, replace(keyfile, pending=False))
        _clear_journal(home)


def _bring_all(folders: list[Path], sealed: SealedCodec, target: Codec) -> None:
    for folder in folders:
        with CaseStore.open(folder, codec=sealed) as store:
            reseal_case(store, target, sealed)


def _check_all(folders: list[Path], codec: Codec) -> None:
    """Open every case once before changing anything, so one that cannot be changed stops it all."""
    for folder in folders:
        with CaseStore.open(folder, codec=codec) as store:
            store.answers()


# --- setting, changing and removing the passphrase ------------------------------------------


def set_passphrase(passphrase: str) -> ProtectResult:
    """Lock everything stored with ``passphrase`` (none was set before)."""
    home = ensure_private_dir(data_home())
    if crypto.read_key_file(home) is not None:
        raise LeaveMeAloneError("A passphrase is already set.", hint=f"Change it with: {suggest.PROTECT}")
    keys.check_strength(passphrase)
    with keys.exclusive_lock(home):
        folders = case_folders(home)
        _check_all(folders, PlainCodec())
        key_id, key = crypto.new_data_key()
        sealed = SealedCodec(key, key_id)
        _write_journal(home, KeyChange("set", key_id))
        try:
            crypto.write_key_file(home, crypto.wrap_key(key, passphrase, key_id=key_id))
            keys.remember(home, key_id, key)
            _bring_all(folders, sealed, sealed)
        except BaseException:
            _roll_back(home, folders, sealed, PlainCodec())
            keys.forget_key()
            crypto.destroy_key_file(home)
            _clear_journal(home)
            raise
        _clear_journal(home)
    return ProtectResult("set", len(folders))


def change_passphrase(passphrase: str) -> ProtectResult:
    """Rewrap the data key with a new passphrase (asks for the current one); the data is not touched.

    The new key file replaces the old in one rename: at any moment exactly
    one of the two passphrases opens the data.
    """
    home = data_home()
    keyfile = _required_key_file(home)
    key = keys.unlock(home, keyfile)
    keys.check_strength(passphrase)
    crypto.write_key_file(home, crypto.wrap_key(key, passphrase, key_id=keyfile.key_id))
    return ProtectResult("changed", len(case_folders(home)))


def remove_passphrase() -> ProtectResult:
    """Open every case back to plain storage (asks for the passphrase), then destroy the key."""
    home = data_home()
    keyfile = _required_key_file(home)
    sealed = SealedCodec(keys.unlock(home, keyfile), keyfile.key_id)
    with keys.exclusive_lock(home):
        folders = case_folders(home)
        _check_all(folders, sealed)
        _write_journal(home, KeyChange("remove", keyfile.key_id))
        try:
            _bring_all(folders, sealed, PlainCodec())
        except BaseException:
            _roll_back(home, folders, sealed, sealed)
            _clear_journal(home)
            raise
        crypto.destroy_key_file(home)
        _clear_journal(home)
    keys.forget_key()
    return ProtectResult("removed", len(folders))


def _roll_back(home: Path, folders: list[Path], sealed: SealedCodec, target: Codec) -> None:
    """Put every case back as it was; if even that fails, the journal stays for the next run to finish."""
    try:
        _bring_all(folders, sealed, target)
    except BaseException as error:
        raise StoreError(
            "Changing the passphrase failed, and so did undoing it; the next command will finish it.",
            hint="Free some disk space if it is full, then run any command (it asks for the new passphrase).",
        ) from error


def _required_key_file(home: Path) -> crypto.KeyFile:
    keyfile = crypto.read_key_file(home)
    if keyfile is None:
        raise LeaveMeAloneError("No passphrase is set.", hint=f"Set one with: {suggest.PROTECT}")
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


# --- wiping ------------------------------------------------------------------------------------


def wipe() -> WipeResult:
    """Delete everything the tool stored; the wrapped key goes first, so copies stay unreadable.

    Waits a few seconds for other windows to finish, and refuses (nothing
    deleted) if one is still running. The default data folder is removed
    whole. A folder chosen with ``LEAVEMEALONE_HOME`` may hold other things
    (a USB stick), so there only what the tool made is removed, and anything
    else is reported.
    """
    home = data_home()
    if not home.exists():
        return WipeResult(home, 0, False, [])
    lock = home / keys.LOCK_FILE
    with keys.exclusive_lock(home, wait=WIPE_WAIT_SECONDS):
        key_destroyed = crypto.destroy_key_file(home)
        keys.forget_key()
        ours_only = bool(os.environ.get(HOME_VARIABLE, "").strip())
        deleted = 0
        for entry in sorted(home.iterdir()):
            if entry.name == keys.LOCK_FILE or (ours_only and not _made_by_us(entry)):
                continue
            deleted += delete_tree(entry)
        try:
            lock.unlink()  # while held: a window waiting for it sees it is gone and takes the new one
        except OSError:  # pragma: no cover - Windows keeps an open file
            pass
    lock.unlink(missing_ok=True)
    left = sorted(home.iterdir())
    if not left:
        home.rmdir()
    return WipeResult(home, deleted, key_destroyed, left)


def _made_by_us(entry: Path) -> bool:
    ours = (CASES_DIR, crypto.KEY_FILE, JOURNAL_FILE, keys.LOCK_FILE)
    return entry.name in ours or entry.name.startswith(SCRATCH_PREFIX) or entry.name.endswith(".partial")


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
