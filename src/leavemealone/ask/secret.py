"""Passphrases typed at the terminal: hidden input, and a new one typed twice.

The store asks through ``keys.use_prompt``; the CLI registers ``hidden_input``
there, so nothing below the CLI reads the keyboard itself.
"""

from __future__ import annotations

import os
import sys

from leavemealone.errors import LeaveMeAloneError, NeedsInputError
from leavemealone.store import keys

PROMPT_TRIES = 3


def hidden_input(prompt: str) -> str:
    """Read a line without echoing it; no terminal is a clear error, never a hang."""
    import getpass

    if not sys.stdin.isatty():
        raise NeedsInputError(
            "A passphrase is needed and there is no terminal to ask for it in.",
            hint=f"Run it in a terminal, or set {keys.PASSPHRASE_VARIABLE} "
            "(other programs you run can read it).",
        )
    try:
        return getpass.getpass(prompt)
    except EOFError:
        _end_the_line()
        raise LeaveMeAloneError("No passphrase was typed, so nothing was changed or opened.") from None
    except KeyboardInterrupt:
        _end_the_line()  # else the shell's prompt follows "Passphrase: " on the same row
        raise


def _end_the_line() -> None:
    """End the prompt's row: a hidden read that is cut off never echoes the Enter that would."""
    if sys.stderr.isatty():
        sys.stderr.write("\n")
        sys.stderr.flush()


def new_passphrase(*, no_input: bool, variable: str = keys.NEW_PASSPHRASE_VARIABLE) -> str:
    """A new passphrase: from ``variable`` if set, else typed twice (hidden), else a clear error."""
    given = os.environ.get(variable)
    if given:
        keys.check_strength(given)
        return given
    if no_input or not sys.stdin.isatty():
        why = "nothing can be asked here" if no_input else "there is no terminal to ask for it in"
        raise NeedsInputError(
            f"A new passphrase is needed and {why}.",
            hint=f"Set {variable} (other programs you run can read environment variables).",
        )
    for attempt in range(1, PROMPT_TRIES + 1):
        first = hidden_input("New passphrase: ")
        try:
            keys.check_strength(first)
        except LeaveMeAloneError as error:
            if attempt == PROMPT_TRIES:
                raise
            print(error.message, file=sys.stderr)
            continue
        if hidden_input("Type it again: ") == first:
            return first
        if attempt == PROMPT_TRIES:
            break
        print("The two did not match. Please try again.", file=sys.stderr)
    raise LeaveMeAloneError("The passphrases typed did not match, so nothing was changed.")
