"""The unlocked key for this run: asking for the passphrase once, and the lock on the data folder.

The lock is ``portalocker``'s (flock on Linux and macOS, LockFileEx on
Windows): every command that opens a case holds it shared for its run;
``protect``, ``restore`` and ``wipe`` hold it alone.

The passphrase comes from ``LEAVEMEALONE_PASSPHRASE`` or is asked through a
prompt the CLI registers (``use_prompt``); with neither, the error names the
variable. ``cli.run`` forgets the key and lets go of the folder at the start
and end of every run.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TypeVar

from leavemealone.errors import LeaveMeAloneError, NeedsInputError, StoreError
from leavemealone.files import make_private
from leavemealone.paths import ensure_private_dir
from leavemealone.store.crypto import KeyFile, WrongPassphrase, unwrap_key

PASSPHRASE_VARIABLE = "LEAVEMEALONE_PASSPHRASE"
NEW_PASSPHRASE_VARIABLE = "LEAVEMEALONE_NEW_PASSPHRASE"
MIN_PASSPHRASE_LENGTH = 8
LOCK_FILE = "lock"
LOCK_WAIT_SECONDS = 5.0
_POLL_SECONDS = 0.05

PassphrasePrompt = Callable[[str], str]
"""Asks for a passphrase with hidden input and returns what was typed."""

_prompt: PassphrasePrompt | None = None
# The unlocked data key (data folder, key id, key), and the shared locks that
# tell another window the data is in use.
_session: tuple[Path, str, bytes] | None = None
_held_locks: list[IO[bytes]] = []


def remember(home: Path, key_id: str, key: bytes) -> None:
    """Keep the unlocked key for the rest of this run, so the passphrase is asked once."""
    global _session
    _session = (home.resolve(), key_id, key)


def forget_key() -> None:
    """Drop the unlocked key."""
    global _session
    _session = None


def forget_session() -> None:
    """Drop the unlocked key and let go of the data folder."""
    forget_key()
    _release_held()


def _release_held() -> None:
    while _held_locks:
        handle = _held_locks.pop()
        handle.close()  # closing lets go of the lock


def hold_shared_lock(home: Path, *, tidy: Callable[[], object] | None = None) -> None:
    """Mark the data folder in use until the run ends, so ``protect`` or ``wipe`` elsewhere waits.

    When no other command is running at that moment, ``tidy`` runs first,
    alone: only then can leftovers of a crash be removed without touching
    a file another command is still writing.
    """
    if _held_locks:
        return
    alone = _acquire(home, exclusive=True, wait=0)
    if alone is not None:
        try:
            if tidy is not None:
                tidy()
        finally:
            alone.close()
    handle = _acquire(home, exclusive=False, wait=LOCK_WAIT_SECONDS)
    if handle is None:
        raise StoreError(
            "Another leavemealone window is changing how your data is locked, or deleting it.",
            hint="Let it finish, then try again.",
        )
    _held_locks.append(handle)


@contextmanager
def exclusive_lock(home: Path, *, wait: float = 0.0) -> Iterator[IO[bytes]]:
    """Hold the data folder alone (no other window may read or write), waiting up to ``wait`` seconds."""
    _release_held()  # this run's own shared lock would otherwise block it
    handle = _acquire(home, exclusive=True, wait=wait)
    if handle is None:
        raise StoreError(
            "Another leavemealone window is using your data, so nothing was changed.",
            hint="Close the other window (or let it finish), then try again.",
        )
    try:
        yield handle
    finally:
        handle.close()


def _acquire(home: Path, *, exclusive: bool, wait: float) -> IO[bytes] | None:
    """The lock file, locked, or None when another window holds it for longer than ``wait`` seconds.

    ``wipe`` deletes the lock file while holding it; a lock taken on a file
    that is no longer there locks nothing, so it is taken again on the new one.
    """
    import portalocker

    flags = (portalocker.LockFlags.EXCLUSIVE if exclusive else portalocker.LockFlags.SHARED)
    deadline = time.monotonic() + wait
    while True:
        ensure_private_dir(home)
        path = home / LOCK_FILE
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        make_private(descriptor)
        handle = os.fdopen(descriptor, "r+b")
        try:
            portalocker.lock(handle, flags | portalocker.LockFlags.NON_BLOCKING)
        except portalocker.exceptions.LockException:
            handle.close()
            if time.monotonic() >= deadline:
                return None
            time.sleep(_POLL_SECONDS)
            continue
        if _still_there(handle, path):
            return handle
        handle.close()


def _still_there(handle: IO[bytes], path: Path) -> bool:
    try:
        mine, named = os.fstat(handle.fileno()), path.stat()
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (named.st_dev, named.st_ino)


def unlock(home: Path, keyfile: KeyFile) -> bytes:
    """The data key of ``home``: from this run's memory, else from the passphrase (asked once)."""
    if _session is not None and _session[0] == home.resolve() and _session[1] == keyfile.key_id:
        return _session[2]
    _passphrase, key = open_with_passphrase(lambda typed: unwrap_key(keyfile, typed))
    remember(home, keyfile.key_id, key)
    return key


def use_prompt(prompt: PassphrasePrompt | None) -> None:
    """Say how to ask for a passphrase this run (the CLI registers hidden terminal input).

    Without one, a passphrase can only come from ``LEAVEMEALONE_PASSPHRASE``,
    and asking is a clear error naming that variable.
    """
    global _prompt
    _prompt = prompt


Opened = TypeVar("Opened")
# What each prompt says first: nothing the first time, then that the last one did not open.
_PROMPTS = (
    "",
    "That passphrase is not right. Check Caps Lock and try again.\n",
    "Not right either. One more try; check Caps Lock and the keyboard layout.\n",
)
PASSPHRASE_TRIES = len(_PROMPTS)
# After the last try: no word of deleting anything (a frightened person may just be mistyping).
LAST_TRY_HINT = (
    "Check Caps Lock and the keyboard layout, then run the command again. A forgotten passphrase "
    "cannot be recovered, and nothing else opens what it locks."
)


def open_with_passphrase(
    open_with: Callable[[str], Opened], prompt: str = "Passphrase: "
) -> tuple[str, Opened]:
    """The passphrase the user already chose, and what ``open_with`` opened with it.

    ``open_with`` raises ``WrongPassphrase`` for a passphrase that does not
    open. ``$LEAVEMEALONE_PASSPHRASE`` wins and is tried once; otherwise it
    is asked through the registered prompt, up to ``PASSPHRASE_TRIES`` times,
    each new prompt saying the last one was not right (a typo is far likelier
    than a forgotten passphrase). With no prompt, it is a clear error naming
    the variable.
    """
    given = os.environ.get(PASSPHRASE_VARIABLE)
    if given:
        try:
            return given, open_with(given)
        except WrongPassphrase as wrong:
            raise WrongPassphrase(
                wrong.message, hint=f"It came from {PASSPHRASE_VARIABLE}; check what that variable holds."
            ) from None
    unavailable = "Your data is locked with a passphrase, and there is no terminal to ask for it in."
    for attempt, asking in enumerate(_PROMPTS, start=1):
        typed = ask_passphrase(asking + prompt, unavailable)
        if not typed:
            raise LeaveMeAloneError("No passphrase was typed, so nothing was opened.")
        try:
            return typed, open_with(typed)
        except WrongPassphrase as wrong:
            if attempt == PASSPHRASE_TRIES:
                raise WrongPassphrase(wrong.message, hint=LAST_TRY_HINT) from None
    raise AssertionError("unreachable")  # pragma: no cover - the last try returns or raises


def ask_passphrase(prompt: str, unavailable: str, variable: str = PASSPHRASE_VARIABLE) -> str:
    """Ask through the registered prompt; ``unavailable`` is the error when nothing can ask."""
    if _prompt is None:
        raise NeedsInputError(
            unavailable,
            hint=f"Run it in a terminal, or set {variable} (other programs you run can read it).",
        )
    return _prompt(prompt)


def check_strength(passphrase: str) -> None:
    """Refuse a passphrase too short to stand up to guessing on a shared computer."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise LeaveMeAloneError(
            f"A passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters.",
            hint="A few unrelated words are easy to remember and hard to guess.",
        )
