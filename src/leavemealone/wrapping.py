"""Text wrapped for a terminal between words: never inside a word, and never inside a command line.

Errors, hints, the end of the walk and ``help-now`` wrap here. A command
line the tool suggests (``leavemealone notice --delivered-on DATE``) and
a quoted phrase stay on one row when they fit; a single word longer than
the row (a long path) is left whole for the terminal to wrap. Standard
library only, without regular expressions: ``help-now`` loads it before
anything else.
"""

from __future__ import annotations

from leavemealone.suggest import PROGRAM

_QUOTES = "'\"`"
# What may follow a closing quote or end a command line inside a sentence.
_AFTER = ".,;:!?)]"


def wrap_words(text: str, width: int, *, hang: str = "") -> str:
    """``text`` wrapped at ``width`` columns, each row of it separately, keeping its indent.

    A row that goes on is indented by the row's own indent plus ``hang``.
    """
    rows: list[str] = []
    for row in text.split("\n"):
        indent = row[: len(row) - len(row.lstrip(" "))]
        # Split at plain spaces only: a non-breaking space joins what must stay together.
        words = [word for word in row.split(" ") if word]
        rows.extend(_wrap_row(words, width, indent, indent + hang))
    return "\n".join(rows)


def _wrap_row(words: list[str], width: int, first: str, rest: str) -> list[str]:
    rows: list[str] = []
    current = ""

    def place(piece: str) -> None:
        nonlocal current
        if current and len(current) + 1 + len(piece) > width:
            rows.append(current)
            current = rest + piece
        else:
            current = f"{current} {piece}" if current else first + piece

    for unit in _units(words):
        whole = " ".join(unit)
        # A unit too long for a fresh row is laid out word by word, never cut inside a word.
        if len(unit) > 1 and len(rest) + len(whole) > width:
            for word in unit:
                place(word)
        else:
            place(whole)
    rows.append(current)
    return rows


def _units(words: list[str]) -> list[list[str]]:
    """The words in groups that stay on one row: a quoted phrase, a command line, or a single word."""
    units = []
    index = 0
    while index < len(words):
        end = _end_of_quote(words, index) or _end_of_command(words, index) or index + 1
        units.append(words[index:end])
        index = end
    return units


def _end_of_quote(words: list[str], start: int) -> int | None:
    """Past the word that closes a quote opened at ``words[start]``; None if it is not one."""
    word = words[start].lstrip("(")
    if len(word) < 1 or word[0] not in _QUOTES:
        return None
    quote = word[0]
    if len(word) > 1 and word.rstrip(_AFTER).endswith(quote):
        return None  # opened and closed in one word
    for index in range(start + 1, len(words)):
        if words[index].rstrip(_AFTER).endswith(quote):
            return index + 1
    return None


def _end_of_command(words: list[str], start: int) -> int | None:
    """Past the last word of a command line starting at ``words[start]``; None if none starts there.

    It runs to the end of the row, or to a word that ends the sentence or
    the clause (``.``, ``,``, ``;``, ``)``).
    """
    if words[start].lstrip("(") != PROGRAM:
        return None
    for index in range(start + 1, len(words)):
        if words[index][-1] in _AFTER:
            return index + 1
    return len(words)
