"""``help-now``'s printer: the emergency numbers, at once, with the standard library alone.

``__main__`` calls it before typer loads, so nothing here may import typer,
rich, yaml, jinja2 or platformdirs.
"""

from __future__ import annotations

import os
import sys

from leavemealone.resources.hotlines import HOTLINES_FILE, emergency_text, help_now_text

# Printed if the data file cannot be read, so the most important numbers never depend on it.
_FALLBACK = """\
If you are in danger right now, call 911.

National Domestic Violence Hotline: call 1-800-799-7233, or text START to 88788.
988 Suicide & Crisis Lifeline: call or text 988.
"""


EVERY_LINE_FLAG = "--all"


def fast_path(arguments: list[str]) -> int | None:
    """Print the numbers for ``help-now`` or ``help-now --all``; None for anything else (typer's turn)."""
    if arguments in ([], [EVERY_LINE_FLAG]):
        return print_help_now(every_line=bool(arguments))
    return None


def screen_width() -> int:
    """The terminal's width (``COLUMNS`` first), or 80 when the output is not a terminal."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 80


def print_help_now(path: str = HOTLINES_FILE, *, every_line: bool = False) -> int:
    """Print the emergency numbers, wrapped at the terminal's width; return the exit code.

    By default it fits one 80x24 screen, 911 first; ``every_line`` prints
    every line in full. If the data file is damaged the core numbers are
    still printed, then the problem is named on stderr and the exit code is 1.
    """
    build = emergency_text if every_line else help_now_text
    try:
        text = build(path, width=screen_width())
    except (OSError, ValueError, KeyError, TypeError) as error:
        sys.stdout.write(_FALLBACK)
        sys.stdout.flush()
        sys.stderr.write(f"The full list of lines could not be read ({error}).\n")
        return 1
    sys.stdout.write(text)
    sys.stdout.flush()
    return 0
