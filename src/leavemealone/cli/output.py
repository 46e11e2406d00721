"""Messages for the person at the terminal, wrapped between words at its width (never inside a word).

Errors, hints and the short lines a command prints pass here; a document,
a table or an export is printed as it is. Output that is not a terminal
(a pipe, a file, a test) gets each message on one line.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

import typer

from leavemealone.wrapping import wrap_words


def terminal_width(stream: TextIO) -> int | None:
    """The width of the terminal ``stream`` writes to; None when it is not a terminal."""
    try:
        if not stream.isatty():
            return None
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return None


def fit(text: str, stream: TextIO, *, hang: str = "") -> str:
    """``text`` wrapped for ``stream``'s terminal (command lines and quoted phrases kept whole)."""
    width = terminal_width(stream)
    return text if width is None else wrap_words(text, max(width, 20), hang=hang)


def say(text: str, *, err: bool = False, hang: str = "") -> None:
    """Print a message on stdout (or stderr), wrapped between words at the terminal's width."""
    typer.echo(fit(text, sys.stderr if err else sys.stdout, hang=hang), err=err)
