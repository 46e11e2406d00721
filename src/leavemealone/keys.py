"""The unlocked key for this run: asking for the passphrase once, and the lock on the data folder.

The passphrase comes from ``LEAVEMEALONE_PASSPHRASE`` or is asked with hidden
input; with neither, the error names the variable. ``cli.run`` forgets the
key and lets go of the folder at the start and end of every run.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from leavemealone.crypto import KeyFile, unwrap_key
from leavemealone.errors import LeaveMeAloneError, NeedsInputError, StoreError
from leavemealone.files import make_private

PASSPHRASE_VARIABLE = "LEAVEMEALONE_PASSPHRASE"
NEW_PASSPHRASE_VARIABLE = "LEAVEMEALONE_NEW_PASSPHRASE"
MIN_PASSPHRASE_LENGTH = 8
LOCK_FILE = "lock"
_PROMPT_TRIES = 3

# The unlocked data key (data folder, key id, key), and the shared locks that
# tell another window the data is in use.
_session: tuple[Path, str, bytes] | None = None
_held_locks: list[int] = []


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
    while _held_locks:
        os.close(_held_locks.pop())


def hold_shared_lock(home: Path) -> None:
    """Mark the data folder in use until the run ends, so ``protect`` in another window refuses to start."""
    if _held_locks:
        return
    descriptor = _lock(home, exclusive=False)
    if descriptor is not None:
        _held_locks.append(descriptor)


@contextmanager
def exclusive_lock(home: Path) -> Iterator[None]:
    """Hold the data folder alone while every case is re-sealed (no other window may write)."""
    while _held_locks:  # this run's own shared locks would otherwise block it
        os.close(_held_locks.pop())
    descriptor = _lock(home, exclusive=True)
    try:
        yield
    finally:
        if descriptor is not None:
            os.close(descriptor)


def _lock(home: Path, *, exclusive: bool) -> int | None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks, so no check
        return None
    descriptor = os.open(home / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        make_private(descriptor)
        fcntl.flock(descriptor, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        if exclusive:
            raise StoreError(
                "Another leavemealone window is using your data, so nothing was changed.",
                hint="Close the other window (or let it finish), then try again.",
            ) from None
        raise StoreError(
            "Another leavemealone window is changing how your data is locked.",
            hint="Let it finish, then try again.",
        ) from None
    return descriptor


def unlock(home: Path, keyfile: KeyFile) -> bytes:
    """The data key of ``home``: from this run's memory, else from the passphrase (asked once)."""
    if _session is not None and _session[0] == home.resolve() and _session[1] == keyfile.key_id:
        return _session[2]
    passphrase, hint = current_passphrase()
    key = unwrap_key(keyfile, passphrase, hint=hint)
    remember(home, keyfile.key_id, key)
    return key


def current_passphrase(prompt: str = "Passphrase: ") -> tuple[str, str]:
    """The passphrase the user already chose, and the hint to show if it is wrong.

    ``$LEAVEMEALONE_PASSPHRASE`` wins; otherwise it is asked with hidden
    input; with no terminal it is a clear error naming the variable.
    """
    given = os.environ.get(PASSPHRASE_VARIABLE)
    if given:
        return given, f"It came from {PASSPHRASE_VARIABLE}; check what that variable holds."
    _need_terminal(
        "Your data is locked with a passphrase, and there is no terminal to ask for it in.",
        PASSPHRASE_VARIABLE,
    )
    passphrase = _hidden_input(prompt)
    if not passphrase:
        raise LeaveMeAloneError("No passphrase was typed, so nothing was opened.")
    return passphrase, (
        "Check Caps Lock and try again. A forgotten passphrase cannot be recovered; "
        "'leavemealone wipe' deletes everything so you can start over."
    )


def new_passphrase(*, no_input: bool, variable: str = NEW_PASSPHRASE_VARIABLE) -> str:
    """A new passphrase: from ``variable`` if set, else typed twice (hidden), else a clear error."""
    given = os.environ.get(variable)
    if given:
        check_strength(given)
        return given
    if no_input:
        raise NeedsInputError(
            "A new passphrase is needed and --no-input forbids asking for one.",
            hint=f"Set {variable} (other programs you run can read environment variables).",
        )
    _need_terminal("A new passphrase is needed and there is no terminal to ask for it in.", variable)
    for attempt in range(1, _PROMPT_TRIES + 1):
        first = _hidden_input("New passphrase: ")
        try:
            check_strength(first)
        except LeaveMeAloneError as error:
            if attempt == _PROMPT_TRIES:
                raise
            print(error.message, file=sys.stderr)
            continue
        if _hidden_input("Type it again: ") == first:
            return first
        if attempt == _PROMPT_TRIES:
            break
        print("The two did not match. Please try again.", file=sys.stderr)
    raise LeaveMeAloneError("The passphrases typed did not match, so nothing was changed.")


def check_strength(passphrase: str) -> None:
    """Refuse a passphrase too short to stand up to guessing on a shared computer."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise LeaveMeAloneError(
            f"A passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters.",
            hint="A few unrelated words are easy to remember and hard to guess.",
        )


def _need_terminal(message: str, variable: str) -> None:
    if not sys.stdin.isatty():
        raise NeedsInputError(
            message,
            hint=f"Run it in a terminal, or set {variable} (other programs you run can read it).",
        )


def _hidden_input(prompt: str) -> str:
    import getpass

    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise LeaveMeAloneError("No passphrase was typed, so nothing was changed or opened.") from None
