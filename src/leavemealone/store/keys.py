"""The unlocked key for this run: asking for the passphrase once, and the lock on the data folder.

The passphrase comes from ``LEAVEMEALONE_PASSPHRASE`` or is asked through a
prompt the CLI registers (``use_prompt``); with neither, the error names the
variable. ``cli.run`` forgets the key and lets go of the folder at the start
and end of every run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from leavemealone.errors import LeaveMeAloneError, NeedsInputError, StoreError
from leavemealone.files import make_private
from leavemealone.store.crypto import KeyFile, unwrap_key

PASSPHRASE_VARIABLE = "LEAVEMEALONE_PASSPHRASE"
NEW_PASSPHRASE_VARIABLE = "LEAVEMEALONE_NEW_PASSPHRASE"
MIN_PASSPHRASE_LENGTH = 8
LOCK_FILE = "lock"

PassphrasePrompt = Callable[[str], str]
"""Asks for a passphrase with hidden input and returns what was typed."""

_prompt: PassphrasePrompt | None = None
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


def use_prompt(prompt: PassphrasePrompt | None) -> None:
    """Say how to ask for a passphrase this run (the CLI registers hidden terminal input).

    Without one, a passphrase can only come from ``LEAVEMEALONE_PASSPHRASE``,
    and asking is a clear error naming that variable.
    """
    global _prompt
    _prompt = prompt


def current_passphrase(prompt: str = "Passphrase: ") -> tuple[str, str]:
    """The passphrase the user already chose, and the hint to show if it is wrong.

    ``$LEAVEMEALONE_PASSPHRASE`` wins; otherwise it is asked through the
    registered prompt; with none, it is a clear error naming the variable.
    """
    given = os.environ.get(PASSPHRASE_VARIABLE)
    if given:
        return given, f"It came from {PASSPHRASE_VARIABLE}; check what that variable holds."
    passphrase = ask_passphrase(
        prompt, "Your data is locked with a passphrase, and there is no terminal to ask for it in."
    )
    if not passphrase:
        raise LeaveMeAloneError("No passphrase was typed, so nothing was opened.")
    return passphrase, (
        "Check Caps Lock and try again. A forgotten passphrase cannot be recovered; "
        "'leavemealone wipe' deletes everything so you can start over."
    )


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
