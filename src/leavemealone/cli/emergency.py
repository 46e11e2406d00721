"""``help-now`` and ``help``: the emergency numbers (normally answered before the CLI loads)."""

from __future__ import annotations

from typing import Annotated

import typer

# Whatever else is on the line, the numbers come: unknown words are collected, never refused.
TAKES_ANY_WORDS = {"ignore_unknown_options": True, "allow_extra_args": True}


def help_now(
    context: typer.Context,
    every_line: Annotated[
        bool, typer.Option("--all", help="Every line in full: chat, websites, TTY and hours.")
    ] = False,
) -> None:
    """Emergency numbers and hotlines, at once.

    Nothing to unlock. In danger right now? Call 911.

    911, the Domestic Violence Hotline and 988 come first, and it all fits
    one small terminal screen.

    Example: leavemealone help-now
    """
    from leavemealone.cli.help_now import EVERY_LINE_FLAG, HELP_NOW_COMMAND, answer

    words = [EVERY_LINE_FLAG] if every_line else []
    raise typer.Exit(answer(HELP_NOW_COMMAND, words + list(context.args)))


def help_words(context: typer.Context) -> None:
    """The emergency numbers, and where the list of commands is.

    For anyone who types help: the numbers come first, whatever follows.

    Example: leavemealone help
    """
    from leavemealone.cli.help_now import HELP_COMMAND, answer

    raise typer.Exit(answer(HELP_COMMAND, list(context.args)))
