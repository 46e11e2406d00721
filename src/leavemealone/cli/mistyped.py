"""Words a command does not take, answered with what was probably meant.

``leavemealone notice pdf`` and ``leavemealone log add "he called"`` are
easy slips; typer alone says only "Got unexpected extra argument(s)". The
commands below collect such words (``TAKES_EXTRA_WORDS``) and refuse them
here with the command line that does what the person was after, taken
from ``suggest``.
"""

from __future__ import annotations

from pathlib import PurePath

# Context settings for a command whose stray words are explained here rather than by typer.
TAKES_EXTRA_WORDS = {"allow_extra_args": True}


def refuse_document_words(words: list[str], *, name: str) -> None:
    """Refuse stray words after a document command, pointing a format or a file name at its option."""
    if not words:
        return
    from leavemealone import suggest
    from leavemealone.documents.formats import EXTENSIONS, FORMATS
    from leavemealone.errors import UsageError

    word = words[0]
    fmt = word.lower().lstrip(".")
    shown = " ".join(words)
    if fmt in FORMATS and fmt != "terminal":
        hint = (
            f"To make it as a {fmt.upper()} file: {suggest.document_format(name, fmt)} "
            f"(or choose the file: {suggest.document_output(name, f'{name}.{fmt}')})"
        )
    elif PurePath(word).suffix.lower() in EXTENSIONS or "/" in word:
        hint = f"To save it to that file: {suggest.document_output(name, word)}"
    else:
        hint = f"What it takes: {suggest.document_help(name)}"
    raise UsageError(f"'{shown}' is not something this command takes on its own.", hint=hint)


def refuse_log_add_words(words: list[str], *, what_given: bool) -> None:
    """Refuse stray words after ``log add``: text on its own is what happened, which goes after --what."""
    if not words:
        return
    from leavemealone import suggest
    from leavemealone.errors import UsageError

    text = " ".join(words)
    if what_given:
        raise UsageError(
            f"'{text}' is not something log add takes on its own, so nothing was saved.",
            hint=f"Put all of what happened in quotes after --what. What it takes: {suggest.LOG_ADD_HELP}",
        )
    raise UsageError(
        "What happened goes after --what, so nothing was saved.",
        hint=f"For example: {suggest.log_add_what(text)}. To keep it out of your shell's history, "
        f"use {suggest.LOG_ADD_TYPED} and type it, or run {suggest.LOG_ADD} alone to be asked.",
    )
