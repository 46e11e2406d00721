"""``help-now``'s printer: the emergency numbers, at once, with the standard library alone.

``__main__`` calls it before typer loads, so nothing here may import typer,
rich, yaml, jinja2 or platformdirs.
"""

from __future__ import annotations

import os
import sys

from leavemealone.cli import discreet
from leavemealone.resources.hotlines import HOTLINES_FILE, emergency_text, help_now_text
from leavemealone.suggest import HELP

# Printed if the data file cannot be read, so the most important numbers never depend on it.
_FALLBACK = """\
If you are in danger right now, call 911.

National Domestic Violence Hotline: call 1-800-799-7233, or text START to 88788.
988 Suicide & Crisis Lifeline: call or text 988.
"""


EVERY_LINE_FLAG = "--all"
HELP_NOW_COMMAND = "help-now"
# `leavemealone help` (a guess at help-now, or at --help) gets the numbers too, and where the commands are.
HELP_COMMAND = "help"
COMMANDS_LINE = f"Every command, and what it does: {HELP}"
_HELP_OPTIONS = ("-h", "--help")
NOT_UNDERSTOOD = "Not understood, so left out:"


def fast_path(arguments: list[str]) -> int | None:
    """Answer ``help-now`` or ``help`` (after any ``--discreet``) before typer loads; None: typer's turn.

    Only ``help-now --help`` goes on to typer, for the command's help.
    """
    words = list(arguments)
    while words[:1] == [discreet.DISCREET_OPTION]:
        words.pop(0)
    if not words or words[0] not in (HELP_NOW_COMMAND, HELP_COMMAND):
        return None
    command, rest = words[0], words[1:]
    if command == HELP_NOW_COMMAND and any(word in _HELP_OPTIONS for word in rest):
        return None
    discreet.begin(arguments)
    interrupted = True
    try:
        code = answer(command, rest)
        interrupted = False
    finally:
        discreet.finish(interrupted=interrupted)
    return code


def answer(command: str, words: list[str]) -> int:
    """Print the numbers for ``help-now WORDS`` or ``help WORDS``, whatever the words; return the exit code.

    The numbers never wait on the words being right: ``help-now`` prints
    them first, then names on stderr what it did not understand. ``help``
    adds where the list of commands is.
    """
    if command == HELP_COMMAND:
        code = print_help_now()
        sys.stdout.write(COMMANDS_LINE + "\n")
        sys.stdout.flush()
        return code
    every_line = EVERY_LINE_FLAG in words
    code = print_help_now(every_line=every_line)
    unclear = [word for word in words if word not in (EVERY_LINE_FLAG, discreet.DISCREET_OPTION)]
    if unclear:
        # One row, so the numbers' first row stays on an 80x24 screen (the last row above says --all).
        shown = " ".join("".join(c if c.isprintable() else "?" for c in word) for word in unclear)
        line = f"{NOT_UNDERSTOOD} {shown}."
        room = max(screen_width(), 40) - 1
        sys.stderr.write((line if len(line) <= room else line[: room - 3] + "...") + "\n")
        sys.stderr.flush()
    return code


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
    every line in full, and then the first three again, so they are on
    the last screen. If the data file is damaged the core numbers are
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
