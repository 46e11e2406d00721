"""Discreet use: a neutral terminal title, and the screen and scrollback cleared when a run ends.

Standard library only, and nothing happens unless ``--discreet`` or
``LEAVEMEALONE_DISCREET=1`` asked for it.
"""

from __future__ import annotations

import os
import sys

# The typing module costs help-now's fast path (which clears the screen too) a fifth of its start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

DISCREET_VARIABLE = "LEAVEMEALONE_DISCREET"
DISCREET_OPTION = "--discreet"
NEUTRAL_TITLE = "Terminal"
# Home, clear the screen, clear the scrollback (xterm, VTE, iTerm2, Windows Terminal, macOS Terminal).
CLEAR = "\x1b[H\x1b[2J\x1b[3J"

_active = False


def requested(argv: list[str]) -> bool:
    """Whether this run asked for discreet use (the option, or the variable set to anything but 0)."""
    return DISCREET_OPTION in argv or os.environ.get(DISCREET_VARIABLE, "").strip() not in ("", "0")


def _terminal() -> TextIO | None:
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None and stream.isatty():
                return stream
        except (AttributeError, ValueError):
            continue
    return None


def _title(text: str) -> str:
    return f"\x1b]0;{text}\x07\x1b]2;{text}\x07"


def begin(argv: list[str]) -> None:
    """Start discreet use if asked: give the terminal window a neutral title."""
    global _active
    _active = requested(argv)
    terminal = _terminal()
    if _active and terminal is not None:
        terminal.write(_title(NEUTRAL_TITLE))
        terminal.flush()


def finish(*, interrupted: bool, terminal: TextIO | None = None) -> None:
    """End discreet use: clear the screen and scrollback, and leave the neutral title.

    After a normal end the user can first read what was printed: the screen
    is cleared when they press Enter. After Ctrl-C it is cleared at once.
    """
    global _active
    if not _active:
        return
    _active = False
    terminal = terminal or _terminal()
    if terminal is None:
        return
    if not interrupted and sys.stdin is not None and sys.stdin.isatty():
        terminal.write("\nPress Enter to clear the screen.")
        terminal.flush()
        try:
            sys.stdin.readline()
        except (KeyboardInterrupt, EOFError, OSError):
            pass
    terminal.write(CLEAR + _title(NEUTRAL_TITLE))
    terminal.flush()
